"""Background tasks of the roster (django-tasks)."""
from django_tasks import task

from yinling.core.db import refresh_statistics


@task()
def refresh_person_statistics_task() -> None:
    """ANALYZE the people after a bulk write, outside the write's transaction (services.refresh_person_statistics)."""
    from .models import Person

    refresh_statistics(Person._meta.db_table)
