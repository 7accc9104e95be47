"""Small display helpers for templates. Domain rules stay in lib/ and the models."""
from django import template

from yinling.core.audit import ACTION_LABELS
from yinling.lib.mask import mask_phone

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def phone_for(phone: str, full: bool) -> str:
    """The phone in full for roles that call people, masked for everyone else."""
    return phone if full else mask_phone(phone)


@register.filter
def field_label(name: str) -> str:
    from yinling.roster.models import Person

    labels = {"id_number": "身份证号", "hobbies": "爱好特长", "service_needs": "服务需求", "date": "日期"}
    if name in labels:
        return labels[name]
    try:
        return str(Person._meta.get_field(name).verbose_name)
    except Exception:
        return name


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    """A bound field by name, for templates that lay fields out in groups."""
    return form[name]


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
