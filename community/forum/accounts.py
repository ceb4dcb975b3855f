"""django-allauth glue: new members go through community.forum.actions like everything else."""

from allauth.account.adapter import DefaultAccountAdapter

from community.forum import actions


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            actions.member_joined(user)
        return user
