"""Releases: publish tables as immutable, versioned, verifiable folders and archives.

Pure domain code (no Dagster). ``publish_release`` is the entry point; ``verify_release`` and
``compare_releases`` serve ``python -m pipeline verify|diff`` (see ``cli.register``).
"""

from pipeline.publish.compare import Comparison, compare_releases
from pipeline.publish.release import PublishResult, ReleaseInput, publish_release
from pipeline.publish.verify import Verification, verify_release

__all__ = [
    "Comparison",
    "ReleaseInput",
    "PublishResult",
    "Verification",
    "compare_releases",
    "publish_release",
    "verify_release",
]
