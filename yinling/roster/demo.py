"""The demo university's people: 1,100 retirees sized on the source text, with realistic gaps.

About 12 离休 aged 95+, ~46% Party members (their memberships: the party module's demo), ~9% living in
other cities, a grid and liaison each, family contacts, hobbies and needs, 15 deceased.
"""
import random
from datetime import date, timedelta

from django.utils import timezone

from yinling.core.access import SYSTEM
from yinling.core.db import refresh_statistics
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib import idcard
from yinling.lib.ages import EARLIEST_RETIREMENT_AGE
from yinling.lib.names import demo_phone, random_name

from . import services
from .models import EmergencyContact, Person, Tag

REMOTE_CITIES = [("上海市", "上海"), ("北京市", "北京"), ("江苏省", "南京"), ("江苏省", "苏州"), ("浙江省", "杭州"),
                 ("广东省", "深圳"), ("山东省", "青岛"), ("四川省", "成都"), ("湖北省", "武汉"), ("美国", "旧金山")]
AREA_CODES = ["320602", "320611", "320612", "320621", "320623", "320681", "320682", "320684", "320106", "321002"]
HOBBIES = ["书法", "绘画", "摄影", "合唱", "棋牌", "太极", "园艺", "诗词", "乐器", "舞蹈"]
NEEDS = ["就医陪诊", "政策咨询", "报销代办", "智能设备", "上门维修", "心理慰藉", "助餐", "助浴"]
TITLES = ["教授", "副教授", "讲师", "研究员", "副研究员", "高级工程师", "工程师", "主任医师", "副主任医师", "主任护师", "研究馆员", "高级实验师", ""]
POSTS = ["", "", "", "", "系主任", "副院长", "院长", "处长", "副处长", "科长", "教研室主任", "党总支书记"]
CHRONIC = ["高血压", "糖尿病", "冠心病", "慢阻肺", "骨质疏松", "脑梗后遗症"]
# Names that show the search's special cases: surname readings, a middle dot, a rare character.
SPECIAL_NAMES = ["单立群", "曾宪文", "仇德明", "解秀英", "阿依古丽·买买提", "𠮷祥"]
STREETS = ["青年中路", "人民东路", "工农路", "啬园路", "南大街", "崇川路", "跃龙路", "桃坞路"]



def _birth(rng: random.Random, category: str, today: date) -> date:
    if category == Person.Category.LIXIU:
        age = rng.randint(95, 101)
    else:
        # Mostly 60–85, thinning out towards 100.
        age = min(100, int(rng.triangular(58, 98, 70)))
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _retirement(rng: random.Random, category: str, gender: str, birth: date, today: date) -> date:
    """At the usual age (60; women 55 or 50), never in the future: someone not yet 60 retired early."""
    if category == Person.Category.LIXIU:
        return date(rng.randint(1983, 1992), rng.randint(1, 12), 1)
    age = 60 if gender == "M" else rng.choice([55, 50])
    retired = date(birth.year + age, birth.month, 1)
    if retired > today:  # retired early (illness, hazardous work): at the earliest lawful age or later
        retired = date(birth.year + EARLIEST_RETIREMENT_AGE[gender] + rng.randint(0, 3), birth.month, 1)
    return min(retired, today.replace(day=1))


def _work_start(i: int, category: str, birth: date) -> date | None:
    """When work started: 离休 cadres before October 1949 (what makes them 离休), others after school; a few
    records lack it, as real ones do (an adjustment linked to service lists them). Its own random source,
    so the rest of the demo stays as it was."""
    rng = random.Random(f"work-start-{i}")
    if rng.random() < 0.02:
        return None
    if category == Person.Category.LIXIU:
        return date(min(birth.year + rng.randint(15, 19), 1949), rng.choice([3, 5, 7]), 1)
    return date(birth.year + rng.randint(18, 25), rng.choice([7, 8, 9]), 1)


def _remote_address(rng: random.Random, province: str, city: str) -> str:
    """An address in another city: a municipality (北京市) is named once, a province's city after it."""
    place = province if province.startswith(city) else f"{province}{city}市" if province.endswith("省") else f"{province}{city}"
    return f"{place}{rng.choice(['幸福路', '长江路', '中山路'])}{rng.randint(1, 500)}号"



@demo_part("roster", order=40)
def _people(ctx: DemoContext) -> None:
    rng, today, people = ctx.rng, ctx.today, ctx.people
    university, units, grids = ctx.made["university"], ctx.made["units"], ctx.made["grids"]
    grid_places = ctx.made["grid_places"]
    staff, liaisons = ctx.made["staff"], ctx.made["liaisons"]
    hobby_tags = [Tag.objects.get_or_create(kind=Tag.Kind.HOBBY, name=n)[0] for n in HOBBIES]
    need_tags = [Tag.objects.get_or_create(kind=Tag.Kind.NEED, name=n)[0] for n in NEEDS]
    used: set[str] = set()
    rows: list[dict] = []
    special_names = SPECIAL_NAMES
    for i in range(people):
        roll = rng.random()
        category = Person.Category.LIXIU if i < 12 else (Person.Category.TUIZHI if roll < 0.01 else Person.Category.TUIXIU)
        gender = "M" if rng.random() < (0.8 if category == Person.Category.LIXIU else 0.55) else "F"
        if i < len(special_names):
            name = special_names[i]
            gender = "F" if name in {"解秀英", "阿依古丽·买买提"} else "M"
            used.add(name)
        else:
            name = random_name(rng, gender, used)
        birth = _birth(rng, category, today)
        seq = rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
        number = idcard.make(rng.choice(AREA_CODES), birth, seq)
        retirement = _retirement(rng, category, gender, birth, today)
        party = category == Person.Category.LIXIU or rng.random() < 0.455
        remote = rng.random() < 0.092
        grid_index = 7 if remote else rng.randrange(7)
        grid = grids[grid_index]
        _, district, community = grid_places[grid_index]
        province, city = rng.choice(REMOTE_CITIES) if remote else ("", "")
        age = today.year - birth.year
        health_roll = rng.random() + (0.25 if age >= 85 else 0)
        health = (Person.Health.HEALTHY if health_roll < 0.45 else Person.Health.CHRONIC if health_roll < 0.88
                  else Person.Health.SEMI_DISABLED if health_roll < 1.05 else Person.Health.DISABLED)
        living_roll = rng.random()
        living = (Person.Living.ALONE if living_roll < 0.11 else Person.Living.SPOUSE if living_roll < 0.66
                  else Person.Living.CHILDREN if living_roll < 0.93 else Person.Living.INSTITUTION)
        unit = rng.choice(units)
        deceased = i >= people - 15
        rows.append(dict(
            name=name, id_number=idcard.parse(number), ethnicity="汉族" if name != "阿依古丽·买买提" else "维吾尔族",
            category=category, retirement_date=retirement, unit=unit, work_start_date=_work_start(i, category, birth),
            post=rng.choice(POSTS), rank=(Person.Rank.PROVINCIAL if i in (20, 21, 22) else rng.choice([Person.Rank.NONE, Person.Rank.NONE, Person.Rank.SECTION, Person.Rank.DIVISION, Person.Rank.DEPUTY_DIVISION, Person.Rank.STAFF])),
            title=rng.choice(TITLES),
            political_status=Person.Political.CPC if party else rng.choice([Person.Political.MASSES] * 5 + [Person.Political.DEMOCRATIC]),
            phone=demo_phone(rng), phone2=f"0513-8{rng.randint(0, 9999999):07d}" if rng.random() < 0.3 else "",
            address=f"{district or '崇川区'}{rng.choice(STREETS)}{rng.randint(1, 300)}号{rng.randint(1, 12)}幢{rng.randint(101, 1802)}室" if not remote else _remote_address(rng, province, city),
            district=district, community=community, grid=grid,
            residence=Person.Residence.REMOTE if remote else Person.Residence.LOCAL,
            residence_province=province, residence_city=city, living_arrangement=living,
            health_status=health,
            chronic_conditions="、".join(rng.sample(CHRONIC, rng.randint(1, 2))) if health != Person.Health.HEALTHY else "",
            hospitalized=rng.random() < 0.02, family_doctor=category == Person.Category.LIXIU or rng.random() < 0.6,
            flag_provincial=i in (20, 21, 22), flag_contribution=rng.random() < 0.01, flag_hardship=rng.random() < 0.03,
            flag_empty_nest=living in (Person.Living.ALONE, Person.Living.SPOUSE) and rng.random() < 0.3,
            liaison=liaisons[grid_index],
            status=Person.Status.DECEASED if deceased else Person.Status.ACTIVE,
            death_date=today - timedelta(days=rng.randint(1, 300)) if deceased else None,
            archived_at=timezone.now() if deceased else None, archived_by=staff if deceased else None,
            archive_reason="去世" if deceased else "",
        ))
    services.people_bulk_create(actor=SYSTEM, institution=university, source="演示数据",
                                values={key: [row[key] for row in rows] for key in rows[0]})
    persons = list(Person.objects.filter(institution=university).order_by("id"))
    _add_doubtful_records(rng, persons)
    contacts, hobby_links, need_links, dedicated = [], [], [], {}
    Hobby = Person.hobbies.through
    Need = Person.service_needs.through
    for person in persons:
        if person.needs_dedicated_contact and not person.is_archived:
            dedicated[person.pk] = {"dedicated_contact": staff if rng.random() < 0.5 else liaisons[0]}
        for k in range(rng.choice([1, 1, 2])):
            relation = rng.choice(["儿子", "女儿", "配偶", "儿媳", "女婿", "侄子"])
            contacts.append(EmergencyContact(person=person, name=random_name(rng, "M" if relation in ("儿子", "女婿", "侄子") else "F", used),
                                             relation=relation, phone=demo_phone(rng), is_primary=k == 0))
        for tag in rng.sample(hobby_tags, rng.choice([0, 1, 1, 2, 3])):
            hobby_links.append(Hobby(person_id=person.pk, tag_id=tag.pk))
        if person.age(today) and person.age(today) >= 80 or person.health_status != Person.Health.HEALTHY:
            for tag in rng.sample(need_tags, rng.choice([0, 1, 2])):
                need_links.append(Need(person_id=person.pk, tag_id=tag.pk))
    services.people_bulk_update(actor=SYSTEM, institution=university, changes=dedicated, source="演示数据")
    EmergencyContact.objects.bulk_create(contacts, batch_size=1000)
    Hobby.objects.bulk_create(hobby_links, batch_size=1000)
    Need.objects.bulk_create(need_links, batch_size=1000)

    refresh_statistics(Person._meta.db_table)
    ctx.made["persons"] = persons


def _add_doubtful_records(rng: random.Random, persons: list[Person]) -> None:
    """Real rosters have gaps; the demo has a few, so the data-quality view has something to show.

    These are rows as an old spreadsheet left them (a birth date a day off the ID number, a
    person entered twice), which no service of today would write: so they are written here,
    below the services, on purpose and only in the demo.
    """
    active = [p for p in persons if p.status == Person.Status.ACTIVE and p.category == Person.Category.TUIXIU]
    if len(active) < 200:
        return  # a tiny demo (tests) stays clean
    picks = rng.sample(active[len(SPECIAL_NAMES):], 60)
    for p in picks[:18]:
        p.phone = p.phone2 = ""
    for p in picks[18:27]:
        p.address = ""
    for p in picks[45:48]:
        p.birth_date = p.birth_date + timedelta(days=1)  # typed by hand, a day off the ID number
    for p in picks[48:50]:  # entered twice, once without the ID number
        twin = picks[50 + picks.index(p) - 48]
        p.name, p.birth_date = twin.name, twin.birth_date
        p.name_pinyin, p.name_initials = twin.name_pinyin, twin.name_initials
    for p in picks[52:54]:
        p.id_number_encrypted, p.id_number_hash, p.id_number_tail = "", None, ""
        p.id_birth_date = p.birth_date = None
    for p in picks[54:56]:
        p.unit = None
    Person.objects.bulk_update(picks[:56], ["phone", "phone2", "address", "birth_date", "name", "name_pinyin",
                                            "name_initials", "id_number_encrypted", "id_number_hash", "id_number_tail",
                                            "id_birth_date", "unit"])
