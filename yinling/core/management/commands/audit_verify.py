"""Check the audit log's hash chain: `manage.py audit_verify` prints the first broken link and exits 1."""
import sys

from django.core.management.base import BaseCommand

from yinling.core.audit_chain import seal_pending, verify
from yinling.core.models import AuditEntry


class Command(BaseCommand):
    help = "核验审计日志的哈希链：发现第一处被修改、删除或事后补写的记录。"

    def handle(self, *args, **options):
        sealed = seal_pending()
        broken = verify()
        total = AuditEntry.objects.count()
        if broken:
            self.stdout.write(f"审计日志链条断裂：{broken}")
            sys.exit(1)
        self.stdout.write(f"审计日志完整：共 {total} 条，链条无断裂（本次新封存 {sealed} 条）。")
