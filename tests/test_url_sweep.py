"""Every URL pattern, asked by every role: out-of-scope records never leak.

- A pattern that takes an id must have a sample registered by its app
  (core.plugins.sweep_sample, in the app's hooks.py), or this test fails: no page escapes
  the sweep by being forgotten. Each sample names records outside the role's scope;
  GET and POST must answer 403 or 404 and never show an outside person's name.
- A pattern without an id (lists, forms, exports, searches) is fetched by every role,
  plain and with a search for each outside person's name: whatever it answers, no
  outside person's name appears in it.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import login
from tests.test_access import VISIBLE
from yinling.core.plugins import SweepContext, sweep_samples

# Patterns that are not pages of people: they cannot leak a name.
NOT_PAGES = {"core:healthz", "accounts:logout"}
# Where a role whose pages are all its own is taken from a staff address (core.context.LandingMiddleware).
LANDING = {"retiree": "/my/"}
# Whom each role may know of by name anywhere: whom it sees on the roster, and a retiree themselves.
KNOWN = {**VISIBLE, "retiree": {"李秀兰"}}


def _patterns(resolver=None, namespace="", converters=0):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, ns, converters + len(getattr(entry.pattern, "converters", {})))
        elif isinstance(entry, URLPattern):
            count = converters + len(getattr(entry.pattern, "converters", {}))
            yield f"{namespace}{entry.name}", count


def _people_outside(world, role):
    people = (world.med_person, world.lit_person, world.other_person)
    return [p for p in people if p.name not in KNOWN[role]]


def _context(world, role) -> SweepContext:
    stranger = world.users["staff_b"] if role != "staff_b" else world.users["office_staff"]
    return SweepContext(world=world, role=role, people_outside=_people_outside(world, role), stranger=stranger)


def test_it_has_a_sample_for_every_url_that_takes_an_id():
    with_ids = {name for name, count in _patterns() if count}
    assert with_ids, "the sweep found no URL with an id: the walk itself is broken"
    missing = with_ids - set(sweep_samples())
    assert not missing, f"register an out-of-scope sample (core.plugins.sweep_sample in the app's hooks.py) for: {sorted(missing)}"


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_it_answers_404_or_403_for_every_out_of_scope_record(world, role):
    client = login(world.users[role])
    checked = 0
    for name, sample in sweep_samples().items():
        for kwargs in sample(_context(world, role)):
            url = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                landed = response.status_code == 302 and response["Location"] == LANDING.get(role)  # a retiree goes home
                assert response.status_code in (403, 404) or landed, f"{role} {method.upper()} {url} → {response.status_code}"
                body = response.content.decode()
                for person in _people_outside(world, role):
                    assert person.name not in body, f"{role} {method.upper()} {url} leaked {person.name}"
                checked += 1
    assert checked > 0


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_it_never_shows_an_outside_name_on_a_page_without_an_id(world, role):
    client = login(world.users[role])
    outside = _people_outside(world, role)
    pages = [name for name, count in _patterns() if not count and name not in NOT_PAGES]
    assert len(pages) > 5
    for name in pages:
        url = reverse(name)
        assert not _leaks(client.get(url), outside), f"{role} GET {url} leaked a name"
        for person in outside:
            # A page may show back what was searched (the search box, the filter's description):
            # the outside name may appear exactly as often as a name that belongs to no one.
            found = _text(client.get(f"{url}?q={person.name}")).count(person.name)
            echoed = _text(client.get(f"{url}?q={ECHO}")).count(ECHO)
            assert found <= echoed, f"{role} GET {url}?q={person.name} leaked {person.name}"


ECHO = "甲乙丙"  # no one's name: how often a page shows back a searched name


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="ignore")


def _leaks(response, outside) -> list[str]:
    assert response.status_code < 500
    text = _text(response)
    return [p.name for p in outside if p.name in text]


def test_it_answers_404_for_an_id_that_does_not_exist(as_role):
    client = as_role("office_admin")
    assert client.get(reverse("roster:person_detail", kwargs={"pk": 999999})).status_code == 404
