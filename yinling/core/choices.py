"""The Chinese labels of coded fields (TextChoices), built once per field."""
from functools import lru_cache

from django.db import models


@lru_cache(maxsize=128)
def choice_labels(model: type[models.Model], field_name: str) -> dict:
    """value → label for `model.field_name`; get_FOO_display() rebuilds this table on every call."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
