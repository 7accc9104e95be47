from django.urls import include, path

urlpatterns = [
    path("", include("yinling.core.urls")),
    path("accounts/", include("yinling.accounts.urls")),
    path("roster/", include("yinling.roster.urls")),
    path("my/", include("yinling.portal.urls")),
    path("transfer/", include("yinling.transfer.urls")),
]
