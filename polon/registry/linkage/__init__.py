"""Record linkage of persons across lists, alphabets and romanisations, with Splink.

``deduplicate`` finds the records of one registry that are the same person; ``link`` links
a new list to the registry. Both run on DuckDB (embedded, the default) or Spark (local or a
cluster) and return the pairs above the threshold, with a short reason, and their clusters.
See docs/linkage.md.
"""

from polon.registry.linkage.pipeline import (
    Cluster,
    LinkPair,
    LinkResult,
    deduplicate,
    link,
)
from polon.registry.linkage.records import LinkRecord
from polon.registry.linkage.settings import Model

__all__ = [
    "Cluster",
    "LinkPair",
    "LinkRecord",
    "LinkResult",
    "Model",
    "deduplicate",
    "link",
]
