"""The optimistic-locking helper, imported here only.

It lives in ``strategia.monitoring.locking`` today and is moving to
``strategia.core``; this one line is all that changes when it does.
"""

from strategia.core.locking import VersionConflict, claim_version

__all__ = ["VersionConflict", "claim_version"]
