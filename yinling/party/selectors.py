"""Reads of the Party branches, each from core.access.scope()."""
from django.db.models import Count

from yinling.core.access import scope
from yinling.roster.access import ROSTER_VIEW
from yinling.roster.models import Person

from .access import PARTY_VIEW
from .models import Branch


def branch_list(*, user) -> list[Branch]:
    """The branches the user may see, each with the number of its members on the roster the user may see."""
    branches = list(scope(user, Branch.objects.select_related("institution"), PARTY_VIEW))
    counts = dict(
        scope(user, Person.objects.filter(status=Person.Status.ACTIVE, branch__in=branches), ROSTER_VIEW)
        .values_list("branch").annotate(n=Count("id")).order_by()
    )
    for branch in branches:
        branch.member_count = counts.get(branch.pk, 0)
    return branches
