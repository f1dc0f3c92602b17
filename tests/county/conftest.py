"""A private PostgreSQL for the county's tests: one cluster for the session (initdb, pg_ctl,
on a free loopback port, in a temporary folder removed afterwards), a fresh database for each
test. Without PostgreSQL's programs these tests are skipped, unless BIANMIN_REQUIRE_POSTGRES=1
(CI), when they fail."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from county.pgdev import FAST, Cluster, find_bin, private_cluster
from tests.county.kit import Postgres

REQUIRED = os.environ.get("BIANMIN_REQUIRE_POSTGRES") == "1"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    if find_bin() is None:
        message = "PostgreSQL (initdb, pg_ctl) is not installed: apt-get install postgresql"
        if REQUIRED:
            pytest.fail(f"{message} (BIANMIN_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    with private_cluster(FAST) as cluster:
        yield cluster


@pytest.fixture
def pg(pg_cluster: Cluster) -> Iterator[Postgres]:
    """A new database of its own in the session's cluster; a test may stop and start the
    cluster (it is running again for the next test)."""
    if not pg_cluster.running():
        pg_cluster.start()
    dsn = pg_cluster.create_database(f"county_test_{os.getpid()}_{next(_names)}")
    yield Postgres(pg_cluster, dsn)
    if not pg_cluster.running():
        pg_cluster.start()
