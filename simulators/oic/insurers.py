"""The compensators the simulated portal knows, and matching of free-text insurer names.

OIC keeps no insurer database for claimant representatives: they type whatever insurer
details they have, and the portal (or its Portal Support Centre) finds the compensator.
We match case- and punctuation-insensitively, ignoring company-form words, and accept a
known name appearing anywhere in the text ("Aviva Insurance Ltd (motor claims)").
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Compensator:
    """A compensator organisation on the portal."""

    insurer_id: str
    name: str
    is_mib: bool
    aliases: tuple[str, ...]

    @property
    def email_domain(self) -> str:
        """A made-up, non-routable address domain for claim handlers."""
        return re.sub(r"[^a-z0-9]", "", self.name.lower()) + ".example"


COMPENSATORS: tuple[Compensator, ...] = (
    Compensator("INS-AVIVA", "Aviva Insurance Limited", False, ("aviva", "norwich union")),
    Compensator(
        "INS-ADMIRAL", "EUI Limited (Admiral)", False, ("admiral", "eui", "elephant", "diamond", "bell")
    ),
    Compensator(
        "INS-UKI",
        "U K Insurance Limited (Direct Line)",
        False,
        ("direct line", "churchill", "uki", "privilege"),
    ),
    Compensator("INS-AXA", "AXA Insurance UK plc", False, ("axa", "swiftcover")),
    Compensator("INS-ALLIANZ", "Allianz Insurance plc", False, ("allianz", "lv broker")),
    Compensator(
        "INS-LV", "Liverpool Victoria Insurance Company Limited", False, ("lv", "liverpool victoria")
    ),
    Compensator("INS-ZURICH", "Zurich Insurance plc", False, ("zurich",)),
    Compensator("INS-AGEAS", "Ageas Insurance Limited", False, ("ageas", "kwik fit")),
    Compensator(
        "INS-HASTINGS", "Advantage Insurance Company Limited (Hastings)", False, ("hastings", "advantage")
    ),
    Compensator("INS-ESURE", "esure Insurance Limited", False, ("esure", "sheilas wheels")),
    Compensator("INS-TESCO", "Tesco Underwriting Limited", False, ("tesco",)),
    Compensator("INS-NFU", "NFU Mutual Insurance Society Limited", False, ("nfu", "nfu mutual")),
    Compensator(
        "INS-RSA",
        "Royal & Sun Alliance Insurance Limited",
        False,
        ("rsa", "royal and sun alliance", "more than"),
    ),
    Compensator("INS-COVEA", "Covea Insurance plc", False, ("covea",)),
    Compensator("INS-MARKERSTUDY", "Markerstudy Insurance Company Limited", False, ("markerstudy",)),
    Compensator(
        "INS-1STCENTRAL",
        "First Central Insurance Management Limited",
        False,
        ("1st central", "first central"),
    ),
    Compensator("INS-SABRE", "Sabre Insurance Company Limited", False, ("sabre",)),
    Compensator("INS-COOP", "Co-operative Insurance", False, ("co op", "cooperative", "co operative")),
    Compensator("INS-SAGA", "Acromas Insurance Company Limited (Saga)", False, ("saga", "acromas")),
    Compensator("INS-HIGHWAY", "Highway Insurance Company Limited", False, ("highway",)),
    Compensator(
        "INS-MIB",
        "Motor Insurers' Bureau",
        True,
        ("mib", "motor insurers bureau", "uninsured", "no insurance", "not insured"),
    ),
)

# Words that say nothing about which company it is.
_NOISE = frozenset(
    {
        "ltd",
        "limited",
        "plc",
        "insurance",
        "insurers",
        "company",
        "co",
        "uk",
        "group",
        "the",
        "services",
        "motor",
    }
)
_NOISE_KEEP_FOR_ALIASES = frozenset({"co", "motor"})


def normalise(text: str, *, keep: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Lower-case words with punctuation and company-form words removed."""
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower().replace("&", " and ").replace("'", "")).split()
    return tuple(word for word in words if word not in _NOISE or word in keep)


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def match_compensator(insurer_name: str | None) -> Compensator | None:
    """The compensator an insurer name refers to, or None if the portal cannot tell.

    The longest matching alias wins, so "Direct Line" beats a stray "line".
    """
    if not insurer_name:
        return None
    words = normalise(insurer_name, keep=_NOISE_KEEP_FOR_ALIASES)
    best: tuple[int, Compensator] | None = None
    for compensator in COMPENSATORS:
        for alias in compensator.aliases:
            phrase = normalise(alias, keep=_NOISE_KEEP_FOR_ALIASES)
            if phrase and _contains(words, phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), compensator)
    return best[1] if best else None


def find_compensator(name: str) -> Compensator | None:
    """A compensator by its exact name or id (for the control API)."""
    for compensator in COMPENSATORS:
        if name in (compensator.name, compensator.insurer_id):
            return compensator
    return None
