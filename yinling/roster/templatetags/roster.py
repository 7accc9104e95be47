"""Template helpers of the roster's pages."""
from django import template

from yinling.roster.models import Person

register = template.Library()


@register.filter
def person_field_label(name: str) -> str:
    """The Chinese label of a Person field named in a change-history entry."""
    if name in Person.audit_field_labels:
        return Person.audit_field_labels[name]
    try:
        return str(Person._meta.get_field(name).verbose_name)
    except Exception:
        return name
