"""`make bench`: the roster's speed at scale, against floors and peers measured in the same run.

Every figure that matters is a ratio of two timings taken here, on this machine, now:
our import against the bare calamine read of the same file and against
django-import-export; our list pages against their own raw SQL and against Django
admin's changelist; our export against bare XlsxWriter writing the same values; the
Party pages with ten years of branch life against themselves with one (bench/party.py); the care
lists with 2,000,000 contacts against themselves with 200,000 (bench/care.py); the yearly pension
adjustment's preview against the bare SQL reading its inputs, its approval against a bare insert of
the same items (bench/pensions.py).
Import and export run in child processes so each reports its own peak memory.
"""
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

REPEAT = 20
GOALS = {
    "import_vs_read": ("<=", 5), "peer_vs_import": (">=", 10), "import_peak_mb": ("<", 300),
    "list_vs_sql": ("<=", 5), "deep_vs_first": ("<=", 2), "admin_vs_list": (">=", 4), "admin_vs_deep": (">=", 10),
    "export_vs_floor": ("<=", 1.25), "export_peak_mb": ("<", 150),
    # Party building: ten years of branch life cost the compliance view and a member list no more
    # than one year does (1.5×), and each page stays within 5× its own SQL.
    "party_overview_growth": ("<=", 1.5), "party_members_growth": ("<=", 1.5),
    "party_overview_vs_sql": ("<=", 5), "party_members_vs_sql": ("<=", 5),
    # Care: the morning's lists cost no more at 2,000,000 contacts than at 200,000 (1.5×), within 5× their SQL.
    "care_overdue_growth": ("<=", 1.5), "care_late_growth": ("<=", 1.5),
    "care_overdue_vs_sql": ("<=", 5), "care_late_vs_sql": ("<=", 5),
    # Pensions: the adjustment's preview of 100,000 people within 5× the SQL reading its inputs; approval
    # writing 100,000 new items within 3× a bare insert of them.
    "pension_preview_vs_sql": ("<=", 5), "pension_approve_vs_insert": ("<=", 3),
}


def _peak_mb() -> float:
    """This process's own peak memory (MB).

    VmHWM, not getrusage(): ru_maxrss survives execve, so a step's child process would
    report the benchmark parent's size at the fork whenever that was larger (at a million
    people, after writing the source file, it is).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child(step: str, *args: str) -> dict:
    """Run one measured step in a fresh process; its last stdout line is its JSON result."""
    command = [sys.executable, "manage.py", "bench", "--step", step, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), cwd=settings.BASE_DIR)
    if done.returncode != 0:
        raise RuntimeError(f"bench step {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median_ms(fn, repeat: int = REPEAT) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 2)


def _paired_medians_ms(first, second, repeat: int = REPEAT) -> tuple[float, float]:
    """The median times (ms) of two things whose ratio is a goal, each timed right after the other.

    Taken in turns, both meet the same moments of a shared machine: a burst of someone else's
    work slows the two alike instead of whichever happened to be running, so the ratio is the
    code's and not the neighbour's.
    """
    timings: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for fn, into in ((first, timings[0]), (second, timings[1])):
            start = time.perf_counter()
            fn()
            into.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings[0]), 2), round(statistics.median(timings[1]), 2)


def _institution():
    from yinling.core.models import OrgUnit

    return OrgUnit.objects.get(kind=OrgUnit.Kind.INSTITUTION, name="基准大学")


# ---- steps run in child processes -------------------------------------------------

def step_read(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "rows": len(rows) - 1, "peak_mb": _peak_mb()}


def step_import(path: str) -> dict:
    from yinling.core.access import SYSTEM
    from yinling.transfer.reader import read_sheet
    from yinling.transfer.roster_import import import_roster

    start = time.perf_counter()
    report = import_roster(actor=SYSTEM, institution=_institution(), sheet=read_sheet(path), source="基准测试导入")
    seconds = time.perf_counter() - start
    assert report.imported and not report.errors, report.as_dict()["errors"][:5]
    return {"seconds": round(seconds, 3), "created": report.created, "peak_mb": _peak_mb()}


def step_peer_import(path: str) -> dict:
    import tablib

    from .peers import import_export_resource

    resource_ = import_export_resource(_institution().pk)
    start = time.perf_counter()
    with transaction.atomic():
        dataset = tablib.Dataset().load(Path(path).read_bytes(), format="xlsx")
        result = resource_.import_data(dataset, dry_run=False, use_transactions=True)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)  # leave the roster as our import left it
    if result.has_errors():
        problems = [str(e.error) for e in result.base_errors[:3]] + [
            f"row {n}: {[str(e.error) for e in errs][:2]}" for n, errs in result.row_errors()[:3]]
        raise RuntimeError(f"peer import failed: {problems}")
    return {"seconds": round(seconds, 3), "rows": len(dataset), "peak_mb": _peak_mb()}


def _export_queryset():
    from yinling.accounts.models import User
    from yinling.roster import selectors
    from yinling.roster.selectors import PersonFilters

    return selectors.person_list(user=User.objects.get(username="bench-staff"), filters=PersonFilters())


def step_export(out: str) -> dict:
    from django.utils import timezone

    from yinling.transfer import roster_export

    columns = [c for c in roster_export.COLUMNS if c.default]
    start = time.perf_counter()
    rows = _export_queryset().values_list(*roster_export.sources_for(columns, False)).iterator(chunk_size=2000)
    written = roster_export.write_xlsx(out, columns=columns, rows=rows, unmask=False, today=timezone.localdate())
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "rows": written, "peak_mb": _peak_mb()}


def step_export_floor(out: str) -> dict:
    """Bare XlsxWriter in constant-memory mode writing the very cells our export writes."""
    import xlsxwriter
    from django.utils import timezone

    from yinling.transfer import roster_export

    columns = [c for c in roster_export.COLUMNS if c.default]
    render = roster_export.renderer(columns, False, timezone.localdate())
    values = [render(row) for row in _export_queryset().values_list(*roster_export.sources_for(columns, False))]
    start = time.perf_counter()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(values, start=1):
        for c, value in enumerate(row):
            if hasattr(value, "isoformat"):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value)
    workbook.close()
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "rows": len(values), "peak_mb": _peak_mb()}


STEPS = {"read": step_read, "import": step_import, "peer_import": step_peer_import,
         "export": step_export, "export_floor": step_export_floor}


# ---- the run ------------------------------------------------------------------------

def _prepare_database() -> None:
    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(settings.DATABASES["default"]["NAME"]) + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    if connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0)


def _setup(units_count: int = 20):
    from yinling.accounts.models import RoleAssignment, User
    from yinling.accounts.roles import Role
    from yinling.core.models import OrgUnit
    from yinling.core.services import orgunit_create

    root = orgunit_create(name="基准省", kind=OrgUnit.Kind.REGION, parent=None)
    university = orgunit_create(name="基准大学", kind=OrgUnit.Kind.INSTITUTION, parent=root)
    names = [f"第{i + 1}学院" for i in range(units_count)]
    for i, name in enumerate(names):
        orgunit_create(name=name, kind=OrgUnit.Kind.UNIT, parent=university, sort_order=i)
    staff = User.objects.create_user("bench-staff", password="Bench#2026x")
    RoleAssignment.objects.create(user=staff, role=Role.OFFICE_STAFF, node=university)
    User.objects.create_superuser("bench-admin", password="Bench#2026x")
    return names


def measure_page(client: Client, url: str, params: dict) -> dict:
    """A page's median time (ms), its queries, and the median time of replaying those queries' SQL (sql_ms)."""
    client.get(url, params)  # warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    # Read the captured SQL now: every request clears the connection's query log.
    # A PostgreSQL server-side cursor (DECLARE … FOR SELECT) is replayed as its SELECT.
    statements = [re.sub(r"^DECLARE .*? CURSOR (?:WITH(?:OUT)? HOLD )?FOR ", "", q["sql"], flags=re.S)
                  for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]

    def replay():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    page_ms, sql_ms = _paired_medians_ms(lambda: client.get(url, params), replay)
    return {"queries": len(statements), "ms": page_ms, "sql_ms": sql_ms}


def _list_figures(people: int) -> dict:
    from yinling.accounts.models import User

    deep_page = min(1000, max(1, people // 20))  # 1,000 pages of 20 deep, or the last page of a smaller run
    admin_page = (deep_page - 1) * 20 // 100  # the admin's page (100 a page, 0-based) at the same row
    ours, admin = Client(), Client()
    ours.force_login(User.objects.get(username="bench-staff"))
    admin.force_login(User.objects.get(username="bench-admin"))
    pages = {
        # The site's lightest signed-in page (the same middleware, menu and layout, one small form): the
        # floor under any page, against which a page whose own SQL is a fraction of a millisecond is read.
        "frame": ("/accounts/password/", {}),
        "first": ("/roster/", {"q": "zj", "category": "tuixiu", "political": "cpc"}),
        "first_plain": ("/roster/", {}),
        "deep": ("/roster/", {"page": deep_page}),
    }
    admin_pages = {
        "first": ("/admin/roster/person/", {"q": "zj", "category__exact": "tuixiu", "health_status__exact": "healthy"}),
        "deep": ("/admin/roster/person/", {"p": admin_page} if admin_page else {}),
    }
    figures = {}
    for key, (url, params) in pages.items():
        figures.update({f"{key}_{k}": v for k, v in measure_page(ours, url, params).items()})
    for key, (url, params) in admin_pages.items():
        admin.get(url, params)
        with CaptureQueriesContext(connection) as captured:
            response = admin.get(url, params)
        assert response.status_code == 200, (key, response.status_code)
        figures[f"admin_{key}_queries"] = len(captured)
        figures[f"admin_{key}_ms"] = _median_ms(lambda url=url, params=params: admin.get(url, params))
    return figures


def run(people: int, seed: int = 2026, peer: bool = True) -> dict:
    started = time.perf_counter()
    _prepare_database()
    units = _setup()
    work = settings.DATA_DIR / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = work / f"people-{people}.xlsx"
    from .data import write_people_xlsx

    write_people_xlsx(source, people, seed=seed, units=units)
    read = _child("read", "--file", str(source))
    imported = _child("import", "--file", str(source))
    peer = _child("peer_import", "--file", str(source)) if peer else None
    # The lists are measured on the table as autovacuum leaves it a minute after the import:
    # on PostgreSQL the pages marked all-visible (deep pages then need not visit the table)
    # and the peer's rolled-back rows, dead tuples in the table and its indexes, cleared.
    from yinling.core.db import refresh_statistics
    from yinling.roster.models import Person

    refresh_statistics(Person._meta.db_table, vacuum=True)
    lists = _list_figures(people)
    from .party import party_figures

    party = party_figures()
    from .care import care_figures

    care = care_figures()
    from .pensions import pension_figures

    pensions = pension_figures()
    export = _child("export", "--file", str(work / "export.xlsx"))
    floor = _child("export_floor", "--file", str(work / "floor.xlsx"))

    result = {
        "people": people,
        "database": connection.vendor,
        "file_mb": round(source.stat().st_size / 1048576, 1),
        "read_s": read["seconds"],
        "import_s": imported["seconds"],
        "import_rows_per_s": round(people / imported["seconds"]),
        "peer_import_s": peer["seconds"] if peer else None,
        "peer_rows_per_s": round(people / peer["seconds"]) if peer else None,
        "import_vs_read": round(imported["seconds"] / read["seconds"], 2),
        "peer_vs_import": round(peer["seconds"] / imported["seconds"], 2) if peer else None,
        "import_peak_mb": imported["peak_mb"],
        "read_peak_mb": read["peak_mb"],
        **lists,
        "list_vs_sql": round(lists["first_ms"] / lists["first_sql_ms"], 2),
        "deep_vs_first": round(lists["deep_ms"] / lists["first_plain_ms"], 2),
        "admin_vs_list": round(lists["admin_first_ms"] / lists["first_ms"], 2),
        "admin_vs_deep": round(lists["admin_deep_ms"] / lists["deep_ms"], 2),
        **party,
        "party_overview_growth": round(party["party_overview_10y_ms"] / party["party_overview_1y_ms"], 2),
        "party_members_growth": round(party["party_members_10y_ms"] / party["party_members_1y_ms"], 2),
        "party_overview_vs_sql": round(party["party_overview_10y_ms"] / party["party_overview_10y_sql_ms"], 2),
        "party_members_vs_sql": round(party["party_members_10y_ms"] / party["party_members_10y_sql_ms"], 2),
        **care,
        "care_overdue_growth": round(care["care_overdue_2m_ms"] / care["care_overdue_200k_ms"], 2),
        "care_late_growth": round(care["care_late_2m_ms"] / care["care_late_200k_ms"], 2),
        "care_overdue_vs_sql": round(care["care_overdue_2m_ms"] / care["care_overdue_2m_sql_ms"], 2),
        "care_late_vs_sql": round(care["care_late_2m_ms"] / care["care_late_2m_sql_ms"], 2),
        "care_late_vs_frame": round(care["care_late_2m_ms"] / lists["frame_ms"], 2),
        **pensions,
        "pension_preview_vs_sql": round(pensions["pension_preview_ms"] / pensions["pension_preview_sql_ms"], 2),
        "pension_approve_vs_insert": round(pensions["pension_approve_ms"] / pensions["pension_insert_ms"], 2),
        "export_s": export["seconds"],
        "export_floor_s": floor["seconds"],
        "export_vs_floor": round(export["seconds"] / floor["seconds"], 2),
        "export_peak_mb": export["peak_mb"],
        "total_s": round(time.perf_counter() - started, 1),
    }
    result["goals_met"] = {
        key: (result[key] <= bound if op == "<=" else result[key] >= bound if op == ">=" else result[key] < bound)
        for key, (op, bound) in GOALS.items() if result[key] is not None
    }
    return result
