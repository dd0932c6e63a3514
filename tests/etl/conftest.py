"""Fixtures shared by the ETL tests; the file writers and query helpers live in fikstur.py."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh database path per test; its source copies go to tmp_path/sumber."""
    return tmp_path / "t.duckdb"
