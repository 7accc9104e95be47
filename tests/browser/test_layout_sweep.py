"""Every page of every role, on a 375 px phone and a 1,366 px desktop: no sideways scroll of the page,
no word broken a character per line, every control big enough to tap, axe-core without a violation."""
import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import axe_violations
from tests.conftest import login
from tests.test_url_sweep import NOT_PAGES, _patterns
from yinling.core.plugins import layout_page_samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1366)
ROLES = ("office_admin", "office_staff", "unit_officer", "branch_secretary", "liaison", "volunteer", "auditor", "retiree")
TARGET = {"staff": 44, "portal": 60}  # px, the staff pages' and the elder pages' minimum

# In the page: the page's sideways overflow, controls smaller than the minimum, words broken into single characters.
MEASURE = """(minimum) => {
  const root = document.documentElement;
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]")) {
    if (!visible(el) || el.closest(".visually-hidden, .skip-link")) continue;
    // A link inside a sentence is text, not a control (WCAG 2.5.5's inline exception).
    if (el.tagName === "A" && getComputedStyle(el).display === "inline" && el.parentElement
        && el.parentElement.innerText.trim().length > (el.innerText || "").trim().length + 4) continue;
    let box = el.getBoundingClientRect();
    if (el.matches("input[type=checkbox], input[type=radio]")) {  // the label around or beside it is the target
      const label = el.closest("label, .form-check") || document.querySelector(`label[for="${el.id}"]`);
      if (label) box = label.getBoundingClientRect();
    }
    if (box.height < minimum - 0.5 || box.width < minimum - 0.5) small.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || el.getAttribute("aria-label") || "").trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  const broken = [];  // a short label laid out a character or two a line
  for (const el of document.querySelectorAll("main th, main td, main .btn, main h1, main h2, main .nav-link, header .btn, header a")) {
    const text = (el.innerText || "").trim();
    if (!visible(el) || text.length < 2 || text.length > 12) continue;
    // The lines its text runs over: the tops of the text's boxes, those closer than half a line together.
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); const tops = [];
    while (walker.nextNode()) { const range = document.createRange(); range.selectNodeContents(walker.currentNode);
      for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top); }
    const half = (parseFloat(getComputedStyle(el).fontSize) || 16) * 0.6;
    const lines = tops.sort((a, b) => a - b).filter((top, i, all) => i === 0 || top - all[i - 1] > half).length;
    if (lines >= 2 && lines * 2 >= text.replace(/\\s/g, "").length) broken.push(text);
  }
  return {overflow: root.scrollWidth - window.innerWidth, small: small.slice(0, 8), broken: broken.slice(0, 8)};
}"""


# Addresses that answer with a file, not a page: their route names the file (…/export.xlsx, …/memo.docx).
FILE_SUFFIXES = (".xlsx", ".docx", ".pdf", ".csv")


def _urls(world, role, samples: list[str]) -> list[str]:
    urls = [reverse(name) for name, count in _patterns() if not count and name not in NOT_PAGES]
    urls = [url for url in urls if not url.endswith(FILE_SUFFIXES)]
    urls += samples  # the modules' pages that take an id (core.plugins.layout_pages)
    person = world.lit_person if role == "retiree" else world.med_person
    urls += [reverse("roster:person_detail", args=[person.pk]), reverse("roster:person_edit", args=[person.pk]),
             f"{reverse('roster:person_detail', args=[person.pk])}?tab=history", reverse("roster:person_sheet", args=[person.pk])]
    return urls


def _context(browser, live_server, user, width):
    session = login(user).cookies["sessionid"].value  # the second factor passed where the role needs it
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_a_desktop(browser, live_server, world, role):
    problems = []
    samples = [url for pages in layout_page_samples() for url in pages(world)]
    for width in WIDTHS:
        context = _context(browser, live_server, world.users[role], width)
        page = context.new_page()
        seen = set()
        for url in _urls(world, role, samples):
            response = page.goto(live_server.url + url)
            final = page.url
            if response is None or response.status >= 400 or final in seen:
                continue  # pages a role may not open answer 403/404 (the URL sweep checks that)
            seen.add(final)
            kind = "portal" if page.locator("body.portal").count() else "staff"
            found = page.evaluate(MEASURE, TARGET[kind])
            where = f"{role} {width}px {url}"
            if found["overflow"] > 1:
                problems.append(f"{where}: the page scrolls sideways by {found['overflow']} px")
            if found["small"]:
                problems.append(f"{where}: too small to tap: {found['small']}")
            if found["broken"]:
                problems.append(f"{where}: broken a character per line: {found['broken']}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe: {violations}")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_sweep_reaches_the_pages_it_should(world):
    assert len(_urls(world, "office_staff", [])) > 15
    assert Client().get("/").status_code == 302  # and a stranger only the login page
