"""Template helpers of the Party pages: a branch's member rows rendered in Python (a branch of a
few hundred members is listed 50 a page; Django's per-cell template machinery cost more than the
rest of the page), every value escaped."""
from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from yinling.core.templatetags.yinling import escape

register = template.Library()

_NONE = "—"


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else _NONE


@register.simple_tag
def member_rows(rows) -> str:
    """<tr> of member_list.html for each selectors.MemberRow."""
    url = reverse("party:membership_detail", args=[999999999])
    out = []
    for m in rows:
        age = f"{m.party_age} 年" if m.party_age is not None else _NONE
        rate = f"{round(100 * m.present / m.expected)}%（{m.present}/{m.expected}）" if m.expected else _NONE
        notes = []
        if m.status == "probation":
            notes.append("预备党员")
        if m.mobile:
            notes.append(f"流动党员（{escape(m.mobile_place)}）")
        if m.dues_exempt:
            notes.append("免交党费")
        out.append(
            f'<tr><th scope="row"><a class="cell-link" href="{url.replace("999999999", str(m.pk))}">{escape(m.name)}</a></th>'
            f"<td>{escape(m.group) if m.group else _NONE}</td><td>{escape('、'.join(m.posts)) if m.posts else _NONE}</td>"
            f'<td>{_day(m.join_date)}</td><td>{_day(m.full_date)}</td><td class="text-end">{age}</td><td class="text-end">{rate}</td>'
            f'<td>{" ".join(notes)}</td></tr>')
    return mark_safe("\n".join(out))  # every value escaped above
