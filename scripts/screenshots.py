"""Screenshots of the main pages of a running Yinling, for looking at what we built.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
Logs in as the demo office staff (and the care officer), saves PNGs.
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def login(page, username):
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Yinling#2026")
    page.click("button[type=submit]")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, suffix in ((1366, ""), (390, "-phone")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{BASE}/accounts/login/")
            page.screenshot(path=OUT / f"login{suffix}.png", full_page=True)
            login(page, "staff")
            page.wait_for_timeout(800)
            page.screenshot(path=OUT / f"home{suffix}.png", full_page=True)
            page.goto(f"{BASE}/roster/?q=zjz")
            page.screenshot(path=OUT / f"roster-search{suffix}.png", full_page=True)
            page.goto(f"{BASE}/roster/")
            page.screenshot(path=OUT / f"roster{suffix}.png", full_page=True)
            page.click("table.roster-table tbody tr:first-child a")
            page.screenshot(path=OUT / f"person{suffix}.png", full_page=True)
            page.goto(page.url + "edit/")
            page.screenshot(path=OUT / f"person-edit{suffix}.png", full_page=True)
            page.close()
        page = browser.new_page(viewport={"width": 390, "height": 800})
        login(page, "retiree")
        page.screenshot(path=OUT / "portal-phone.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
