"""The care lists the office opens every morning, at scale: "not reached in time" and "late requests",
measured with 200,000 contacts and again with 2,000,000 (visits, calls and service requests), on the
people the benchmark imported.

The history grows; the open queue does not: the added contacts are of earlier years and their
requests all answered, as an office's records accumulate. The lists read each person's last contact
(care.ContactState) and the unanswered requests' partial index, so their cost must not grow with it.
Written with bulk inserts below the services: test data, not a record of anyone's work.
"""
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.test import Client
from django.utils import timezone

FIRST_PER_PERSON = 2  # 200,000 contacts at the benchmark's 100,000 people …
TOTAL_PER_PERSON = 20  # … and 2,000,000
REQUEST_SHARE = 0.1  # of contacts, service requests
LATE = 60  # unanswered requests past their clock, the same at both sizes
BATCH = 50_000


def _contacts(people: list[int], count: int, first_day, last_day, rng) -> tuple[list, list]:
    """`count` contacts between two days: (contact rows, request rows)."""
    from yinling.care.models import Contact, ServiceRequest

    span = (last_day - first_day).days
    modes, kinds = Contact.Mode.values, Contact.Kind.values
    categories = ServiceRequest.Category.values
    contacts, requests = [], []
    tz = timezone.get_current_timezone()
    for _ in range(count):
        person = rng.choice(people)
        day = first_day + timedelta(days=rng.randint(0, span))
        if rng.random() < REQUEST_SHARE:
            raised = datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)), tzinfo=tz)
            answered = raised + timedelta(minutes=rng.randint(5, 1500))
            requests.append((person, rng.choice(categories), "基准工单", False, "phone", "", "rated", raised, raised + timedelta(hours=24),
                             answered, answered + timedelta(hours=4), 1))
        else:
            contacts.append((person, day, rng.choice(modes), rng.choice(kinds), timezone.now()))
    return contacts, requests


def _write(contacts: list, requests: list) -> None:
    from yinling.care.models import Contact, ServiceRequest
    from yinling.core.db import bulk_insert

    for start in range(0, len(contacts), BATCH):
        bulk_insert(Contact, ("person_id", "on", "mode", "kind", "created_at"), contacts[start:start + BATCH])
    for start in range(0, len(requests), BATCH):
        bulk_insert(ServiceRequest, ("person_id", "category", "description", "urgent", "via", "caller", "status", "raised_at", "due_at",
                                     "first_response_at", "resolved_at", "version"), requests[start:start + BATCH])


def _build_first(people: list[int], count: int, rng) -> None:
    """The last year's 200,000 contacts, the people's last contact from them, and today's late requests."""
    from yinling.care.models import ContactState, ServiceRequest
    from yinling.core.db import bulk_insert

    today = timezone.localdate()
    contacts, requests = _contacts(people, count, today - timedelta(days=365), today - timedelta(days=1), rng)
    _write(contacts, requests)
    last: dict[int, object] = {}
    for person, day, *_ in contacts:
        if last.get(person) is None or day > last[person]:
            last[person] = day
    for person, _, _, _, _, _, _, raised, *_ in requests:
        day = timezone.localtime(raised).date()
        if last.get(person) is None or day > last[person]:
            last[person] = day
    bulk_insert(ContactState, ("person_id", "last_contact_on", "last_contact_what"), [(p, d, "电话问候") for p, d in last.items()])
    now = timezone.now()
    raised = [now - timedelta(hours=rng.randint(25, 90)) for _ in range(LATE)]
    late = [(rng.choice(people), "medical", "基准待响应", False, "phone", "", "new", at, at + timedelta(hours=24), None, None, 1) for at in raised]
    bulk_insert(ServiceRequest, ("person_id", "category", "description", "urgent", "via", "caller", "status", "raised_at", "due_at",
                                 "first_response_at", "resolved_at", "version"), late)


def _pages(client: Client) -> dict:
    from .run import measure_page

    return {"overdue": measure_page(client, "/care/overdue/", {}), "late": measure_page(client, "/care/requests/", {"view": "late"})}


def care_figures(seed: int = 2026) -> dict:
    from yinling.accounts.models import User
    from yinling.care.models import Contact, ServiceRequest
    from yinling.core.db import refresh_statistics
    from yinling.core.models import OrgUnit
    from yinling.roster.models import Person

    rng = random.Random(seed)
    today = timezone.localdate()
    staff = User.objects.get(username="bench-staff")
    institution = OrgUnit.objects.get(kind=OrgUnit.Kind.INSTITUTION, name="基准大学")
    people = list(Person.objects.filter(institution=institution).values_list("id", flat=True))
    with transaction.atomic():
        _build_first(people, FIRST_PER_PERSON * len(people), rng)
    tables = ("care_contact", "care_servicerequest", "care_contactstate")  # vacuumed on PostgreSQL: see party.py
    refresh_statistics(*tables, vacuum=True)
    client = Client()
    client.force_login(staff)
    first = _pages(client)
    with transaction.atomic():  # nine earlier years: the history grows tenfold, the open queue not at all
        contacts, requests = _contacts(people, (TOTAL_PER_PERSON - FIRST_PER_PERSON) * len(people), today - timedelta(days=365 * 10), today - timedelta(days=366), rng)
        _write(contacts, requests)
    refresh_statistics(*tables, vacuum=True)
    full = _pages(client)
    figures = {"care_contacts": Contact.objects.count() + ServiceRequest.objects.count()}
    for size, pages in (("200k", first), ("2m", full)):  # named by the full run's sizes
        for page, measured in pages.items():
            figures.update({f"care_{page}_{size}_{k}": v for k, v in measured.items()})
    return figures
