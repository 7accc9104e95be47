"""The home page (工作台): the cards each module contributes, as the user may see them."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yinling.core.plugins import cards_for, landing_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    cards = cards_for(request.user)
    if not cards:
        # A user with no figures to see (a retiree) goes to their own pages, if a module offers them.
        landing = landing_for(request.user)
        if landing:
            return redirect(landing.url_name)
    scripts = list(dict.fromkeys(s for card, _ in cards for s in card.scripts))
    styles = list(dict.fromkeys(s for card, _ in cards for s in card.styles))
    return render(request, "reports/home.html", {"cards": cards, "scripts": scripts, "styles": styles, "today": timezone.localdate()})
