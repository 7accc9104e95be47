"""Names as offices write them in spreadsheets, and as the roster keeps them (lib/text.clean_name)."""
import pytest

from yinling.lib.text import clean_name


@pytest.mark.parametrize("typed, kept", [
    ("王  明", "王明"),  # two-character names padded to line up with three-character ones
    ("王\u3000\u3000明", "王明"),  # full-width spaces
    (" 张 建 中 ", "张建中"),
    ("阿依古丽·买买提", "阿依古丽·买买提"),
    ("阿依古丽•买买提", "阿依古丽·买买提"),  # a bullet typed for the middle dot
    ("阿依古丽 · 买买提", "阿依古丽·买买提"),
    ("Anna  Li", "Anna Li"),  # other scripts keep their single space
    ("𠮷 祥", "𠮷祥"),  # a character beyond the basic plane is still Chinese
    ("", ""),
    (None, ""),
])
def test_it_keeps_a_name_as_offices_mean_it(typed, kept):
    assert clean_name(typed) == kept


def test_every_write_path_keeps_the_same_name(world):
    from yinling.roster.models import Person

    person = world.person(name="王  明")
    assert Person.objects.get(pk=person.pk).name == "王明" and person.name_initials == "wm"
