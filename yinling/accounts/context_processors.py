from yinling.accounts.roles import AUDIT_VIEW, ROSTER_EDIT, ROSTER_IMPORT, ROSTER_VIEW


def roles(request):
    """The signed-in user's roles and where they apply, shown in the sidebar."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    assignments = user.active_assignments()
    return {
        "my_assignments": assignments,
        "nav": {
            "roster": any(a.grants(ROSTER_VIEW) for a in assignments),
            "roster_edit": any(a.grants(ROSTER_EDIT) for a in assignments),
            "import": any(a.grants(ROSTER_IMPORT) for a in assignments),
            "audit": any(a.grants(AUDIT_VIEW) for a in assignments),
            "portal": any(a.role == "retiree" for a in assignments),
        },
    }
