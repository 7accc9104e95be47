"""Template helpers of the roster's pages."""
from collections.abc import Iterator
from datetime import date

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from yinling.core.choices import choice_labels
from yinling.core.templatetags.yinling import escape, field_label, row_url
from yinling.lib.ages import age_on
from yinling.lib.mask import mask_phone
from yinling.roster.models import Person
from yinling.roster.visibility import HEALTH

register = template.Library()

_NO_VALUE = "—"
_IN_HOSPITAL = ' <span class="badge text-bg-warning">住院</span>'
_SIGN_CELL = '<td class="print-only sign-col"></td>'


@register.filter
def person_field_label(name: str) -> str:
    """The Chinese label of a Person field named in a change-history entry."""
    return field_label(Person, name)


_LABELLED = ("status", "gender", "category", "health_status", "living_arrangement")


def _cells(p, labels: dict, health: bool, full_phone: bool, link, today: date) -> list[tuple[str, str]]:
    """One person's cells as (the cell's class, its escaped content): the same on screen and on paper.

    `p` is a row of roster.selectors.list_rows(): the key and the list's columns.
    """
    status = f' <span class="badge text-bg-secondary">{escape(labels["status"].get(p.status, p.status))}</span>' if p.status != "active" else ""
    name = f'<a class="cell-link fw-semibold" href="{link(p.id)}">{escape(p.name)}</a>' if link else escape(p.name)
    age = age_on(p.birth_date, today)
    cells = [
        ("", f"{name}{status}"),
        ("", escape(labels["gender"].get(p.gender, p.gender))),
        ("", _NO_VALUE if age is None else str(age)),
        ("", escape(labels["category"].get(p.category, p.category))),
        ("", escape(p.unit__name or _NO_VALUE)),
        ("d-none d-lg-table-cell", escape(p.post or p.title or _NO_VALUE)),
    ]
    if health:
        stay = _IN_HOSPITAL if p.hospitalized else ""
        cells.append(("d-none d-md-table-cell", f"{escape(labels['health_status'].get(p.health_status, p.health_status))}{stay}"))
    remote = p.residence == "remote"
    living = escape(labels["living_arrangement"].get(p.living_arrangement, p.living_arrangement)) + (" · " if remote else "") if health else ""
    place = f"异地（{escape(p.residence_city)}）" if remote else ("" if health else "本地")
    if p.phone and full_phone and link:  # on screen, for those who call: tap to call
        phone = f'<a class="tel" href="tel:{escape(p.phone)}">{escape(p.phone)}</a>'
    else:
        phone = escape((p.phone if full_phone else mask_phone(p.phone)) or _NO_VALUE)
    return [*cells, ("d-none d-md-table-cell print-hide", f"{living}{place}"), ("text-nowrap", phone),
            ("d-none d-xl-table-cell", escape(p.grid__name or _NO_VALUE))]


@register.simple_tag
def person_rows(people, groups, full_phone: bool = False):
    """The roster list's table rows (roster.selectors.list_rows()), built in Python.

    The list is the office's busiest page: as a template, its 20 rows were some 400 variable
    lookups, a third of the page's time (make bench, list_vs_sql). The cells are _cells(), as
    the printed list has them; every value goes through escape(), in plain f-strings, as
    format_html per cell cost nearly as much as the template did.
    """
    health = HEALTH in groups
    labels = {name: choice_labels(Person, name) for name in _LABELLED}
    link = row_url("roster:person_detail")
    today = timezone.localdate()
    rows = []
    for p in people:
        cells = "".join(f'<td class="{css}">{html}</td>' if css else f"<td>{html}</td>"
                        for css, html in _cells(p, labels, health, full_phone, link, today))
        rows.append(f"<tr>{cells}{_SIGN_CELL}</tr>")
    return mark_safe("\n".join(rows))  # every value in them escaped in _cells()


@register.simple_tag
def person_print_rows(people, groups, sign: bool = False):
    """Every row of a printed list (person_print.html): numbered, all columns, signature cells on a 签收表."""
    return mark_safe("\n".join(print_rows(people, groups, sign)))  # every value in them escaped in _cells()


def print_rows(people, groups, sign: bool = False) -> Iterator[str]:
    """The printed list's rows (roster.selectors.list_rows()) as HTML, one at a time (a long list is written
    to a file by a background job)."""
    health = HEALTH in groups
    labels = {name: choice_labels(Person, name) for name in _LABELLED}
    tail = '<td class="sign-col"></td><td class="sign-col"></td>' if sign else ""
    today = timezone.localdate()
    for number, p in enumerate(people.iterator(chunk_size=1000), start=1):
        cells = "".join(f'<td class="print-hide">{html}</td>' if "print-hide" in css else f"<td>{html}</td>"
                        for css, html in _cells(p, labels, health, False, None, today))
        yield f"<tr><td>{number}</td>{cells}{tail}</tr>"
