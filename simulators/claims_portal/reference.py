"""Value lists of the simulated portal, each in one place (claims-portal.md sections 3-7).

Codes the R7 contract publishes are used verbatim; meanings the public material does not
give are ours and say so in ``docs/claims-portal-simulator.md``.
"""

from dataclasses import dataclass

PROCESS_VERSION = {"processName": "RTA", "versionMajor": 7, "versionMinor": 0}

# LiabilityDecision codes of the insurer response (3.3).
LIABILITY_DECISIONS = {
    "A": "Liability admitted",
    "AN": "Liability admitted with contributory negligence",
    "N": "Liability not admitted",
}

# Exit reasons (3.4): meaning, and which side may use each code (R7 code sets).
EXIT_REASONS = {
    "1": "Incomplete information on the CNF",
    "2": "Value of claim below the protocol lower limit",
    "3": "Value of claim above the protocol upper limit",
    "4": "Claim too complex for the process",
    "5": "Withdrawal of claim",
    "6": "Duplicated claim",
    "7": "Withdrawal of offer",
    "8": "Interim payment for child claimant",
    "9": "Other (compensator)",
    "10": "Other",
    "11": "Other (claimant representative, code 11)",
    "12": "Other (claimant representative, code 12)",
    "13": "Other (claimant representative, code 13)",
    "14": "Other (both sides, code 14)",
}
CR_EXIT_CODES = ("2", "3", "4", "5", "6", "7", "8", "10", "11", "12", "13", "14")
COMP_EXIT_CODES = ("1", "2", "3", "6", "7", "9", "10", "14")

# Reasons a compensator may reject a CNF before deciding liability (3.3); the codes are ours.
REJECTION_REASONS = {
    "1": "Sent to the wrong organisation",
    "2": "AskCUE PI reference invalid",
    "3": "Mandatory fields wrongly populated",
}

# LossType codes of the settlement packs (5.5); 12 and 16 are unknown.
LOSS_TYPES = {
    0: "Policy excess",
    1: "Loss of use",
    2: "Car hire",
    3: "Repair costs",
    4: "Fares",
    5: "Medical expenses",
    6: "Clothing",
    7: "Care",
    8: "Claimant's lost earnings",
    9: "Employer's lost earnings",
    10: "Other losses",
    11: "General damages",
    12: "Unknown (code 12)",
    13: "Disadvantage on the labour market",
    14: "Loss of congenial employment",
    15: "Future losses",
    16: "Unknown (code 16)",
}

# CNF value lists (5.5).
SIGNATORIES = {"S": "Claimant's solicitor", "C": "Claimant in person"}
INSURER_TYPES = {"I": "Insurer", "M": "MIB"}
DEFENDANT_STATUSES = {"P": "Personal", "B": "Business"}
CLAIMANT_TYPES = (
    "Driver",
    "OwnerNotDriving",
    "Passenger",
    "Pedestrian",
    "Cyclist",
    "Motorcyclist",
    "Other",
)
IN_VEHICLE = frozenset({"Driver", "Passenger"})
TITLES = ("Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Other")

# S2SP response decisions (5.5) and our interim payment decisions (codes unknown).
SETTLEMENT_PACK_DECISIONS = {"C": "Confirmed", "CO": "Counter-offer", "R": "Repudiated"}
INTERIM_DECISIONS = {"Full": "Pays in full", "Partial": "Offers a partial payment"}


@dataclass(frozen=True)
class Compensator:
    """A compensator organisation on the portal (identifier formats from 5.4)."""

    organisation_id: str
    name: str
    insurer_type: str  # I (insurer) or M (MIB)

    @property
    def path(self) -> str:
        """The organisation path, e.g. /COMP001."""
        return f"/{self.organisation_id}"

    def to_json(self) -> dict:
        """As searchCompensators lists it."""
        return {
            "organisationId": self.organisation_id,
            "organisationName": self.name,
            "organisationPath": self.path,
            "insurerType": self.insurer_type,
        }


COMPENSATORS: tuple[Compensator, ...] = (
    Compensator("COMP001", "Aviva Insurance Limited", "I"),
    Compensator("COMP002", "EUI Limited (Admiral)", "I"),
    Compensator("COMP003", "U K Insurance Limited (Direct Line)", "I"),
    Compensator("COMP004", "AXA Insurance UK plc", "I"),
    Compensator("COMP005", "Allianz Insurance plc", "I"),
    Compensator("COMP006", "Liverpool Victoria Insurance Company Limited", "I"),
    Compensator("COMP007", "Zurich Insurance plc", "I"),
    Compensator("COMP008", "Ageas Insurance Limited", "I"),
    Compensator("COMP009", "Motor Insurers' Bureau", "M"),
)
COMPENSATORS_BY_ID = {compensator.organisation_id: compensator for compensator in COMPENSATORS}

# The validation codes of the R7 schemas (section 7), and the generic checker's codes mapped on them.
VALIDATION_CODES = (
    "MustBeProvided",
    "MustNotBeProvided",
    "FormatNotValid",
    "AtLeastOne",
    "OtherMustBeProvided",
    "WrongValue",
    "FutureDate",
    "GreaterThanZero",
    "MissingAccidentDate",
    "InsurerNotSelected",
    "LessThan1000",
    "AfterCurrentTimeoutDate",
    "DateBeforeAccidentDate",
)
CHECKER_CODES = {
    "required": "MustBeProvided",
    "invalid_type": "FormatNotValid",
    "invalid_format": "FormatNotValid",
    "too_long": "FormatNotValid",
    "invalid_choice": "WrongValue",
    "out_of_range": "WrongValue",
    "in_future": "FutureDate",
}

# Reference lists served at /api/v1/reference/{name}.
CODE_LISTS = {
    "exit-reasons": EXIT_REASONS,
    "liability-decisions": LIABILITY_DECISIONS,
    "rejection-reasons": REJECTION_REASONS,
    "loss-types": {str(code): label for code, label in LOSS_TYPES.items()},
    "settlement-pack-decisions": SETTLEMENT_PACK_DECISIONS,
    "interim-decisions": INTERIM_DECISIONS,
}
