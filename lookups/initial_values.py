"""The values each list ships with: ``(code, label)``, or ``(code, label, RETIRED)`` for a value that
labels what the portal sends but is never offered for choosing.

The Claims Portal's lists carry the codes of its public R7 contract (exit reasons, loss types;
docs/claims-portal.md marks which meanings are published and which are ours). The OIC's own lists
are not public: these are our best reading of public sources, marked as
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
    # Codes 2-8 and 10-14 are the representative's (R7 code set); 1 and 9 are the compensator's only, so
    # they label an exit the compensator made but are never offered. Meanings of 9-14 are not published.
    ValueList.CP_EXIT_REASON: [
        ("2", "Value of the claim below the protocol lower limit (£1,000)"),
        ("3", "Value of the claim above the protocol upper limit (£25,000)"),
        ("4", "Claim too complex for the process"),
        ("5", "Withdrawal of the claim"),
        ("6", "Duplicated claim"),
        ("7", "Withdrawal of an offer"),
        ("8", "Interim payment for a child claimant"),
        ("10", "Other (give the reason)"),
        ("11", "Other reason, code 11 (give the reason)"),
        ("12", "Other reason, code 12 (give the reason)"),
        ("13", "Other reason, code 13 (give the reason)"),
        ("14", "Other reason, code 14 (give the reason)"),
        ("1", "Incomplete information on the claim notification form", RETIRED),
        ("9", "Other (compensator)", RETIRED),
    ],
    # The portal's printable documents by type, and what the firm sends as attachments.
    ValueList.CP_DOCUMENT_CATEGORY: [
        ("MedicalReport", "Medical report"),
        ("EvidenceOfLosses", "Evidence of losses"),
        ("Correspondence", "Correspondence"),
        ("Photographs", "Photographs and dashcam footage"),
        ("Other", "Other"),
        ("CNF", "Claim Notification Form", RETIRED),
        ("InsurerResponse", "Claim Notification Form with the insurer's response", RETIRED),
        ("ISP", "Interim Settlement Pack", RETIRED),
        ("S2SP", "Stage 2 Settlement Pack", RETIRED),
        ("S2SPResponse", "Stage 2 Settlement Pack with the compensator's response", RETIRED),
    ],
    # LossType of the settlement packs (R7 codes; 12 and 16 are not published, so never offered).
    ValueList.CP_LOSS_TYPE: [
        ("0", "Policy excess"),
        ("1", "Loss of use"),
        ("2", "Car hire"),
        ("3", "Repair costs"),
        ("4", "Fares"),
        ("5", "Medical expenses"),
        ("6", "Clothing"),
        ("7", "Care"),
        ("8", "Claimant's lost earnings"),
        ("9", "Employer's lost earnings"),
        ("10", "Other losses"),
        ("11", "General damages"),
        ("13", "Disadvantage on the labour market"),
        ("14", "Loss of congenial employment"),
        ("15", "Future losses"),
        ("12", "Code 12 (meaning not published)", RETIRED),
        ("16", "Code 16 (meaning not published)", RETIRED),
    ],
}
