"""A simulator of the MoJ Claims Portal (RTA), as a claimant representative's CMS sees it.

Run it with ``python -m simulators.claims_portal serve`` or, in tests, with
:func:`simulators.claims_portal.server.run_in_thread`. The contract is ``openapi.yaml`` next
to this file; ``docs/claims-portal-simulator.md`` explains the lifecycle, control API, faults
and which parts follow the public R7 contract and which are our assumptions.
"""

from simulators.claims_portal.config import SimConfig

__all__ = ["SimConfig"]
