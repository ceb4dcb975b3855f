from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community"

    def ready(self):
        # Wagtail admin hooks and allauth adapters are discovered by their
        # frameworks. Other apps subscribe to community.events in their own
        # ready(); community's own subscribers write the rows that follow from
        # events: inbox notifications and the dissatisfaction watch.
        from community import notifications, watch

        notifications.connect()
        watch.connect()
        # Knowledge pages: ranked lists cached until events invalidate them; Wagtail's publish signals
        # index articles into search and pay their authors (community/knowledge.py).
        from community import knowledge, knowledge_cache

        knowledge_cache.connect()
        knowledge.connect()
