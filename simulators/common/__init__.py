"""What the portal simulators share: storage, clock, faults, auth, the request pipeline and the control API.

Each simulator (``simulators.oic``, ``simulators.claims_portal``) keeps what is specific to its
portal: its tables, contract, lifecycle, pages and settings. Nothing here knows either portal.
"""
