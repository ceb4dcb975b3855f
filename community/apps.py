from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community"

    def ready(self):
        """Connect community's own subscribers (each feature package's ``connect()``).

        Wagtail admin hooks and allauth adapters are discovered by their frameworks; ``rewards`` and
        ``search`` subscribe to ``community.core.events`` in their own ``ready()``.
        """
        from community.api import handlers as api_handlers
        from community.bounties import queries as bounty_queries
        from community.composer import handlers as composer_handlers
        from community.core import cms_sidebar, context_processors, freshness
        from community.forum import converters
        from community.forum import queries as forum_queries
        from community.importers import handlers as importer_handlers
        from community.knowledge import cache as knowledge_cache
        from community.knowledge import handlers as knowledge_handlers
        from community.moderation import handlers as moderation_handlers
        from community.notifications import inbox
        from community.onboarding import queries as onboarding_queries
        from community.privacy import handlers as privacy_handlers
        from community.site import brand
        from community.team import handlers as team_handlers
        from community.team import tasks as team_tasks
        from community.team import watch
        from community.webhooks import handlers as webhook_handlers

        converters.register()
        freshness.connect()
        moderation_handlers.connect()
        inbox.connect()
        watch.connect()
        team_tasks.connect()
        team_handlers.connect()  # the recognition programme's audit entries, within the rewards actions
        knowledge_cache.connect()
        knowledge_handlers.connect()
        privacy_handlers.connect()
        composer_handlers.connect()
        api_handlers.connect()  # an erased member's access tokens go with the account
        importer_handlers.connect()
        webhook_handlers.connect()  # community events → signed deliveries, sent by the task worker
        onboarding_queries.connect()  # the compact checklist, read ahead with the member's standing
        brand.connect()  # saving the brand setting makes pages naming it stale
        bounty_queries.connect()  # a thread's bounties, read ahead with the thread's data
        forum_queries.connect()  # a member's thread page: its first reads with the member's own
        context_processors.connect()  # the footer's privacy link follows the CMS
        cms_sidebar.connect()  # the CMS sidebar's cached copies follow queues, redemptions and permissions
