"""Every model of the ``community`` app, gathered from its feature packages.

Django (and Wagtail) look for an app's models in ``<app>.models``; the classes live in the packages that own
them (``community/<package>/models.py``) and keep the app label ``community``, so table names and the
migration history are those of the flat app they came from. Code inside ``community`` imports models from
their package; other apps (``rewards``, ``search``) may read them from here.
"""

from community.api.models import AccessToken
from community.composer.models import Draft, Upload
from community.core.models import AuditEntry
from community.forum.models import (
    Answer,
    Bounty,
    Comment,
    IdeaStatus,
    Member,
    Revision,
    SoftDeletable,
    Tag,
    TaggedThread,
    TagSynonym,
    Thread,
    ThreadLink,
    Vote,
)
from community.importers.models import ImportRecord
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage, KnowledgePinnedThread, TaggedKnowledgePage
from community.moderation.models import Flag, ReviewTask, SuggestedEdit
from community.notifications.models import Follow, Notification, NotificationSettings
from community.onboarding.models import OnboardingProgress
from community.privacy.models import AccountDeletion, DataExport
from community.site.models import CommunityBrand, HomePage, PrivacyPage
from community.team.models import DissatisfactionItem, ExpertRequest, IdeaStatusChange
from community.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "AccessToken",
    "AccountDeletion",
    "Answer",
    "AuditEntry",
    "Bounty",
    "Comment",
    "CommunityBrand",
    "DataExport",
    "DissatisfactionItem",
    "Draft",
    "ExpertRequest",
    "Flag",
    "Follow",
    "HomePage",
    "IdeaStatus",
    "IdeaStatusChange",
    "ImportRecord",
    "KnowledgeIndexPage",
    "KnowledgePage",
    "KnowledgePinnedThread",
    "Member",
    "Notification",
    "NotificationSettings",
    "OnboardingProgress",
    "PrivacyPage",
    "Revision",
    "ReviewTask",
    "SoftDeletable",
    "SuggestedEdit",
    "Tag",
    "TaggedKnowledgePage",
    "TaggedThread",
    "TagSynonym",
    "Thread",
    "Upload",
    "ThreadLink",
    "Vote",
    "WebhookDelivery",
    "WebhookEndpoint",
]
