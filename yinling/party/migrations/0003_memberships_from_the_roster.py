"""A membership for every person the roster knew as a Party member, before the roster's branch
and party dates go (roster 0006): branch, join and full-member dates move here unchanged.

A member with party dates but no branch keeps them on a membership without a branch, which
the data-quality view lists for the office to place. The default compliance rules of the
branch work rules are set for every university that has a branch.
"""
from django.db import migrations

PARTY = ("cpc", "cpc_probation")
DEFAULT_RULES = [("general", "quarter"), ("committee", "month"), ("group", "month"), ("lecture", "quarter"),
                 ("theme_day", "month"), ("life", "year"), ("review", "year")]


def forwards(apps, schema_editor):
    Person = apps.get_model("roster", "Person")
    Membership = apps.get_model("party", "Membership")
    Branch = apps.get_model("party", "Branch")
    ComplianceRule = apps.get_model("party", "ComplianceRule")
    members = (Person.objects.filter(political_status__in=PARTY) | Person.objects.filter(branch__isnull=False)
               | Person.objects.filter(party_join_date__isnull=False) | Person.objects.filter(party_full_date__isnull=False))
    batch = []
    for person in members.distinct().only("pk", "branch_id", "party_join_date", "party_full_date", "political_status", "status", "death_date").iterator():
        full = person.party_full_date
        join = person.party_join_date
        if full and join and full < join:  # the roster refused this on entry; an old row keeps the join date only
            full = None
        batch.append(Membership(
            person_id=person.pk, branch_id=person.branch_id, join_date=join, full_date=full,
            status="probation" if person.political_status == "cpc_probation" else "full",
            # An archived person (去世, 迁出) keeps the relation as history, ended.
            until=None if person.status == "active" else (person.death_date if person.status == "deceased" else None),
            left="" if person.status == "active" else ("died" if person.status == "deceased" else "transfer"),
        ))
        if len(batch) >= 2000:
            Membership.objects.bulk_create(batch)
            batch = []
    Membership.objects.bulk_create(batch)
    # An archived member whose date of leaving is unknown: ended on the day of this migration.
    from django.utils import timezone

    Membership.objects.filter(until__isnull=True).exclude(left="").update(until=timezone.localdate())
    for institution_id in Branch.objects.values_list("institution_id", flat=True).distinct():
        for kind, frequency in DEFAULT_RULES:
            ComplianceRule.objects.get_or_create(institution_id=institution_id, kind=kind, defaults={"frequency": frequency})


def backwards(apps, schema_editor):
    Person = apps.get_model("roster", "Person")
    Membership = apps.get_model("party", "Membership")
    for m in Membership.objects.filter(until__isnull=True).iterator():
        Person.objects.filter(pk=m.person_id).update(branch_id=m.branch_id, party_join_date=m.join_date, party_full_date=m.full_date)
    Membership.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("party", "0002_branch_life"), ("roster", "0005_pinyin_keys_in_roster_order")]

    operations = [migrations.RunPython(forwards, backwards)]
