"""What the roster adds to the platform: menu entries, the home page's figures, a person's tabs, sweep samples."""
from django.utils import timezone

from yinling.core.plugins import audit_labels, home_card, menu_item, person_tab, sweep_sample

from . import selectors
from .access import ROSTER_EDIT, ROSTER_VIEW, ROSTER_VISIT
from .visibility import ADDRESS, FAMILY, HEALTH, PHONE

menu_item(label="人员信息库", url_name="roster:person_list", icon="people", capability=ROSTER_VIEW, order=10,
          pages=("roster:*", "transfer:export_start", "transfer:print_start", "transfer:job_print"))
menu_item(label="数据质量", url_name="roster:quality", icon="clipboard-check", capability=ROSTER_EDIT, order=15)
menu_item(label="我的服务对象", url_name="roster:my_people", icon="person-heart", capability=ROSTER_VISIT, order=12)

audit_labels({"unmask": "查看完整证件号", "restore": "撤销归档"})


def _overview(user) -> dict:
    overview = selectors.roster_overview(user=user)
    return {
        "o": overview,
        "today": timezone.localdate(),
        "charts": {
            "category": [{"name": label, "value": n} for _, label, n in overview["by_category"]],
            "age": {"labels": [label for label, _ in overview["age_bands"]], "values": [n for _, n in overview["age_bands"]]},
            "units": {"labels": [label for label, _ in overview["by_unit"]][::-1], "values": [n for _, n in overview["by_unit"]][::-1]},
        },
    }


home_card(key="roster_overview", template="roster/_home_overview.html", context=_overview, capability=ROSTER_VIEW, order=10,
          scripts=("vendor/echarts/echarts.min.js",))


def _basic(user, person) -> dict | None:
    return {} if person.shows("basic") else None


def _contact(user, person) -> dict | None:
    return {} if person.shows(PHONE) or person.shows(ADDRESS) or person.shows(FAMILY) else None


def _health(user, person) -> dict | None:
    return {} if person.shows(HEALTH) else None


def _history(user, person) -> dict | None:
    if not person.shows("basic"):
        return None
    return {"history": selectors.person_history(person=person)}


person_tab(key="basic", label="基本信息", template="roster/tabs/basic.html", context=_basic, order=10)
person_tab(key="contact", label="联系与家属", template="roster/tabs/contact.html", context=_contact, order=20)
person_tab(key="health", label="健康与关爱", template="roster/tabs/health.html", context=_health, order=30)
person_tab(key="history", label="修改记录", template="roster/tabs/history.html", context=_history, order=90)


@sweep_sample("roster:person_detail", "roster:person_edit", "roster:person_archive", "roster:person_restore", "roster:person_sheet",
              "roster:person_reveal_id")
def _people(ctx) -> list[dict]:
    return [{"pk": p.pk} for p in ctx.people_outside]
