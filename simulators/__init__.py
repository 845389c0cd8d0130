"""Stand-alone simulators of the external portals ClaimDesk integrates with.

Each simulator is a plain WSGI application with its own storage, so it can run as a
separate process (the default "portal" of a fresh install) or in a thread inside a test.
None of them imports Django.
"""
