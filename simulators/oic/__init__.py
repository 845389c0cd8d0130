"""A simulator of the Official Injury Claim (OIC) portal API.

Run it with ``python -m simulators.oic serve`` or, in tests, with
:func:`simulators.oic.server.run_in_thread`. The contract is ``openapi.yaml`` next to
this file; ``docs/oic-simulator.md`` explains the control API, faults and assumptions.
"""

from simulators.oic.config import SimConfig

__all__ = ["SimConfig"]
