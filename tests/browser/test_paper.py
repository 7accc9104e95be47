"""On paper, as Chromium prints it to PDF: the whole filtered list with numbered pages; the registration form on one A4."""
import re
import subprocess

import pytest

from tests.browser.test_layout_sweep import _context
from yinling.roster.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf_text(page, path) -> tuple[int, str]:
    """(pages, text) of the page printed as Chromium prints it."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    data = path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


def test_a_printed_list_holds_every_person_of_the_filter_on_numbered_pages(browser, live_server, world, tmp_path):
    names = [f"离休{n:03d}号" for n in range(130)]
    for name in names:
        world.person(name=name, category=Person.Category.LIXIU, unit=world.clinical, phone="")
    context = _context(browser, live_server, world.users["office_staff"], 1366)
    page = context.new_page()
    page.goto(f"{live_server.url}/roster/print/?category=lixiu&sign=1")
    pages, text = _pdf_text(page, tmp_path / "list.pdf")
    flat = re.sub(r"\s+", "", text)
    assert pages > 1
    missing = [name for name in names if name not in flat]
    assert not missing, missing[:5]
    assert f"第1页共{pages}页" in flat and f"第{pages}页共{pages}页" in flat
    assert "条件：人员类别：离休" in flat and "签名" in flat
    context.close()


def test_a_registration_form_prints_on_one_a4_page(browser, live_server, world, tmp_path):
    context = _context(browser, live_server, world.users["office_staff"], 1366)
    page = context.new_page()
    page.goto(f"{live_server.url}/roster/{world.med_person.pk}/sheet/")
    pages, text = _pdf_text(page, tmp_path / "sheet.pdf")
    assert pages == 1 and "离退休人员登记表" in re.sub(r"\s+", "", text)
    context.close()
