"""No input gives a 500: oversized numbers, wrong types and path tricks on every URL and form."""
import pytest
from django.urls import reverse

from tests.conftest import login
from tests.test_roster_edit import edit_form_data
from tests.test_url_sweep import NOT_PAGES, _context, _patterns
from yinling.core.plugins import sweep_samples

HUGE = "9" * 40
HOSTILE = {
    "page": HUGE, "per_page": "-1", "q": "某" * 3000, "category": ["tuixiu", "x"], "unit": HUGE, "sort": "'; drop table",
    "flags": "\x00", "version": HUGE, "id_number": HUGE, "birth_date": "99999-99-99", "effective_date": "1e309",
    "status": ["deceased"] * 3, "columns": ["name", HUGE], "valid_only": HUGE, "user": HUGE, "role": "\u202e\x7f",
    "node": "-" + HUGE, "starts_on": "0000-00-00", "qref": "../../etc/passwd", "next": "//evil.example/",
}


@pytest.mark.parametrize("role", ["office_admin", "office_staff", "liaison", "retiree"])
def test_no_url_answers_500_to_hostile_input(world, role):
    client = login(world.users[role])
    client.raise_request_exception = False
    names = [name for name, _ in _patterns() if name not in NOT_PAGES]
    assert len(names) > 20
    samples = sweep_samples()
    for name, count in _patterns():
        if name in NOT_PAGES:
            continue
        kwargs = {}
        if count:  # the shape of the URL's arguments from its sweep sample, every number made enormous
            shape = samples[name](_context(world, role))[0]
            kwargs = {k: 10**30 if isinstance(v, int) else v for k, v in shape.items()}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url, HOSTILE)
            assert response.status_code < 500, f"{role} {method.upper()} {url} → {response.status_code}"


def test_an_edit_with_an_oversized_version_is_refused_in_chinese(world, as_role):
    person = world.med_person
    response = as_role("office_staff").post(f"/roster/{person.pk}/edit/", edit_form_data(person, version=HUGE))
    assert response.status_code in (400, 409)
    person.refresh_from_db()
    assert person.version == 1
