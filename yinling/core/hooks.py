"""core's own menu entry: the audit log."""
from .plugins import menu_item
from .rules import AUDIT_VIEW

menu_item(label="审计日志", url_name="core:audit_list", icon="journal-text", capability=AUDIT_VIEW, order=90)
