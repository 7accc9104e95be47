"""core's own menu entries (the audit log, the org tree), audit labels and sweep sample."""
from .plugins import audit_labels, menu_item, sweep_sample
from .rules import AUDIT_VIEW, ORG_MANAGE

menu_item(label="组织机构", url_name="core:org_list", icon="diagram-3", capability=ORG_MANAGE, order=85, pages=("core:org_edit",))
menu_item(label="审计日志", url_name="core:audit_list", icon="journal-text", capability=AUDIT_VIEW, order=90)

audit_labels({"org_rename": "单位更名", "org_move": "调整上级单位"})


@sweep_sample("core:org_edit")
def _strangers_node(ctx) -> list[dict]:
    return [{"pk": ctx.stranger.home_id}]
