"""Reversed ownership: "Whose getaway driver was X?" of a sentence where X owns the role, not holds it."""

from __future__ import annotations

from qa.whose_role import owner_for_holder
from tests.helpers import clash_and_reason

KASABIAN = "The band's name was inspired by Linda Kasabian - the getaway driver of US serial killer Charles Manson."


def test_the_name_asked_as_holder_owns_the_role_in_the_sentence() -> None:
    found = owner_for_holder("Whose getaway driver was Charles Manson?", KASABIAN)
    assert found is not None and (found.name, found.verb) == ("Charles Manson", "getaway driver")
    assert owner_for_holder("Whose getaway driver was Linda Kasabian?", KASABIAN) is None  # the twin
    owned = "Gordon Brown's deputy, Alistair Darling, spoke first."
    assert owner_for_holder("Whose deputy is Gordon Brown?", owned) is not None  # "X's deputy"
    assert owner_for_holder("Whose deputy is Alistair Darling?", owned) is None


def test_only_the_copular_shape_is_read() -> None:
    """ "Whose army liberated Warsaw?" asks the owner outright: no reversal to read."""
    army = "Napoleon's army liberated Warsaw in 1806, and the army of Prussia withdrew."
    assert owner_for_holder("Whose army liberated Warsaw in 1806?", army) is None
    assert owner_for_holder("Who was the getaway driver of Charles Manson?", KASABIAN) is None


def test_a_sentence_that_also_names_the_holder_after_the_role_passes() -> None:
    both = "The getaway driver, Charles Manson, was the driver of Tex Watson."
    assert owner_for_holder("Whose driver was Charles Manson?", both) is None


def test_the_clash_is_a_reversal_and_the_refusal_names_the_role() -> None:
    clash, reason = clash_and_reason("Whose getaway driver was Charles Manson?", KASABIAN, "Linda Kasabian")
    assert clash is not None and clash.reversal is not None
    assert reason is not None and "Charles Manson" in reason and "getaway driver" in reason
    assert clash_and_reason("Whose getaway driver was Linda Kasabian?", KASABIAN, "Charles Manson")[0] is None
