"""The offer form: an amount from the steps the rules allow (``rewards.api.BountyRules.amounts``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OfferForm(forms.Form):
    amount = forms.TypedChoiceField(label=_("Bounty"), coerce=int)

    def __init__(self, *args, rules, reputation: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["amount"]
        field.choices = [(amount, _("%(amount)s reputation") % {"amount": amount}) for amount in rules.amounts]
        field.help_text = _("Between %(min)s and %(max)s; it must leave you at least 1 reputation.") % {
            "min": rules.min_amount,
            "max": rules.max_amount,
        }
        affordable = [amount for amount in rules.amounts if amount < reputation]
        field.initial = affordable[0] if affordable else rules.min_amount
