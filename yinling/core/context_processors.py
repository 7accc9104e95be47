"""The menu, built once from the modules' registered entries (core.plugins), with the current page's entry marked."""
from .plugins import menu_for


def menu(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {"menu": menu_for(user, match.view_name if match else ""), "my_assignments": user.active_assignments()}
