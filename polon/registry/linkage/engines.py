"""The two Splink backends: DuckDB embedded (the default) and Spark (for scale).

Both are created here and nowhere else, so the rest of the package only sees a Splink
``DatabaseAPI``. PySpark is imported inside the Spark functions: ``import
polon.registry.linkage`` must work on a laptop where only DuckDB is installed.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

ENGINES = ("duckdb", "spark")

# Local Spark sized for a laptop or a small CI runner: two cores, a handful of partitions
# (the default 200 shuffle partitions cost more than the work on a few million pairs), a
# modest driver heap, no web UI, and no network access (the similarity functions come from
# the jar inside the Splink wheel, nothing is fetched).
_LOCAL_SPARK_CONFIG = {
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.memory": "2g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.adaptive.enabled": "true",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.session.timeZone": "UTC",
}

_spark_session: Any = None


def spark_session(master: str | None = None) -> Any:
    """A SparkSession for linkage: ``local[2]`` unless a cluster master URL is given.

    The session is created once per process and reused: starting a JVM costs seconds,
    more than linking ten thousand records. An already active session is used as it is.
    """
    global _spark_session
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    if _spark_session is not None and master in (None, _spark_session.conf.get("spark.master")):
        return _spark_session
    master = master or "local[2]"
    builder = SparkSession.builder.master(master).appName("polon-linkage")
    builder = builder.config("spark.jars", similarity_jar_location())
    if master.startswith("local"):
        for key, value in _LOCAL_SPARK_CONFIG.items():
            builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    if master.startswith("local"):
        checkpoints = tempfile.mkdtemp(prefix="polon-spark-")
        atexit.register(shutil.rmtree, checkpoints, ignore_errors=True)
        session.sparkContext.setCheckpointDir(checkpoints)
    _spark_session = session
    return session


def stop_spark() -> None:
    """Stop the session this module started, if any."""
    global _spark_session
    if _spark_session is not None:
        _spark_session.stop()
        _spark_session = None


def database_api(
    engine: str, spark_master: str | None = None, spark: Any = None
) -> DatabaseAPI[Any]:
    """A fresh Splink database API for ``engine`` ("duckdb" or "spark").

    DuckDB gets a private in-memory database per call, so two runs never share tables.
    Spark's intermediate tables are cached (``persist``) on a local master; on a cluster
    they are written as parquet when the session has a checkpoint directory (it must be
    storage every executor sees, which only the caller knows), else cached as well.
    """
    if engine == "duckdb":
        import duckdb
        from splink.backends.duckdb import DuckDBAPI

        return DuckDBAPI(duckdb.connect(":memory:"))
    if engine == "spark":
        from splink.backends.spark import SparkAPI

        session = spark if spark is not None else spark_session(spark_master)
        local = str(session.conf.get("spark.master")).startswith("local")
        shared_checkpoints = not local and session.sparkContext.getCheckpointDir() is not None
        partitions = int(session.conf.get("spark.sql.shuffle.partitions"))
        return SparkAPI(
            spark_session=session,
            break_lineage_method="parquet" if shared_checkpoints else "persist",
            num_partitions_on_repartition=max(1, partitions),
        )
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def close(api: DatabaseAPI[Any]) -> None:
    """Free what one run created: the DuckDB database, or Spark's views and caches.

    On a session of the caller's only Splink's views and the ones Polon registered
    (``polon_*``) are uncached and dropped, one by one; on Polon's own session the whole
    cache is cleared at once, which is much faster.
    """
    if api.sql_dialect.sql_dialect_str == "duckdb":
        api.duckdb_con.close()
        return
    session = api.spark  # type: ignore[attr-defined]
    ours = [
        table.name
        for table in session.catalog.listTables()
        if table.isTemporary and table.name.startswith(("__splink", "polon_"))
    ]
    if session is _spark_session:
        session.catalog.clearCache()
    else:
        for name in ours:
            session.catalog.uncacheTable(name)
    for name in ours:
        session.catalog.dropTempView(name)
