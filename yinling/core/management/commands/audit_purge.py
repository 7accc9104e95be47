"""Remove audit rows older than the retention period, never younger than 180 days."""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from yinling.core.audit import SYSTEM_NAME, audit
from yinling.core.audit_chain import seal_pending
from yinling.core.models import AuditEntry


class Command(BaseCommand):
    help = "清理超过保存期限的审计日志（保存期限不得少于180天）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS, help="保存天数（至少180天）")

    def handle(self, *args, days: int, **options):
        minimum = settings.AUDIT_MIN_RETENTION_DAYS
        if days < minimum:
            raise CommandError(f"审计日志至少保存{minimum}天，不能设为{days}天。")
        cutoff = timezone.now() - timedelta(days=days)
        seal_pending()  # the chain is cut where it is sealed: every old entry has its place first
        with transaction.atomic():
            # The chain's start moves to the first entry kept: the purge's own entry records where
            # the removed part ended, so audit_verify checks what is left from there.
            through = (AuditEntry.objects.filter(at__lt=cutoff, seq__isnull=False).order_by("-seq")
                       .values_list("seq", "chain").first())
            removed = 0
            if through:
                # The model refuses deletes; the purge is the one sanctioned path, by raw SQL,
                # and the database's trigger still refuses anything younger than the minimum.
                table = connection.ops.quote_name(AuditEntry._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {table} WHERE seq <= %s", [through[0]])
                    removed = cursor.rowcount
            audit(actor=None, action="purge", actor_name=SYSTEM_NAME,
                  changes={"chain_through": through[0], "chain": through[1]} if through else {},
                  note=f"清理 {cutoff:%Y-%m-%d} 之前的日志 {removed} 条（保存期限 {days} 天）")
        self.stdout.write(f"removed {removed} audit rows older than {days} days")
