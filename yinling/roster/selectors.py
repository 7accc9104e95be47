"""Reads of the roster. Every one starts from core.access.scope() with a named capability.

What of a person a user sees is decided here too (visibility.py's field groups): the
detail page gets a PersonView, the list's columns and filters follow list_groups().
"""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from yinling.accounts.models import RoleAssignment, current
from yinling.accounts.roles import Role
from yinling.core import crypto
from yinling.core.access import get_for_change, get_scoped_or_404, scope
from yinling.core.models import AuditEntry, OrgUnit
from yinling.core.rules import ORG_VIEW
from yinling.lib import ages, idcard
from yinling.lib.pinyin import pinyin_key_prefixes
from yinling.lib.text import clean

from .access import ROSTER_EDIT, ROSTER_OWN, ROSTER_VIEW, ROSTER_VISIT
from .models import Person
from .visibility import FIELD_CAPABILITIES, FULL_PHONE, HEALTH, ID, PersonView, list_groups, person_view, visible_history

SORTS = {
    "name": ("name_pinyin", "id"),
    "age_desc": ("birth_date", "id"),  # oldest first
    "age_asc": ("-birth_date", "id"),
    "unit": ("unit__path", "name_pinyin", "id"),
    "retired": ("-retirement_date", "id"),
}
FLAG_FILTERS = {
    "lixiu": ("离休干部", Q(category=Person.Category.LIXIU)),
    "provincial": ("省管干部", Q(flag_provincial=True)),
    "contribution": ("特殊贡献", Q(flag_contribution=True)),
    "hardship": ("特殊困难", Q(flag_hardship=True)),
    "empty_nest": ("空巢", Q(flag_empty_nest=True)),
    "aged": ("高龄（80岁以上）", None),  # by birth date, on the day
    "hospitalized": ("目前住院", Q(hospitalized=True)),
}
# Flags that tell of health or hardship: filtered on only by those who may see health and care.
HEALTH_FLAGS = frozenset({"contribution", "hardship", "empty_nest", "hospitalized"})


@dataclass
class PersonFilters:
    q: str = ""
    category: str = ""
    unit: int | None = None
    grid: int | None = None
    age_band: str = ""
    health: str = ""
    living: str = ""
    residence: str = ""
    political: str = ""
    flags: list[str] = field(default_factory=list)
    status: str = Person.Status.ACTIVE
    sort: str = "name"
    quality: str = ""  # a data-quality check's key (quality.py)
    no_unit: bool = False


def _prefix(field: str, key: str) -> Q:
    """field starts with key, as a range the field's index can serve (LIKE cannot on SQLite)."""
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    return Q(**{f"{field}__gte": key, f"{field}__lt": upper})


def search_condition(q: str, groups: frozenset[str] = frozenset({ID, FULL_PHONE})) -> Q:
    """Name, pinyin initials or full pinyin, ID number (whole or last digits), phone digits.

    ID numbers are searched only by those who may see ID tails; phones by their last four
    digits at most (what a masked phone shows), so a search never reads a hidden digit.
    """
    q = clean(q)
    if not q:
        return Q()
    compact = q.replace(" ", "")
    normalized = idcard.normalize(compact)
    may_id = ID in groups
    if len(normalized) in (15, 18) and normalized[:17].isdigit():
        if not may_id:
            return Q(pk__in=[])
        try:
            number = idcard.parse(normalized).number
            return Q(id_number_hash=crypto.lookup_hash(number))
        except idcard.IdCardError:
            pass
    if normalized and len(normalized) <= 4 and normalized[:-1].isdigit() and (normalized[-1].isdigit() or normalized[-1] == "X"):
        condition = Q(pk__in=[])
        if may_id:
            condition = Q(id_number_tail=normalized) if len(normalized) == 4 else Q(id_number_tail__endswith=normalized)
        if normalized.isdigit():
            condition |= Q(phone__endswith=normalized) | Q(phone2__endswith=normalized)
        return condition
    if normalized.isdigit():  # more than the four digits a masked phone shows
        return Q(phone__endswith=normalized) | Q(phone2__endswith=normalized) if FULL_PHONE in groups else Q(pk__in=[])
    if compact.isascii() and compact.replace("·", "").isalpha():
        key = compact.lower()
        # Initials (zjz), or full pinyin typed run together (zhangj): cut into syllables, it is the
        # start of a key (zhang0j); each way to cut it is one range of the name-order index.
        condition = _prefix("name_initials", key) | _prefix("name_pinyin", key)  # a foreign word (anna0li)
        for start in pinyin_key_prefixes(key):
            condition |= _prefix("name_pinyin", start)
        return condition
    return Q(name__contains=q)


# What the list shows, on screen and on paper (roster/_results.html, the printed list); loading only these keeps a page cheap.
LIST_COLUMNS = (
    "name", "status", "gender", "birth_date", "category", "post", "title", "health_status", "hospitalized",
    "living_arrangement", "residence", "residence_city", "phone", "unit__name", "grid__name",
)


def list_rows(people: QuerySet[Person]) -> QuerySet:
    """person_list()'s people as the list's rows: named tuples of the key and LIST_COLUMNS.

    The list is the office's busiest page and shows only these columns: tuples cost a third of
    what Person objects with their unit and grid joined cost to build (make bench, list_vs_sql).
    The key leads, as core.pagination.FastPaginator's `rows` must.
    """
    return people.values_list("id", *LIST_COLUMNS, named=True)


def person_list(*, user, filters: PersonFilters, today: date | None = None, capability: str = ROSTER_VIEW) -> QuerySet[Person]:
    """The people `user` may see, filtered; filters on hidden field groups are ignored, not applied."""
    today = today or timezone.localdate()
    groups = list_groups(user)
    qs = scope(user, Person.objects.all(), capability)
    if filters.status and filters.status != "all":
        qs = qs.filter(status=filters.status)
    qs = qs.filter(search_condition(filters.q, groups))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.unit:
        unit = scope(user, OrgUnit.objects.all(), ORG_VIEW).filter(pk=filters.unit).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if filters.no_unit:
        qs = qs.filter(unit__isnull=True)
    if filters.quality:
        from .quality import condition_for

        condition = condition_for(filters.quality)
        qs = qs.filter(condition) if condition is not None else qs
    if filters.grid:
        qs = qs.filter(grid_id=filters.grid)
    if filters.age_band:
        band = next((b for b in ages.AGE_BANDS if b[0] == filters.age_band), None)
        if band:
            earliest, latest = ages.birth_range_for_ages(band[2], band[3], today)
            qs = qs.filter(birth_date__lte=latest)
            if earliest:
                qs = qs.filter(birth_date__gte=earliest)
    health_filters = (("health_status", filters.health), ("living_arrangement", filters.living)) if HEALTH in groups else ()
    for name, value in (*health_filters, ("residence", filters.residence), ("political_status", filters.political)):
        if value:
            qs = qs.filter(**{name: value})
    for flag in filters.flags:
        if flag in HEALTH_FLAGS and HEALTH not in groups:
            continue
        if flag == "aged":
            _, latest = ages.birth_range_for_ages(ages.AGED_FROM, None, today)
            qs = qs.filter(birth_date__lte=latest)
        elif flag in FLAG_FILTERS:
            qs = qs.filter(FLAG_FILTERS[flag][1])
    ordering = SORTS.get(filters.sort, SORTS["name"])
    if filters.q and ordering == SORTS["name"]:
        # A search finds few people: let the database find them by the search's index and
        # sort them afterwards. Ordered by the bare column, PostgreSQL walks the whole
        # university in pinyin order hoping to meet 20 matches early (lower() of an
        # already lower-case key keeps the order and hides that index).
        ordering = (Lower("name_pinyin"), "id")
    return qs.order_by(*ordering)  # read as list_rows(), values for an export, or counted: nothing to join ahead


def unit_choices(*, user) -> QuerySet[OrgUnit]:
    """The units a user may pick in filters and forms: those of their own scope."""
    return scope(user, OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT), ORG_VIEW).order_by("path")


_DETAIL_RELATED = ("unit", "grid", "liaison", "dedicated_contact", "archived_by", "institution")


def person_detail(*, user, pk: int, capability: str = ROSTER_VIEW) -> PersonView:
    """One person as `user` may see them; 404 outside the user's scope for `capability`."""
    person = get_scoped_or_404(Person.objects.select_related(*_DETAIL_RELATED), user, capability, pk=pk)
    return person_view(user=user, person=person)


def own_record(*, user) -> PersonView | None:
    """The retiree's own record (the portal), all of it."""
    own = [a.person_id for a in user.active_assignments() if a.person_id and a.grants(ROSTER_OWN)]
    person = scope(user, Person.objects.select_related(*_DETAIL_RELATED), ROSTER_OWN).filter(pk__in=own).first()
    return person_view(user=user, person=person) if person else None


def person_for_edit(*, user, pk: int) -> Person:
    """The bare record, for the edit form: 404 outside the user's scope, 403 when visible but not theirs to change."""
    return get_for_change(Person.objects.select_related(*_DETAIL_RELATED), user, ROSTER_EDIT, pk=pk)


def person_history(*, person: PersonView) -> list[AuditEntry]:
    """The record's own change history, each entry reduced to the fields this viewer may see."""
    entries = list(AuditEntry.objects.filter(
        object_type=Person._meta.label_lower, object_id=str(person.pk),
        action__in=["create", "update", "archive"],
    ).order_by("-at", "-id")[:50])
    for entry in entries:
        fields = entry.changes.get("fields")
        if fields:
            entry.visible_fields = visible_history(fields, person.groups)
    return entries


UNITS_SHOWN = 15  # bars of the home page's unit chart; the rest are one bar, "其他"


def roster_overview(*, user, today: date | None = None) -> dict:
    """Figures for the home page: totals by category, by unit, age bands, residence."""
    today = today or timezone.localdate()
    groups = list_groups(user)
    active = scope(user, Person.objects.filter(status=Person.Status.ACTIVE), ROSTER_VIEW)
    by_category = dict(active.values_list("category").annotate(n=Count("id")).order_by())
    total = sum(by_category.values())
    bands = []
    for key, label, low, high in ages.AGE_BANDS:
        earliest, latest = ages.birth_range_for_ages(low, high, today)
        condition = Q(birth_date__lte=latest)
        if earliest:
            condition &= Q(birth_date__gte=earliest)
        bands.append((key, label, condition))
    band_counts = active.aggregate(**{k: Count("id", filter=c) for k, _, c in bands})
    units = [(row["unit__name"] or "未填写", row["n"])
             for row in active.values("unit__name").annotate(n=Count("id")).order_by("-n", "unit__name")]
    if len(units) > UNITS_SHOWN:  # every person counted: the smaller units together, named as such
        rest = units[UNITS_SHOWN - 1:]
        units = [*units[:UNITS_SHOWN - 1], (f"其他 {len(rest)} 个单位", sum(n for _, n in rest))]
    extra = active.aggregate(
        remote=Count("id", filter=Q(residence=Person.Residence.REMOTE)),
        party=Count("id", filter=Q(political_status__in=[Person.Political.CPC, Person.Political.CPC_PROBATION])),
        alone=Count("id", filter=Q(living_arrangement=Person.Living.ALONE)),
        hospitalized=Count("id", filter=Q(hospitalized=True)),
        disabled=Count("id", filter=Q(health_status__in=[Person.Health.SEMI_DISABLED, Person.Health.DISABLED])),
    )
    if HEALTH not in groups:  # counts of people living alone or disabled are health and care facts
        extra.update(alone=None, hospitalized=None, disabled=None)
    deceased_this_year = scope(user, Person.objects.filter(status=Person.Status.DECEASED, death_date__year=today.year), ROSTER_VIEW).count()
    return {
        "total": total,
        "by_category": [(value, label, by_category.get(value, 0)) for value, label in Person.Category.choices],
        "age_bands": [(label, band_counts[key]) for key, label, _ in bands if key != "u60" or band_counts[key]],
        "by_unit": units,
        "deceased_this_year": deceased_this_year,
        **extra,
    }


def people_to_visit(*, user) -> list[PersonView]:
    """The people a volunteer serves: name, visit address and masked phone, nothing more."""
    visiting = [a for a in user.active_assignments() if a.grants(ROSTER_VISIT)]
    # What every one of those assignments opens: no person shows more than the strictest allows.
    held = set.intersection(*({c for c in FIELD_CAPABILITIES if a.grants(c)} for a in visiting)) if visiting else set()
    people = scope(user, Person.objects.filter(status=Person.Status.ACTIVE), ROSTER_VISIT).order_by("name_pinyin", "id")
    return [PersonView(p, held) for p in people[:500]]


def liaisons_of(*, person: Person, on: date) -> list:
    """Who was this person's liaison on the day `on`: the liaisons of their grid then, and their named liaison.

    Assignments end rather than being deleted, so the answer for a past day stays true. (The
    person's grid is today's: a move between grids is in the change history, not replayed here.)
    """
    held = RoleAssignment.objects.filter(current(on), role=Role.LIAISON, node=person.grid_id).select_related("user").order_by("starts_on", "id")
    users = [a.user for a in held] if person.grid_id else []
    if person.liaison_id and all(u.pk != person.liaison_id for u in users):
        users.append(person.liaison)
    return users
