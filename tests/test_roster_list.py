"""Finding people as the office finds them, and a list that stays cheap at any page size."""
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login, make_id
from yinling.accounts.models import User
from yinling.core.demo import build_demo
from yinling.roster.models import Person


@pytest.fixture
def searchable(world):
    for name in ("单立群", "曾宪文", "仇德明", "解秀英", "𠮷祥", "阿依古丽·买买提", "张建华"):
        world.person(name=name, gender="F" if name in ("解秀英", "阿依古丽·买买提") else "M")
    return world


def _names(client, **params) -> list[str]:
    response = client.get("/roster/", params)
    assert response.status_code == 200
    return [p.name for p in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("zjz", {"张建中"}),
        ("ZJZ", {"张建中"}),
        ("zhangjianzhong", {"张建中"}),
        ("zhangjian", {"张建中", "张建华"}),
        ("slq", {"单立群"}),
        ("shanliqun", {"单立群"}),
        ("zengxianwen", {"曾宪文"}),
        ("qiudeming", {"仇德明"}),
        ("xxy", {"解秀英"}),
        ("𠮷", {"𠮷祥"}),
        ("jixiang", {"𠮷祥"}),
        ("阿依古丽", {"阿依古丽·买买提"}),
        ("ayglmmt", {"阿依古丽·买买提"}),
        ("建", {"张建中", "张建华"}),
        ("0001", {"张建中"}),  # last digits of the phone
        ("１３９１２３４０００２", {"李秀兰"}),  # full-width phone
    ],
)
def test_it_finds_people_by_name_pinyin_and_digits(searchable, query, expected):
    assert set(_names(login(searchable.users["office_staff"]), q=query)) == expected


def test_it_finds_a_person_by_the_last_four_digits_and_the_whole_id_number(world):
    client = login(world.users["office_staff"])
    number = world.lit_person.id_number
    assert "李秀兰" in _names(client, q=number[-4:])
    assert _names(client, q=number) == ["李秀兰"]
    assert _names(client, q=number[:6] + " " + number[6:].lower()) == ["李秀兰"]


def test_it_searches_only_inside_the_scope(world):
    assert _names(login(world.users["office_staff"]), q="zds") == []  # 赵德胜 is at the other university
    assert _names(login(world.users["staff_b"]), q="zds") == ["赵德胜"]


def test_it_filters_by_category_unit_age_and_flags(world):
    today = date.today()
    world.person(name="钱老", birth=date(today.year - 96, 1, 1), category=Person.Category.LIXIU, unit=world.clinical)
    world.person(name="孙独居", living_arrangement=Person.Living.ALONE, residence=Person.Residence.REMOTE,
                 residence_province="上海市", residence_city="上海")
    client = login(world.users["office_staff"])
    assert _names(client, category="lixiu") == ["钱老"]
    assert set(_names(client, unit=world.med.pk)) == {"钱老", "张建中"}  # the unit's subtree
    assert _names(client, age_band="90") == ["钱老"]
    assert set(_names(client, flags="aged")) == {"钱老", "张建中", "孙独居"}  # born 1946: 80 this year
    assert _names(client, flags="lixiu") == ["钱老"]
    assert _names(client, living="alone", residence="remote") == ["孙独居"]
    assert set(_names(client, political="cpc")) == {"张建中"}


def test_it_sorts_by_pinyin_and_by_age(world):
    world.person(name="艾青松", birth=date(1940, 1, 1))
    client = login(world.users["office_staff"])
    assert _names(client)[0] == "艾青松"
    assert _names(client, sort="age_desc")[0] == "艾青松"
    assert _names(client, sort="age_asc")[0] == "李秀兰"


def test_who_may_call_every_row_calls_from_the_list_and_others_see_masks(world):
    liaison = login(world.users["liaison"]).get("/roster/").content.decode()
    assert '<a class="tel" href="tel:13912340001">13912340001</a>' in liaison
    secretary = login(world.users["branch_secretary"]).get("/roster/").content.decode()
    assert "139****0001" in secretary and "13912340001" not in secretary and "tel:" not in secretary


def test_it_pages_with_the_same_number_of_queries_whatever_the_page_size(db):
    build_demo(seed=7, people=240)
    client = login(User.objects.get(username="staff"))
    client.get("/roster/")  # the session's first request stamps it; measure the ones after
    counts = {}
    for per_page in (20, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/roster/", {"per_page": per_page, "page": 2})
        assert len(response.context["page"].object_list) == per_page
        counts[per_page] = len(queries)
    assert counts[20] == counts[100], counts
    # session, user, roles, count, units for the filter, the page's ids, its rows (+1 on PostgreSQL,
    # whose server-side cursor for the unit choices is logged as two statements)
    assert counts[20] <= (8 if connection.vendor == "postgresql" else 7)


def test_it_serves_the_result_table_alone_to_htmx(world):
    client = login(world.users["office_staff"])
    response = client.get("/roster/", {"q": "zjz"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body and "张建中" in body


def test_it_refuses_the_list_to_a_volunteer(as_role):
    assert as_role("volunteer").get("/roster/").status_code == 403


def test_make_id_helper_is_valid():
    from yinling.lib import idcard

    assert idcard.parse(make_id(date(1950, 1, 1))).birth_date == date(1950, 1, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_it_shows_an_estimate_instead_of_counting_a_huge_list(world, monkeypatch):
    from yinling.core import pagination

    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    page = login(world.users["office_staff"]).get("/roster/").content.decode()
    assert "共约" in page


def test_it_counts_exactly_when_the_list_is_small(world):
    page = login(world.users["office_staff"]).get("/roster/").content.decode()
    assert "共 <strong>2</strong> 人" in page


@pytest.mark.parametrize("found_by_key_first", [False, True])
def test_a_deep_page_shows_the_right_people_in_order(db, monkeypatch, found_by_key_first):
    from yinling.core import pagination

    if found_by_key_first:  # as a page over 1,000 rows deep is found: its keys first, then its rows
        monkeypatch.setattr(pagination, "SHALLOW", 0)
    build_demo(seed=3, people=120)
    client = login(User.objects.get(username="staff"))
    everyone = list(Person.objects.filter(status="active").order_by("name_pinyin", "id").values_list("id", "name"))
    response = client.get("/roster/", {"page": 3, "per_page": 20})
    assert [(p.id, p.name) for p in response.context["page"].object_list] == everyone[40:60]
    html = response.content.decode()  # the rows on the page, in that order
    links = [html.index(f'href="{reverse("roster:person_detail", args=[pk])}"') for pk, _ in everyone[40:60]]
    assert links == sorted(links)


def test_each_row_shows_coded_fields_in_chinese(world):
    world.person(name="钱玉芬", gender="F", category=Person.Category.LIXIU, health_status=Person.Health.CHRONIC,
                 living_arrangement=Person.Living.ALONE)
    page = login(world.users["office_staff"]).get("/roster/", {"q": "钱玉芬"}).content.decode()
    row = page[page.index("<tbody>"):]
    row = row[:row.index("</tr>")]
    cells = [cell.split(">", 1)[-1].split("<", 1)[0].strip() for cell in row.split("<td")[1:]]
    assert {"女", "离休", "慢病", "独居"} <= set(cells)


def test_it_shows_what_people_typed_as_text_never_as_markup(world, as_role):
    from yinling.roster.models import Person

    person = world.person(name="王<b>明", unit=world.lit, post='"><script>alert(1)</script>')
    Person.objects.filter(pk=person.pk).update(residence="remote", residence_city="<i>上海")
    page = as_role("office_staff").get("/roster/", {"status": "all", "per_page": 100}).content.decode()
    assert "王&lt;b&gt;明" in page and "<b>明" not in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "异地（&lt;i&gt;上海）" in page


def test_a_printed_list_holds_the_whole_filter_with_its_title_and_date(world, as_role, monkeypatch):
    from django.utils import timezone

    for n in range(25):  # more than a page on screen
        world.person(name=f"离休{n:02d}号", category=Person.Category.LIXIU, unit=world.clinical)
    client = as_role("office_staff")
    page = client.get("/roster/print/", {"category": "lixiu"}).content.decode()
    assert all(f"离休{n:02d}号" in page for n in range(25)) and "张建中" not in page
    assert "离退休人员名单" in page and "条件：人员类别：离休" in page and "共 25 人" in page
    assert timezone.localdate().strftime("%Y年%-m月%-d日") in page
    sign = client.get("/roster/print/", {"category": "lixiu", "sign": "1"}).content.decode()
    assert "离退休人员签收表" in sign and ">签名</th>" in sign and ">日期</th>" in sign


def test_a_long_printed_list_is_made_in_the_background_and_holds_every_person(world, as_role, monkeypatch):
    from yinling.roster import views
    from yinling.transfer.models import Job

    for n in range(12):
        world.person(name=f"离休{n:02d}号", category=Person.Category.LIXIU, unit=world.clinical)
    world.person(name="退休甲", category=Person.Category.TUIXIU, unit=world.clinical)
    monkeypatch.setattr(views, "PRINT_DIRECT_ROWS", 10)
    client = as_role("office_staff")
    offer = client.get("/roster/print/", {"category": "lixiu", "sign": "1"}).content.decode()
    assert "生成打印版" in offer and "离休00号" not in offer  # too long to render while waiting: offered as a job
    action = re.search(r'action="(/transfer/print/[^"]*)"', offer).group(1).replace("&amp;", "&")
    job_page = client.post(action, {"sign": "1"}, follow=True)
    job = Job.objects.get(kind=Job.Kind.PRINT)
    assert job.status == Job.Status.DONE and job.report["rows"] == 12
    assert "打开打印版" in job_page.content.decode() and 'max="100" value="100"' in job_page.content.decode()
    printed = client.get(f"/transfer/jobs/{job.pk}/print/").content.decode()
    assert all(f"离休{n:02d}号" in printed for n in range(12)) and "退休甲" not in printed
    assert "离退休人员签收表" in printed and "条件：人员类别：离休" in printed and ">签名</th>" in printed
    assert as_role("liaison").get(f"/transfer/jobs/{job.pk}/print/").status_code == 404  # another's job


def test_the_roster_is_in_chinese_name_order(world):
    for name in ("陈华林", "程宝学", "陈宝清", "程志忠", "陈峰杰"):
        world.person(name=name)
    names = [n for n in _names(login(world.users["office_staff"])) if n[0] in "陈程"]
    assert names == ["陈宝清", "陈峰杰", "陈华林", "程宝学", "程志忠"]  # every 陈 (chen) before every 程 (cheng)
    found = _names(login(world.users["office_staff"]), q="chenhua")
    assert found == ["陈华林"]  # full pinyin, typed run together, still finds
