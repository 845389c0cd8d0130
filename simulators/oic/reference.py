"""Value lists of the simulated portal: statuses, reasons, categories and SCNF enumerations.

Where a value was seen in public integration code it is used verbatim; the rest are our
assumptions, listed in docs/oic-simulator.md so they can be replaced by the official lists.
"""

SYSTEM_AUTHOR = "Official Injury Claim"

# Statuses where the claim is closed on the portal.
RESOLVED_PREFIX = "Resolved-"

# Statuses where the claimant representative must act: an assignment is opened on entry
# with these instructions and closed on exit. Periods are business days (goal, deadline)
# and are configurable (SimConfig.assignment_periods).
CLAIMANT_ACTIONS: dict[str, tuple[str, int, int]] = {
    "Pending-LiabilityRejected": (
        "The compensator has denied liability. Accept the denial or take the claim to court on liability.",
        15,
        20,
    ),
    "Pending-Medical": ("Liability has been admitted. Obtain a medical report and upload it.", 30, 60),
    "Pending-MedCausation": (
        "Liability is admitted but causation is disputed. Obtain a medical report and upload it.",
        30,
        60,
    ),
    "Pending-MedicalAfterCourt": (
        "The court has decided liability. Obtain a medical report and upload it.",
        30,
        60,
    ),
    "Pending-CheckMedical": ("Check the medical report for factual accuracy.", 5, 10),
    "Pending-ProceedClaim": (
        "Decide whether to release the medical report and ask for an offer, wait out the prognosis "
        "period or obtain a further report.",
        10,
        20,
    ),
    "Pending-WaitPrognosisMedical": (
        "The claim is waiting for the prognosis period to end. Release the report when ready.",
        60,
        120,
    ),
    "Pending-ReviewOffer": ("Review the compensator's offer: accept it, counter it or go to court.", 15, 20),
    "Pending-WaitPrognosisOffer": (
        "The claim waits for the prognosis period to end at the offer stage. Answer the offer when ready.",
        60,
        120,
    ),
    "Pending-CausationNoOffer": (
        "The compensator disputes causation and makes no offer. Accept this or go to court.",
        15,
        20,
    ),
    "Pending-CausationFinalOffer": (
        "The compensator disputes causation and makes a final offer. Accept it, reject it or go to court.",
        15,
        20,
    ),
    "Pending-LiabilityListAmend": (
        "The compensator amended the court pack for the liability dispute. Review the amendments.",
        5,
        10,
    ),
    "Pending-LiabilityListAccept": (
        "Check the final court pack for the liability dispute and submit it for court.",
        5,
        10,
    ),
    "Pending-OfferCourtList": ("Select the documents for the court pack on quantum.", 5, 10),
    "Pending-OfferListAmend": (
        "The compensator amended the court pack on quantum. Review the amendments.",
        5,
        10,
    ),
    "Pending-OfferListAccept": ("Check the final court pack on quantum and submit it for court.", 5, 10),
    "Pending-ReviewPartialLiability": (
        "The compensator has answered the challenge to its partial admission. Review its response.",
        10,
        15,
    ),
    "Pending-Removal": (
        "The compensator has removed the claim from the portal. Acknowledge the removal.",
        5,
        10,
    ),
}

STATUS_LABELS: dict[str, str] = {
    "Pending-New": "Submitted, waiting for Complete Submission",
    "Pending-CompensatorAssignment": "Portal Support Centre identifying the compensator",
    "Open-Transferred": "Transferred to another compensator",
    "Pending-Liability": "Waiting for the compensator's liability decision",
    "Pending-LiabilityRejected": "Liability denied: claimant to respond",
    "Pending-RejectedLiability": "Denial accepted: compensator to acknowledge",
    "Pending-LiabilityListReview": "Court pack (liability): compensator reviewing",
    "Pending-LiabilityListAmend": "Court pack (liability): compensator amended",
    "Pending-LiabilityListAccept": "Court pack (liability): claimant to submit",
    "Pending-Medical": "Medical report needed",
    "Pending-MedCausation": "Medical report needed (causation disputed)",
    "Pending-MedicalAfterCourt": "Medical report needed after court on liability",
    "Pending-CheckMedical": "Claimant checking the medical report",
    "Pending-MRPReportReject": "Medical report sent back for amendment",
    "Pending-FurtherReport": "Further medical report being obtained",
    "Pending-ProceedClaim": "Decide whether to proceed to an offer",
    "Pending-WaitPrognosisMedical": "Waiting out the prognosis period",
    "Pending-FirstOffer": "Compensator to make an offer",
    "Pending-ReviewOffer": "Claimant reviewing the offer",
    "Pending-WaitPrognosisOffer": "Claimant waiting out the prognosis at the offer stage",
    "Pending-RespondCounter": "Compensator responding to the counter-offer",
    "Pending-CausationNoOffer": "Causation disputed, no offer",
    "Pending-CausationFinalOffer": "Causation disputed, final offer",
    "Pending-OfferCourtList": "Court pack (quantum): claimant selecting documents",
    "Pending-OfferListReview": "Court pack (quantum): compensator reviewing",
    "Pending-OfferListAmend": "Court pack (quantum): compensator amended",
    "Pending-OfferListAccept": "Court pack (quantum): claimant to submit",
    "Pending-ReviewChallenge": "Challenge to partial liability: compensator reviewing",
    "Pending-ReviewPartialLiability": "Challenge to partial liability: claimant reviewing the response",
    "Pending-Withdrawal": "Withdrawn: compensator to acknowledge",
    "Pending-Removal": "Removed by the compensator: claimant to acknowledge",
    "Resolved-Completed": "Settled",
    "Resolved-Withdrawn": "Withdrawn",
    "Resolved-RejectedLiability": "Liability denial accepted",
    "Resolved-CourtLiability": "Left the portal for court on liability",
    "Resolved-CourtValuation": "Left the portal for court on quantum",
    "Resolved-NoOffer": "Closed: causation disputed, no offer",
    "Resolved-FinalOfferRejected": "Final offer rejected",
    "Resolved-Removed": "Removed from the portal",
}

# Statuses only the evidence shape uses (seen in the portal's UI tests, vidya-87/Gitexample
# MIB_Whiplashtwo/); kept apart so the claimdesk shape's status list stays as it was.
EVIDENCE_STATUS_LABELS: dict[str, str] = {
    "Pending-MedicalPartLiable": "Medical report needed (liability admitted in part)",
    "Pending-MedPartCausation": "Medical report needed (liability admitted in part, causation disputed)",
    "Pending-Acknowledgement": "Offer accepted: compensator to acknowledge",
    "Resolved-CourtOffer": "Left the portal for court on the offer",
    "Resolved-NonPayment": "Left the portal for court on non-payment",
    "Resolved-CourtFees": "Left the portal for court on fees",
}

# An evidence-shape status that asks the representative for the same work as a claimdesk one:
# it gets that status's assignment instructions and periods.
SAME_WORK_AS: dict[str, str] = {
    "Pending-MedicalPartLiable": "Pending-Medical",
    "Pending-MedPartCausation": "Pending-MedCausation",
}

MEDICAL_STAGE = frozenset(
    {"Pending-Medical", "Pending-MedCausation", "Pending-MedicalAfterCourt", *SAME_WORK_AS}
)


def status_label(status: str) -> str:
    """A person's label for a status code of either shape (the code itself if unknown)."""
    return STATUS_LABELS.get(status) or EVIDENCE_STATUS_LABELS.get(status, status)


EXIT_REASONS: dict[str, str] = {
    "ComplexIssues": "Complex issues of fact or law",
    "ValueAboveLimit": "Claim value above the small claims limits",
    "ChildOrProtectedParty": "Claimant is a child or protected party",
    "VulnerableRoadUser": "Claimant was a vulnerable road user",
    "UntracedDriver": "Untraced driver",
    "ForeignVehicle": "Vehicle registered outside the UK",
    "ClaimantBankrupt": "Claimant is bankrupt",
    "Limitation": "Proceedings needed to protect limitation",
    "ClientInstructions": "Client instructions: no longer wishes to proceed",
    "Other": "Other (give the reason in the motivation)",
}

# code -> (label, may a claimant representative post it?)
MESSAGE_CATEGORIES: dict[str, tuple[str, bool]] = {
    "General": ("General", True),
    "Medical": ("Medical", True),
    "Offer": ("Offer and settlement", True),
    "Court": ("Court", True),
    "Withdrawal": ("Withdrawal", True),
    "CompResponseCategory": ("Compensator response", False),
    "Liability decision": ("Liability decision", False),
    "Claim Removed": ("Claim removed", False),
    "System": ("System notification", False),
}

SUB_TYPES = ("UnsignedDocuments", "SignedDocuments")

# code -> (label, may a claimant representative upload it?, default subType)
ATTACHMENT_CATEGORIES: dict[str, tuple[str, bool, str]] = {
    "SCNF": ("Small Claim Notification Form", False, "UnsignedDocuments"),
    "SignedDocument": ("Signed Document", True, "SignedDocuments"),
    "MedicalReport": ("Medical report", True, "UnsignedDocuments"),
    "EvidenceOfLosses": ("Evidence of losses", True, "UnsignedDocuments"),
    "EvidenceOfFees": ("Evidence of fees", True, "UnsignedDocuments"),
    "CompensatorResponse": ("Compensator response", False, "UnsignedDocuments"),
    "DefendantVersionOfEvents": ("Defendant's version of events", False, "UnsignedDocuments"),
    "CourtOrder": ("Court order", True, "UnsignedDocuments"),
    "Other": ("Other", True, "UnsignedDocuments"),
}

NOTIFICATION_TYPES: dict[str, str] = {
    "NewMessage": "A new message has been added to the claim",
    "NewDocument": "A new document has been added to the claim",
    "NewLoss": "New loss(es) have been added to the claim",
    "StatusChanged": "The claim status has changed",
}

# SCNF enumerations. Illustrative where the official lists are not public.
TITLES = ("Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Other")
INVOLVEMENTS = ("Driver", "PassengerCarVanLorry", "PassengerBus")
VULNERABLE_INVOLVEMENTS = frozenset(
    {
        "Pedestrian",
        "Cyclist",
        "Motorcyclist",
        "MopedRider",
        "PillionPassenger",
        "SidecarPassenger",
        "HorseRider",
        "MobilityScooterUser",
        "WheelchairUser",
        "EScooterRider",
    }
)
VEHICLE_TYPES = ("Car", "Van", "Lorry", "Bus", "Coach", "Minibus", "Taxi", "Other")
VULNERABLE_VEHICLE_TYPES = frozenset(
    {"Motorcycle", "Moped", "Bicycle", "EBike", "EScooter", "MobilityScooter", "Wheelchair", "Horse"}
)
ACCIDENT_TYPES = (
    "HitInRear",
    "PullingOutOfSideRoad",
    "ChangingLanes",
    "ConcertinaCollision",
    "HitWhileParked",
    "HitByOncomingVehicle",
    "Other",
)
OWNERSHIPS = ("Owner", "SomeoneElse", "Unknown")
# The "more extensive" OIC list (the cManager guide, docs/sources.md); the official values are not public.
EMPLOYMENT_STATUSES = (
    "Employed",
    "EmployedPartTime",
    "SelfEmployed",
    "ZeroHours",
    "Apprentice",
    "ArmedForces",
    "Unemployed",
    "Student",
    "Retired",
    "CarerOrHomemaker",
    "UnableToWork",
    "Volunteer",
    "Other",
)
NO_NINO_REASONS = ("NotIssued", "NotKnown", "NotResident", "Other")
BODY_PARTS = (
    "Neck",
    "Back",
    "Shoulder",
    "Head",
    "Face",
    "Chest",
    "Arm",
    "Elbow",
    "Wrist",
    "Hand",
    "Hip",
    "Leg",
    "Knee",
    "Ankle",
    "Foot",
    "Other",
)
NIGHTS_IN_HOSPITAL = ("None", "1-3", "4-7", "8+")
NO_REPAIR_REASONS = (
    "AlreadyRepaired",
    "ArrangedOwnRepair",
    "InsurerRepairing",
    "WrittenOff",
    "NoDamage",
    "Other",
)
NO_HIRE_REASONS = ("NotNeeded", "OtherVehicleAvailable", "InsurerProvided", "VehicleDriveable", "Other")
LOSS_TYPES = (
    "VehicleRepair",
    "PreAccidentValue",
    "PolicyExcess",
    "VehicleHire",
    "RecoveryAndStorage",
    "TravelExpenses",
    "Medication",
    "TreatmentCosts",
    "LossOfEarnings",
    "ClothingAndPersonalItems",
    "Care",
    "Other",
)


def is_resolved(status: str) -> bool:
    """True when the claim is closed on the portal."""
    return status.startswith(RESOLVED_PREFIX)


def code_list(values: dict) -> list[dict]:
    """A value list as the reference endpoints return it."""
    return [
        {"code": code, "label": entry if isinstance(entry, str) else entry[0]}
        for code, entry in values.items()
    ]
