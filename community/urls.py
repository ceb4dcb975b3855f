"""The ``community:`` URL namespace: every feature package's URLs, names and paths unchanged.

The converters give views the model class (``<post_model:model>`` is ``Thread``, ``Answer`` or ``Comment``).
"""

from community.api import member_urls as api_settings
from community.bounties import urls as bounties
from community.composer import urls as composer
from community.feeds import urls as feeds
from community.forum import urls as forum
from community.knowledge import urls as knowledge
from community.moderation import urls as moderation
from community.notifications import urls as notifications
from community.onboarding import urls as onboarding
from community.privacy import urls as privacy
from community.site import urls as site
from community.team import urls as team

app_name = "community"

urlpatterns = [
    *bounties.urlpatterns,  # first: threads/featured/ is not a sort of the thread list
    *forum.urlpatterns,
    *composer.urlpatterns,
    *moderation.urlpatterns,
    *knowledge.urlpatterns,
    *team.urlpatterns,
    *notifications.urlpatterns,
    *privacy.urlpatterns,
    *api_settings.urlpatterns,
    *onboarding.urlpatterns,
    *feeds.urlpatterns,
    *site.urlpatterns,
]
