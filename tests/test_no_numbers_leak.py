"""ID and phone numbers never reach a URL, a log line, an audit note or a stored parameter."""
import io
import logging
import re

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from tests.test_auth import LOGIN
from yinling.lib.mask import mask_numbers_in
from yinling.roster.models import EmergencyContact, Person
from yinling.transfer.models import Job

# Where a phone number is the record itself, not a leak.
PHONE_HOMES = {(Person, "phone"), (Person, "phone2"), (EmergencyContact, "phone")}


@pytest.fixture
def log_lines():
    """Everything the configured handlers write (settings.LOGGING), in one buffer."""
    buffer = io.StringIO()
    handlers = {h for name in ("", "django", "django.server") for h in logging.getLogger(name).handlers
                if isinstance(h, logging.StreamHandler) and h.filters}
    assert handlers, "settings.LOGGING configures no filtered handler"
    before = {h: h.setStream(buffer) for h in handlers}
    yield buffer
    for handler, stream in before.items():
        handler.setStream(stream)


def _stored_anywhere(text: str) -> list[str]:
    """Every model column outside PHONE_HOMES whose stored text contains `text`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (model, field.name) in PHONE_HOMES or not isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                continue
            rows = model._default_manager.annotate(_t=Cast(field.name, models.TextField())).filter(_t__contains=text)
            if rows.exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_searches_by_id_or_phone_leave_no_number_in_urls_logs_or_tables(world, as_role, log_lines):
    person = world.med_person
    number, phone = person.id_number, person.phone
    client = as_role("office_staff")

    response = client.post(reverse("roster:person_list"), {"q": number, "category": "tuixiu"})  # the form, without JavaScript
    location = response["Location"]
    assert response.status_code == 302 and number not in location and "qref=" in location and "category=tuixiu" in location
    page = client.get(location).content.decode()
    assert person.name in page and world.lit_person.name not in page
    assert not [href for href in re.findall(r'href="([^"]*)"', page) if number in href]

    response = client.post(reverse("roster:person_list"), {"q": phone[-7:]}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert person.name in response.content.decode() and phone[-7:] not in response["HX-Push-Url"]

    export_url = re.search(r'href="(/transfer/export/\?[^"]*)"', page).group(1).replace("&amp;", "&")
    assert number not in export_url
    client.post(export_url, {"columns": ["name", "phone"]})
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    assert job.status == Job.Status.DONE and job.report["rows"] == 1  # the search by ID number found the person

    Client().post(LOGIN, {"username": number, "password": "wrong-Password1"})  # an elder types the ID number as user name
    client.get(f"/roster/{number}/")  # a 404 for a path someone typed: django.request logs it
    logging.getLogger("django.server").info('"GET /roster/?q=%s HTTP/1.1" 200 5120', phone)  # as runserver logs a request
    logging.getLogger("yinling").error("电话 %s 身份证 %s", phone, number)

    logs = log_lines.getvalue()
    assert "Not Found" in logs and number[-4:] in logs
    assert number not in logs and phone not in logs
    assert _stored_anywhere(number) == [] and _stored_anywhere(phone) == []


@pytest.mark.parametrize("text, masked", [
    ("身份证320602194603051236，电话13812345678。", "身份证**************1236，电话138****5678。"),
    ("旧号 320602460305123 和 3206021946030512X", "旧号 ***********5123 和 3206021946030512X"),  # 17+X is no number
    ("GET /roster/320602194603051236/", "GET /roster/**************1236/"),
    ("单号 20261129001 件，共 12 人", "单号 20261129001 件，共 12 人"),  # 11 digits not starting 13–19
    ("1380013800013812345678", "1380013800013812345678"),  # a longer run is no mobile number
])
def test_numbers_are_masked_in_any_text(text, masked):
    assert mask_numbers_in(text) == masked
