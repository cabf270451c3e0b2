"""Fixtures shared across the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The repository's five seed articles (never a shared copy elsewhere)."""
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> list[Path]:
    """The seed article files, sorted by name."""
    return sorted(seeds_dir.glob("*.txt"))
