"""Small display helpers for templates. Domain rules stay in lib/ and the models."""
import html

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.safestring import mark_safe

from yinling.core.choices import choice_labels
from yinling.core.plugins import audit_label
from yinling.lib.mask import mask_phone

register = template.Library()


def escape(value) -> str:
    """django.utils.html.escape's output without its check for lazy strings, which costs more than the
    escaping itself in the hot loops of list pages (a cell, an option); mark the joined result safe."""
    return html.escape(str(value))


_ANY_KEY = 999999999


def row_url(viewname: str):
    """key → the escaped URL of `viewname` for that key, reversed once for a whole list rather than once a row."""
    pattern = escape(reverse(viewname, args=[_ANY_KEY]))
    return lambda key: pattern.replace(str(_ANY_KEY), str(key))


@register.filter
def action_label(action: str) -> str:
    return audit_label(action)


@register.filter
def display(obj, field_name: str) -> str:
    """obj.get_FOO_display(), without Django rebuilding the choices table on every call (list rows)."""
    value = getattr(obj, field_name)
    return choice_labels(type(obj), field_name).get(value, value if value is not None else "")


@register.filter
def phone_for(phone: str, full: bool) -> str:
    """The phone in full for roles that call people, masked for everyone else."""
    return phone if full else mask_phone(phone)


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    """A bound field by name, for templates that lay fields out in groups."""
    return form[name]


@register.filter
def groups_of(value: str, size: int) -> str:
    """"ABCDEFGH" → "ABCD EFGH": a long code read and typed in groups, wrapping between them."""
    value = str(value or "")
    return " ".join(value[i:i + int(size)] for i in range(0, len(value), int(size)))


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.simple_tag
def fast_select(bound_field):
    """A <select> for a ChoiceField or ModelChoiceField, rendered in Python.

    Django renders each <option> through a template, which costs more than the rest
    of a list page; the filter bars of lists use this instead.
    """
    value = bound_field.value()
    selected = {str(v) for v in value} if isinstance(value, (list, tuple)) else {"" if value is None else str(value)}
    # escape() and plain joins: format_html's per-argument machinery cost more than the options themselves
    options = "".join(
        f'<option value="{escape(v)}"{" selected" if str(v) in selected else ""}>{escape(label)}</option>'
        for v, label in _choices(bound_field)
    )
    css = bound_field.field.widget.attrs.get("class", "form-select")
    return mark_safe(f'<select name="{escape(bound_field.html_name)}" id="{escape(bound_field.id_for_label)}" class="{escape(css)}">{options}</select>')


@register.simple_tag
def fast_input(bound_field):
    """An <input> (text, search, hidden …) rendered in Python, with the widget's own attributes (see fast_select)."""
    widget = bound_field.field.widget
    value = bound_field.value()
    attrs = {"type": widget.input_type, "name": bound_field.html_name, **bound_field.build_widget_attrs(widget.attrs)}
    if bound_field.auto_id and "id" not in attrs:
        attrs["id"] = bound_field.auto_id
    if value not in (None, "", False):
        attrs["value"] = widget.format_value(value)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return mark_safe("<input" + "".join(f' {escape(k)}="{escape(v)}"' if v is not True else f" {escape(k)}"
                                        for k, v in attrs.items() if v is not False and v is not None) + ">")


@register.simple_tag
def fast_checkboxes(bound_field):
    """Inline checkboxes for a MultipleChoiceField, rendered in Python (see fast_select)."""
    chosen = {str(v) for v in (bound_field.value() or [])}
    name, base = escape(bound_field.html_name), escape(bound_field.id_for_label)
    return mark_safe("".join(
        f'<div class="form-check form-check-inline"><input type="checkbox" class="form-check-input" name="{name}" value="{escape(v)}" '
        f'id="{base}_{i}"{" checked" if str(v) in chosen else ""}><label class="form-check-label" for="{base}_{i}">{escape(label)}</label></div>'
        for i, (v, label) in enumerate(_choices(bound_field))
    ))


def _choices(bound_field):
    for value, label in bound_field.field.choices:
        yield (getattr(value, "value", value), label)


def field_label(model, name: str) -> str:
    """The Chinese label of a name in a change entry: the model's own (audit_field_labels), else its field's."""
    extra = getattr(model, "audit_field_labels", {})
    if name in extra:
        return extra[name]
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@register.filter
def change_label(entry, name: str) -> str:
    """The label of a field named in an audit entry's changes, from the entry's own model (any app's)."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        return name
    return field_label(model, name)


@register.filter
def capability_label(name: str) -> str:
    from yinling.core.access import capability_label as label

    return label(name)
