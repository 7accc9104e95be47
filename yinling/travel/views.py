"""Pages of the travel register: the office's overview (abroad awaiting approval, who is away, documents
out), a cadre's trips and documents, and a trip with its approval, documents and return."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yinling.core.access import can, get_scoped_or_404, require, require_any
from yinling.core.forms import apply_errors
from yinling.roster.models import Person

from . import selectors, services
from .access import TRAVEL_MANAGE, TRAVEL_RECORD, TRAVEL_VIEW
from .forms import DayForm, DecideForm, PassportForm, TripForm
from .models import Passport


def _saved(request, form, save, done: str) -> bool:
    """Whether a bound form was valid and its service accepted it (its refusal shown on the form)."""
    if form.is_bound and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return True
    return False


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_any(request.user, TRAVEL_VIEW, "您没有查看外出登记的权限。")
    today = timezone.localdate()
    return render(request, "travel/home.html", {"o": selectors.overview(user=request.user, today=today), "today": today,
                                                "cadres": list(selectors.cadres(user=request.user)[:200])})


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(Person.objects.select_related("institution"), request.user, TRAVEL_VIEW, pk=pk)
    action = request.POST.get("action")
    trip = TripForm(request.POST if action == "trip" else None)
    passport = PassportForm(request.POST if action == "passport" else None, initial={"received_on": timezone.localdate()})
    rights = {"record": can(request.user, TRAVEL_RECORD, found), "manage": can(request.user, TRAVEL_MANAGE, found)}
    if request.method == "POST":
        need = {"trip": "record", "passport": "manage", "back_in": "manage"}.get(action)
        if need is None or not rights[need]:
            messages.error(request, "您没有权限进行此操作。")
            return redirect("travel:person", pk=found.pk)
        if action == "back_in":
            document = get_scoped_or_404(Passport.objects.filter(person=found), request.user, TRAVEL_MANAGE, pk=request.POST.get("passport", 0))
            try:
                services.passport_move(actor=request.user, passport_id=document.pk, out=False, on=timezone.localdate())
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "证件已交回保管。")
            return redirect("travel:person", pk=found.pk)
        done = (_saved(request, trip, lambda d: services.trip_report(actor=request.user, person_id=found.pk, data=d), "已登记外出。")
                or _saved(request, passport, lambda d: services.passport_register(actor=request.user, person_id=found.pk, data=d),
                          "已登记证件交存。"))
        if done:
            return redirect("travel:person", pk=found.pk)
    return render(request, "travel/person.html", {"person": found, "record": selectors.of_person(user=request.user, person=found),
                                                  "trip_form": trip, "passport_form": passport, "rights": rights,
                                                  "keeps": services.reports_travel(found)},
                  status=400 if trip.errors or passport.errors else 200)


@login_required
def trip(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.trip(user=request.user, pk=pk)
    action = request.POST.get("action")
    decide = DecideForm(request.POST if action in ("approve", "refuse") else None)
    day = DayForm(request.POST if action in ("back", "out") else None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, TRAVEL_MANAGE if action in ("approve", "refuse", "out") else TRAVEL_RECORD, found)
        if action == "out":
            document = get_scoped_or_404(Passport.objects.filter(person=found.person), request.user, TRAVEL_MANAGE, pk=request.POST.get("passport", 0))
            done = _saved(request, day, lambda d: services.passport_move(actor=request.user, passport_id=document.pk, out=True, on=d["on"],
                                                                          trip_id=found.pk), "证件已领出。")
        elif action == "back":
            done = _saved(request, day, lambda d: services.trip_back(actor=request.user, trip_id=found.pk, on=d["on"]), "已登记返回。")
        else:
            done = _saved(request, decide, lambda d: services.trip_decide(actor=request.user, trip_id=found.pk, approve=action == "approve",
                                                                          note=d["note"]), "已审批。")
        if done:
            return redirect(found)
    documents = (list(Passport.objects.filter(person=found.person, in_custody=True)) if can(request.user, TRAVEL_MANAGE, found) else [])
    return render(request, "travel/trip.html", {"trip": found, "decide": decide, "day": day, "documents": documents,
                                                "manage": can(request.user, TRAVEL_MANAGE, found), "record": can(request.user, TRAVEL_RECORD, found)},
                  status=400 if decide.errors or day.errors else 200)
