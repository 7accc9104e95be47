"""Load the demo university (run by `make run` when the database is empty)."""
from django.core.management.base import BaseCommand

from yinling.core.demo import DEMO_PASSWORD, build_demo
from yinling.core.models import OrgUnit


class Command(BaseCommand):
    help = "载入演示大学：约20个单位、1100名离退休人员、每个角色一个演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--people", type=int, default=1100)
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时什么也不做")

    def handle(self, *args, seed: int, people: int, if_empty: bool, **options):
        if OrgUnit.objects.exists():
            if if_empty:
                self.stdout.write("database already has data; demo not loaded")
                return
            self.stderr.write("数据库中已有数据，演示数据只能载入空数据库。")
            raise SystemExit(1)
        ctx = build_demo(seed=seed, people=people)
        self.stdout.write(self.style.SUCCESS(f"演示数据已载入（{people} 名离退休人员）。演示账号，密码均为 {DEMO_PASSWORD}："))
        for username, role, scope in ctx.accounts:
            self.stdout.write(f"  {username:<10} {role} — {scope}")
