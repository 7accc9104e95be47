"""Pagination that stays cheap at any depth and any table size.

- Below the first SHALLOW rows, a page's rows are found by primary key first (an
  index-only scan of the ordering columns), then fetched whole: a page 1,000 deep does
  not read 20,000 full rows. Above them the page is fetched in one query.
- On PostgreSQL a large result is counted by the planner's estimate instead of a
  full count; below ESTIMATE_ABOVE rows the count is exact.
"""
import json
from collections.abc import Callable
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

ESTIMATE_ABOVE = 50_000
SHALLOW = 1_000  # rows above which a page is found by key first


class FastPaginator(Paginator):
    """`rows`, if given, makes a page's rows of its part of the queryset (roster.selectors.list_rows:
    named tuples led by the key); the count and a deep page's keys are found on the queryset itself."""

    estimated = False

    def __init__(self, object_list, per_page, *args, rows: Callable[[QuerySet], QuerySet] | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql":
            try:
                sql, params = queryset.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:  # a condition that matches nothing (a search a role may not make)
                return 0
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            if estimate > ESTIMATE_ABOVE:
                self.estimated = True
                return estimate
        return queryset.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < SHALLOW:
            # Near the top, the rows themselves are as cheap to find as their keys: one query, not two.
            found = self.object_list if self.rows is None else self.rows(self.object_list)
            return self._get_page(list(found[bottom:top]), number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self._fetch(ids), number, self)

    def _fetch(self, ids: list) -> list:
        """The page's rows by primary key alone: the filters have done their work already."""
        if not ids:
            return []
        source = self.object_list
        rows = source.model._default_manager.filter(pk__in=ids)
        if self.rows is not None:
            by_pk = {row[0]: row for row in self.rows(rows)}
        else:
            rows.query.select_related = source.query.select_related
            rows.query.deferred_loading = source.query.deferred_loading
            by_pk = {row.pk: row for row in rows}
        return [by_pk[pk] for pk in ids if pk in by_pk]
