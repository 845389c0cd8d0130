"""The values each list ships with: ``(code, label)``, or ``(code, label, RETIRED)`` for a value that
labels what the portal sends but is never offered for choosing.

The OIC's own lists are not public: these are our best reading of public sources, marked as
assumptions in docs/oic-simulator.md. Administrators can relabel, reorder, retire and add values;
codes are what the portals receive.
"""

from lookups.models import ValueList

RETIRED = False

INITIAL_VALUES: dict[str, list[tuple]] = {
    ValueList.EMPLOYMENT_STATUS: [
        ("Employed", "Employed (full time)"),
        ("EmployedPartTime", "Employed (part time)"),
        ("SelfEmployed", "Self-employed"),
        ("ZeroHours", "Employed on a zero-hours contract"),
        ("Apprentice", "Apprentice"),
        ("ArmedForces", "Member of the armed forces"),
        ("Unemployed", "Unemployed"),
        ("Student", "Student"),
        ("Retired", "Retired"),
        ("CarerOrHomemaker", "Carer or homemaker"),
        ("UnableToWork", "Unable to work (illness or disability)"),
        ("Volunteer", "Volunteer"),
        ("Other", "Other"),
    ],
    ValueList.ACCIDENT_TYPE: [
        ("HitInRear", "Hit in the rear"),
        ("PullingOutOfSideRoad", "Pulling out of a side road"),
        ("ChangingLanes", "Changing lanes"),
        ("ConcertinaCollision", "Concertina collision"),
        ("HitWhileParked", "Hit while parked"),
        ("HitByOncomingVehicle", "Hit by an oncoming vehicle"),
        ("Other", "Other"),
    ],
    ValueList.BODY_PART: [
        ("Neck", "Neck"),
        ("Back", "Back"),
        ("Shoulder", "Shoulder"),
        ("Head", "Head"),
        ("Face", "Face"),
        ("Chest", "Chest"),
        ("Arm", "Arm"),
        ("Elbow", "Elbow"),
        ("Wrist", "Wrist"),
        ("Hand", "Hand"),
        ("Hip", "Hip"),
        ("Leg", "Leg"),
        ("Knee", "Knee"),
        ("Ankle", "Ankle"),
        ("Foot", "Foot"),
        ("Other", "Other"),
    ],
    ValueList.NO_REPAIR_REASON: [
        ("AlreadyRepaired", "Vehicle already repaired"),
        ("ArrangedOwnRepair", "Client arranging repairs privately"),
        ("InsurerRepairing", "An insurer is arranging the repairs"),
        ("WrittenOff", "Vehicle written off"),
        ("NoDamage", "No damage to the vehicle"),
        ("Other", "Other"),
    ],
    ValueList.NO_HIRE_REASON: [
        ("NotNeeded", "Does not need a vehicle"),
        ("OtherVehicleAvailable", "Has the use of another vehicle"),
        ("InsurerProvided", "An insurer has provided a replacement"),
        ("VehicleDriveable", "Vehicle still driveable"),
        ("Other", "Other"),
    ],
    ValueList.LOSS_TYPE: [
        ("VehicleRepair", "Vehicle repair"),
        ("PreAccidentValue", "Pre-accident value of the vehicle"),
        ("PolicyExcess", "Policy excess"),
        ("VehicleHire", "Vehicle hire"),
        ("RecoveryAndStorage", "Recovery and storage"),
        ("TravelExpenses", "Travel expenses"),
        ("Medication", "Medication and prescriptions"),
        ("TreatmentCosts", "Treatment costs"),
        ("LossOfEarnings", "Loss of earnings"),
        ("ClothingAndPersonalItems", "Damaged clothing and personal items"),
        ("Care", "Care and assistance"),
        ("Other", "Other"),
    ],
    ValueList.DOCUMENT_CATEGORY: [
        ("SCNF", "Small Claim Notification Form"),
        ("SignedDocument", "Signed Document"),
        ("MedicalReport", "Medical report"),
        ("EvidenceOfLosses", "Evidence of losses"),
        ("EvidenceOfFees", "Evidence of fees"),
        ("CompensatorResponse", "Compensator response"),
        ("DefendantVersionOfEvents", "Defendant's version of events"),
        ("CourtOrder", "Court order"),
        ("Other", "Other"),
    ],
    ValueList.MESSAGE_CATEGORY: [
        ("General", "General"),
        ("Medical", "Medical"),
        ("Offer", "Offer and settlement"),
        ("Court", "Court"),
        ("Withdrawal", "Withdrawal"),
        # Categories only the portal and the compensator use: shipped retired, so they label
        # incoming messages but are never offered for sending.
        ("CompResponseCategory", "Compensator response", RETIRED),
        ("Liability decision", "Liability decision", RETIRED),
        ("Claim Removed", "Claim removed", RETIRED),
        ("System", "System notification", RETIRED),
    ],
    ValueList.EXIT_REASON: [
        ("ComplexIssues", "Complex issues of fact or law"),
        ("ValueAboveLimit", "Claim value above the small claims limits"),
        ("ChildOrProtectedParty", "Claimant is a child or a protected party"),
        ("VulnerableRoadUser", "Claimant was a vulnerable road user"),
        ("UntracedDriver", "Untraced driver"),
        ("ForeignVehicle", "Vehicle registered outside the UK"),
        ("ClaimantBankrupt", "Claimant is bankrupt"),
        ("Limitation", "Proceedings needed to protect limitation"),
        ("ClientInstructions", "Client no longer wishes to proceed"),
        ("Other", "Other (give the reason)"),
    ],
}
