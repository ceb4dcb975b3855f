from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rewards"
    verbose_name = _("Rewards")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from config.cache import member_read, request_read
        from rewards import handlers
        from rewards.badges import award_deleted, unseen_cache_key
        from rewards.models import Award, RuleProfile
        from rewards.recognition import standing_key
        from rewards.rules import forget_active_profile, profile_cache_key

        handlers.connect()
        member_read(unseen_cache_key)  # the new-badge banner, read ahead with the member's standing
        member_read(standing_key)  # the header's reputation, progress and unseen changes
        request_read(profile_cache_key)  # the rules in force
        post_save.connect(forget_active_profile, sender=RuleProfile, dispatch_uid="rewards-forget-profile")
        post_delete.connect(forget_active_profile, sender=RuleProfile, dispatch_uid="rewards-forget-profile-delete")
        # Awards go with their member or tag (cascades): the badge's stored count goes down with them.
        post_delete.connect(award_deleted, sender=Award, dispatch_uid="rewards-award-deleted")
