"""Grant the application's PostgreSQL role what it needs, and on the audit log no more.

Production runs two roles: migrations as the owner of the tables, the application as a
role that owns nothing. The application may read and write every table but the audit
log, where it may only SELECT and INSERT, and UPDATE the two columns of the seal
(core.audit_chain) — which the table's trigger lets through once per row. Not being
the owner, it cannot disable the trigger, TRUNCATE, DELETE or ALTER the log.

    manage.py grant_app_role yinling_app          # run as the owner, after every migrate
    manage.py grant_app_role yinling_app --print  # the statements only
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from yinling.core.models import AuditEntry


def grant_statements(role: str) -> list[str]:
    quote = connection.ops.quote_name
    audit = quote(AuditEntry._meta.db_table)
    who = quote(role)
    tables = [t for t in connection.introspection.table_names() if t != AuditEntry._meta.db_table]
    statements = [f"GRANT USAGE ON SCHEMA public TO {who}"]
    statements += [f"GRANT SELECT, INSERT, UPDATE, DELETE ON {quote(t)} TO {who}" for t in tables]
    statements += [
        f"REVOKE ALL ON {audit} FROM {who}",
        f"GRANT SELECT, INSERT ON {audit} TO {who}",
        f"GRANT UPDATE (seq, chain) ON {audit} TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
    ]
    return statements


class Command(BaseCommand):
    help = "为应用的数据库角色授权：审计日志只能查询和追加。"

    def add_arguments(self, parser):
        parser.add_argument("role")
        parser.add_argument("--print", action="store_true", dest="only_print", help="只打印语句，不执行")

    def handle(self, *args, role: str, only_print: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("只有 PostgreSQL 需要为应用单独设置角色。")
        statements = grant_statements(role)
        if only_print:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"granted {role}: {len(statements)} statements")
