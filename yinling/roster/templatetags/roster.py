"""Template helpers of the roster's pages."""
from django import template

from yinling.core.templatetags.yinling import field_label
from yinling.roster.models import Person

register = template.Library()


@register.filter
def person_field_label(name: str) -> str:
    """The Chinese label of a Person field named in a change-history entry."""
    return field_label(Person, name)
