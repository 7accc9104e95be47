"""`make bench` runs this under yinling.settings_bench; see yinling/bench/run.py."""
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "性能基准：导入、名单分页、导出，与同一次运行中测得的基线和同类工具比较，最后一行输出 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-peer", action="store_true",
                            help="跳过 django-import-export 对照（百万级时它要跑半小时）")
        parser.add_argument("--step", help="(internal) run one measured step in this process")
        parser.add_argument("--file")

    def handle(self, *args, people: int, seed: int, step: str | None, file: str | None, no_peer: bool, **options):
        if "import_export" not in settings.INSTALLED_APPS:
            raise CommandError("请用 make bench 运行（DJANGO_SETTINGS_MODULE=yinling.settings_bench）。")
        from yinling.bench import run

        if step:
            self.stdout.write(json.dumps(run.STEPS[step](file)))
            return
        result = run.run(people, seed=seed, peer=not no_peer)
        for key, value in result.items():
            if key != "goals_met":
                self.stderr.write(f"{key:>22}: {value}")
        self.stderr.write("goals: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in result["goals_met"].items()))
        self.stdout.write(json.dumps(result, ensure_ascii=False))
