"""The shared file writes: atomic replace and link-or-copy."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from index.files import atomic_write_text, link_or_copy


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_atomic_write_replaces_the_file_with_the_umask_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "CURRENT"
    path.write_text("old\n", encoding="utf-8")
    atomic_write_text(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]


def test_atomic_write_that_fails_keeps_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "CURRENT"
    path.write_text("old\n", encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]


def test_link_or_copy_links_and_falls_back_to_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "seg.npz"
    src.write_bytes(b"data")
    link_or_copy(src, tmp_path / "linked.npz")
    assert (tmp_path / "linked.npz").stat().st_ino == src.stat().st_ino

    def cross_device(src: object, dst: object) -> None:
        raise OSError("EXDEV")

    monkeypatch.setattr(os, "link", cross_device)
    link_or_copy(src, tmp_path / "copied.npz")
    assert (tmp_path / "copied.npz").read_bytes() == b"data"
    assert (tmp_path / "copied.npz").stat().st_ino != src.stat().st_ino
