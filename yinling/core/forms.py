"""Form styling shared by every app: Bootstrap classes and error state on each widget; a service's refusal
shown on a form (apply_errors) or, for a button with no form page behind it, as a flash message (flash)."""
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

_DASHES = "---------"  # Django's empty choice; people read "请选择"


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "empty_label", None) == _DASHES:
                field.empty_label = "请选择"
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                choices = list(field.choices)
                if choices and choices[0] == ("", _DASHES):
                    field.choices = [("", "请选择"), *choices[1:]]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"


class DateInput(forms.DateInput):
    """A native date picker whose value is always ISO (the picker ignores the locale's format)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_errors(form, error, default: str | None = None) -> None:
    """A service's ValidationError shown on the form: on the field it names, else on `default` or the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(default, error)


def flash(request, action: Callable[[], Any], success: str | Callable[[Any], str]) -> bool:
    """Run a button's service call: its success message (a text, or made from what the call returned), or the
    reasons it was refused (a ValidationError's messages), flashed for the next page. True when it succeeded."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def year_param(request, today, earliest: int = 1950) -> int:
    """The year a page is asked for (?year=), this year when it is missing or out of range."""
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if earliest <= year <= today.year + 1 else today.year


def recent_years(today, back: int = 4) -> list[int]:
    """This year and the `back` before it, newest first: a page's year picker."""
    return list(range(today.year, today.year - back - 1, -1))
