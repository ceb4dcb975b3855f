"""Validation rules for members' input, shared by forms and actions."""

import re

from django.core.validators import RegexValidator

TAG_RE = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,34}$")

username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9_.-]{3,30}$",
        "Use 3 to 30 letters, digits, dots, dashes or underscores.",
    )
]
