from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community"

    def ready(self):
        # Wagtail admin hooks and allauth adapters are discovered by their
        # frameworks; nothing to wire here yet. Other apps subscribe to
        # community.events in their own ready().
        pass
