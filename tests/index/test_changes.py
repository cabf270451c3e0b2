"""``plan_changes``: the update plan from file records alone (no FAISS, no files)."""

from __future__ import annotations

from index.changes import FileToRead, SeenFile, plan_changes
from index.store import FileRecord


def rec(path: str, digest: str, size: int = 10, mtime: int = 1) -> FileRecord:
    return FileRecord(path, digest, size, mtime)


def test_first_build_reads_every_file_in_folder_order() -> None:
    seen = {"b.txt": SeenFile(10, 1, "hb"), "a.txt": SeenFile(10, 1, "ha")}
    plan = plan_changes({}, seen)
    assert [f.record.path for f in plan.to_read] == ["b.txt", "a.txt"]
    assert plan.added == ["b.txt", "a.txt"] and not plan.changed and not plan.removed


def test_unchanged_stat_is_trusted_and_removed_files_are_forgotten() -> None:
    known = {"a.txt": rec("a.txt", "ha"), "gone.txt": rec("gone.txt", "hg")}
    plan = plan_changes(known, {"a.txt": SeenFile(10, 1, "ha")})
    assert plan.removed == ["gone.txt"]
    assert not plan.to_read and not plan.refreshed and not plan.added


def test_touched_file_with_same_bytes_is_only_refreshed() -> None:
    plan = plan_changes({"a.txt": rec("a.txt", "ha")}, {"a.txt": SeenFile(10, 2, "ha")})
    assert plan.refreshed == [rec("a.txt", "ha", 10, 2)]
    assert not plan.to_read and not plan.changed


def test_edited_file_is_read_again_as_changed() -> None:
    plan = plan_changes({"a.txt": rec("a.txt", "ha")}, {"a.txt": SeenFile(11, 2, "h2")})
    assert plan.changed == ["a.txt"]
    assert plan.to_read == [FileToRead(rec("a.txt", "h2", 11, 2), True)]


def test_copy_of_another_file_is_recorded_not_indexed_but_jsonl_never_is() -> None:
    seen = {
        "a.txt": SeenFile(10, 1, "same"),
        "copy.txt": SeenFile(10, 1, "same"),
        "a.jsonl": SeenFile(10, 1, "j", jsonl=True),
        "b.jsonl": SeenFile(10, 1, "j", jsonl=True),
    }
    plan = plan_changes({}, seen)
    assert [f.record.path for f in plan.duplicates] == ["copy.txt"]
    assert [f.record.path for f in plan.to_read] == ["a.txt", "a.jsonl", "b.jsonl"]


def test_copy_is_read_after_all_when_its_original_changes() -> None:
    known = {"a.txt": rec("a.txt", "same"), "copy.txt": rec("copy.txt", "same")}
    seen = {"a.txt": SeenFile(12, 5, "edited"), "copy.txt": SeenFile(10, 1, "same")}
    plan = plan_changes(known, seen, empty={"copy.txt"})
    assert plan.forgotten == ["copy.txt"]
    assert [f.record.path for f in plan.to_read] == ["a.txt", "copy.txt"]
    assert plan.added == ["copy.txt"] and plan.changed == ["a.txt"]


def test_unreadable_file_is_left_as_it_was() -> None:
    known = {"a.txt": rec("a.txt", "ha")}
    plan = plan_changes(known, {"a.txt": SeenFile(11, 2, None)})
    assert not plan.removed and not plan.to_read and not plan.refreshed
