from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import HttpResponse

from ..tables.cells import Table

T = TypeVar("T")
R = TypeVar("R", bound=Model)


def show_rule_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's refusal at the top of the form, in its own words."""
    for message in exc.messages:
        form.add_error(None, message)


def save_with(form: Form, write: Callable[[dict[str, Any]], T]) -> T | None:
    """Validate the form, then call the service with its cleaned data. The service's
    result, or None when the form is invalid or the service refuses (its reason is
    then shown on the form)."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        show_rule_errors(form, exc)
        return None


def latest_version(record: R) -> R:
    """Follow a clinical record's chain of corrections (each new record `corrects` the one
    before it) to its end. Chains are a few records long."""
    model = type(record)
    while (newer := model._default_manager.filter(corrects=record).first()) is not None:
        record = newer
    return record


def csv_download(table: Table, name: str) -> HttpResponse:
    """A table as a CSV file named `name`.csv."""
    # A byte-order mark, so that Excel reads names such as "Nguyễn" as UTF-8.
    response = HttpResponse("\ufeff" + table.to_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
