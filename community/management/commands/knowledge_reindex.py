"""Put every live knowledge article into search again (after search was down when one was published)."""

from django.core.management.base import BaseCommand

from community.knowledge.models import KnowledgePage
from search import api as search_api


class Command(BaseCommand):
    help = "Index every live knowledge article into search (search's own `search_reindex` keeps what it has)."

    def handle(self, *args, **options):
        ids = list(KnowledgePage.objects.live().values_list("pk", flat=True).order_by("pk"))
        for page_id in ids:
            search_api.sync_knowledge_page(page_id)
        self.stdout.write(self.style.SUCCESS(f"Indexed {len(ids)} knowledge article{'s' if len(ids) != 1 else ''}."))
