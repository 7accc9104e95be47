"""Every URL that takes an object id, asked by every role for a record outside its scope.

A new URL pattern with an id must register a sample here, or this test fails:
no page can escape the sweep by being forgotten.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import login
from tests.test_access import VISIBLE


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
    return [p for p in people if p.name not in VISIBLE[role]]


def _someone_elses_job(world, role):
    from yinling.transfer.models import Job

    owner = world.users["staff_b"] if role != "staff_b" else world.users["office_staff"]
    job = Job.objects.create(kind=Job.Kind.IMPORT, institution=owner.active_assignments()[0].node, created_by=owner,
                             file_name="x.xlsx", status=Job.Status.CHECKED, report={"headers": ["姓名"], "errors": []})
    return [{"pk": job.pk}]


# url name → function(world, role) returning the kwargs of records outside the role's scope
SAMPLES = {
    "transfer:job_detail": _someone_elses_job,
    "transfer:job_remap": _someone_elses_job,
    "transfer:job_confirm": _someone_elses_job,
    "transfer:job_download": _someone_elses_job,
    "roster:person_detail": lambda w, role: [{"pk": p.pk} for p in _people_outside(w, role)],
    "roster:person_edit": lambda w, role: [{"pk": p.pk} for p in _people_outside(w, role)],
    "roster:person_archive": lambda w, role: [{"pk": p.pk} for p in _people_outside(w, role)],
    "roster:person_reveal_id": lambda w, role: [{"pk": p.pk} for p in _people_outside(w, role)],
}


def test_it_has_a_sample_for_every_url_that_takes_an_id():
    with_ids = {name for name, count in _patterns() if count}
    assert with_ids, "the sweep found no URL with an id: the walk itself is broken"
    missing = with_ids - set(SAMPLES)
    assert not missing, f"register an out-of-scope sample in tests/test_url_sweep.py for: {sorted(missing)}"


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_it_answers_404_or_403_for_every_out_of_scope_record(world, role):
    client = login(world.users[role])
    checked = 0
    for name, kwargs_for in SAMPLES.items():
        for kwargs in kwargs_for(world, role):
            url = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code in (403, 404), f"{role} {method.upper()} {url} → {response.status_code}"
                body = response.content.decode()
                for person in _people_outside(world, role):
                    assert person.name not in body, f"{role} {method.upper()} {url} leaked {person.name}"
                checked += 1
    assert checked > 0


def test_it_answers_404_for_an_id_that_does_not_exist(as_role):
    client = as_role("office_admin")
    assert client.get(reverse("roster:person_detail", kwargs={"pk": 999999})).status_code == 404
