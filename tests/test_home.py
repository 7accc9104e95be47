"""The home page shows real figures, each role's own."""
from tests.conftest import login
from yinling.accounts.models import User
from yinling.core.demo import build_demo
from yinling.roster.models import Person


def overview(response) -> dict:
    """The roster's card on the home page (registered by roster/hooks.py)."""
    return next(ctx for card, ctx in response.context["cards"] if card.key == "roster_overview")["o"]


def test_it_shows_the_office_its_totals(world, as_role):
    response = as_role("office_staff").get("/")
    o = overview(response)
    assert o["total"] == 2
    assert dict((label, n) for _, label, n in o["by_category"])["退休"] == 2
    assert sum(n for _, n in o["age_bands"]) == 2


def test_it_shows_a_care_officer_only_their_unit(world, as_role):
    o = overview(as_role("unit_officer").get("/"))
    assert o["total"] == 1 and o["by_unit"] == [("临床医学系", 1)]


def test_it_draws_its_charts_from_data_without_inline_script(world, as_role):
    page = as_role("office_staff").get("/").content.decode()
    assert 'id="chart-data" type="application/json"' in page
    assert "<script>" not in page


def test_it_hides_health_and_care_counts_from_a_branch_secretary(world, as_role):
    o = overview(as_role("branch_secretary").get("/"))
    assert o["total"] == 1 and o["alone"] is None and o["disabled"] is None and o["hospitalized"] is None
    assert overview(as_role("office_staff").get("/"))["alone"] == 0


def test_it_sends_a_volunteer_to_the_people_they_serve(as_role):
    page = as_role("volunteer").get("/").content.decode()
    assert "请从左侧菜单进入您的工作页面" in page and 'href="/roster/mine/"' in page


def test_it_sends_a_retiree_to_their_own_pages(as_role):
    response = as_role("retiree").get("/")
    assert response.status_code == 302 and response["Location"] == "/my/"


def test_demo_university_is_sized_on_the_source_and_deterministic(db):
    accounts = build_demo(seed=2026)
    assert {row[0] for row in accounts.accounts} == {"admin", "staff", "unit", "secretary", "liaison", "volunteer", "retiree", "auditor"}
    people = Person.objects.all()
    assert people.count() == 1100
    assert 480 <= people.filter(political_status=Person.Political.CPC).count() <= 540
    assert 80 <= people.filter(residence=Person.Residence.REMOTE).count() <= 120
    lixiu = people.filter(category=Person.Category.LIXIU)
    assert lixiu.count() >= 5 and all(p.age() >= 95 for p in lixiu)
    assert not people.filter(name__in=["周建忠", "成长春", "庄安正", "徐乃为", "王敦琴", "张卫斌", "钱吉华"]).exists()
    assert people.values("grid").distinct().count() == 8
    staff = User.objects.get(username="staff")
    assert overview(login(staff).get("/"))["total"] == people.filter(status="active").count()


def test_demo_gives_the_same_people_from_the_same_seed(db):
    from datetime import date

    from django.db import transaction

    def build_and_read(seed):
        with transaction.atomic():
            build_demo(seed=seed, people=40, today=date(2026, 11, 28))
            rows = list(Person.objects.order_by("id").values_list("name", "birth_date", "phone", "unit__name"))
            transaction.set_rollback(True)
        return rows

    first, again, other = build_and_read(5), build_and_read(5), build_and_read(6)
    assert first == again and len(first) == 40
    assert first != other


def test_a_retiree_reaching_a_staff_address_lands_on_their_own_pages(world, as_role):
    retiree = as_role("retiree")
    for url in (f"/roster/{world.lit_person.pk}/", "/roster/", "/audit/"):
        response = retiree.get(url)
        assert response.status_code == 302 and response["Location"] == "/my/", url
    page = retiree.get("/my/").content.decode()
    assert 'class="portal"' in page and "已为您打开您自己的页面" in page
    staff = as_role("office_staff").get("/my/")
    assert staff.status_code == 403 and 'class="portal"' not in staff.content.decode()


def test_the_login_page_is_made_for_an_elder_too(client, settings):
    page = client.get("/accounts/login/").content.decode()
    assert "login-page" in page and "不是身份证号" in page
    assert f'href="tel:{settings.OFFICE_PHONE}"' in page and "忘记密码" in page


def test_the_unit_chart_counts_everyone_with_the_smaller_units_as_one_bar(world):
    from yinling.core.models import OrgUnit
    from yinling.core.services import orgunit_create
    from yinling.roster.selectors import UNITS_SHOWN, roster_overview

    for n in range(UNITS_SHOWN + 3):
        unit = orgunit_create(name=f"第{n}研究所", kind=OrgUnit.Kind.UNIT, parent=world.uni_a)
        world.person(name=f"所员{n}", unit=unit)
    overview = roster_overview(user=world.users["office_staff"])
    assert len(overview["by_unit"]) == UNITS_SHOWN and overview["by_unit"][-1][0].startswith("其他")
    assert sum(n for _, n in overview["by_unit"]) == overview["total"]
