"""Putting an action's refusal on a form: one helper for the public site and the CMS."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put an action's ValidationError on the form fields it names (or the form).

    ``field_map`` renames an action's field to the form's (the CMS forms call ``body_md`` what actions call
    ``body``); a field the form lacks becomes a form-wide error, so no message is ever lost.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = (field_map or {}).get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
