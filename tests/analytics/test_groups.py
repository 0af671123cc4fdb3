"""Which words name one group, and which group lies within which."""

import pytest

from polon.ledger.groups import group_of, is_within, normalize, within


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Ukrainian POWs", "ukrainian-servicemen"),
        ("Ukrainian servicemen", "ukrainian-servicemen"),
        ("the Ukrainian prisoners of war", "ukrainian-servicemen"),
        ("Mariupol defenders", "mariupol-defenders"),
        ("Azovstal defenders", "mariupol-defenders"),
        ("members of the Azov Regiment", "azov"),
        ("Azov’s servicemen", "azov"),
        ("Russian soldiers", "russian-servicemen"),
        ("Crimean Tatar activists", "crimean tatar activists"),
    ],
)
def test_group_of(label, key):
    assert group_of(label).key == key


def test_unknown_words_are_their_own_group():
    group = group_of("Crimean Tatar activists")
    assert (group.name, group.known, within(group)) == ("Crimean Tatar activists", False, [group])


def test_nesting():
    commanders, servicemen = group_of("Azov commanders"), group_of("Ukrainian POWs")
    assert [g.key for g in within(commanders)] == [
        "azov-commanders",
        "azov",
        "ukrainian-servicemen",
    ]
    assert is_within(commanders, servicemen) and not is_within(servicemen, commanders)
    assert not is_within(group_of("Ukrainian civilians"), servicemen)


def test_normalize():
    assert normalize("  The  Azov-Regiment ") == "azov regiment"
