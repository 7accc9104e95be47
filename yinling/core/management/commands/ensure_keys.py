"""Create the development secrets in the data folder on first run (never committed)."""
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "在数据目录中生成开发用密钥（已存在则不变）。"

    def handle(self, *args, **options):
        data_dir = settings.DATA_DIR
        data_dir.mkdir(parents=True, exist_ok=True)
        for name, make in (("secret_key", lambda: secrets.token_urlsafe(50)), ("field.key", lambda: secrets.token_urlsafe(32))):
            path = data_dir / name
            if not path.exists():
                path.write_text(make())
                path.chmod(0o600)
                self.stdout.write(f"generated {path}")
