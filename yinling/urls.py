"""The project's URLs: one include per app. A new module adds one line here (README, "Adding a module")."""
from django.urls import include, path

urlpatterns = [
    path("", include("yinling.core.urls")),
    path("", include("yinling.reports.urls")),
    path("accounts/", include("yinling.accounts.urls")),
    path("roster/", include("yinling.roster.urls")),
    path("party/", include("yinling.party.urls")),
    path("care/", include("yinling.care.urls")),
    path("health/", include("yinling.health.urls")),
    path("volunteers/", include("yinling.volunteers.urls")),
    path("pensions/", include("yinling.pensions.urls")),
    path("remote/", include("yinling.remote.urls")),
    path("travel/", include("yinling.travel.urls")),
    path("my/", include("yinling.portal.urls")),
    path("transfer/", include("yinling.transfer.urls")),
]
