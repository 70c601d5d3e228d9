"""`outcomes serve`: the guided session for a room of browsers, behind secrets.

See docs/session.md.
"""
