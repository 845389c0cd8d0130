"""Human-friendly references that ClaimDesk generates."""


def case_reference(year: int, number: int) -> str:
    """``CD-2026-000042``: the year the case was opened and a firm-wide running number."""
    return f"CD-{year}-{number:06d}"
