from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def show_rule_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's refusal at the top of the form, in its own words."""
    for message in exc.messages:
        form.add_error(None, message)
