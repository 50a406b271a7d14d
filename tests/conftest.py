"""Test-session settings shared by every test module."""

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    # The test problems are small: one BLAS thread avoids oversubscribing the cores when pytest
    # and other processes run side by side, and makes timings of the suite steadier.
    with threadpool_limits(limits=1, user_api="blas"):
        yield
