"""Follows, notification settings and the inbox: written only by notifications' actions and subscribers."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from community.forum.models import Answer, Comment, IdeaStatus, Tag, Thread


class Follow(models.Model):
    """A member follows a thread or a tag (exactly one of the two) to hear about its activity."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"], condition=Q(thread__isnull=False), name="follow_thread_once"
            ),
            models.UniqueConstraint(fields=["member", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"),
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(tag__isnull=True))
                | (Q(thread__isnull=True) & Q(tag__isnull=False)),
                name="follow_exactly_one_target",
            ),
        ]


class NotificationSettings(models.Model):
    """A member's choices: which notifications also come by e-mail, and how (see community.notifications)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # {notification kind or "badge": "off" | "immediate" | "daily" | "weekly"}; missing kinds use the defaults.
    email = models.JSONField(default=dict, blank=True)
    expert_requests = models.BooleanField(
        default=True, help_text=_("Ask me about unanswered questions in tags where I am one of the experts.")
    )
    badges_seen_at = models.DateTimeField(null=True, blank=True, help_text="Badges earned before this are read.")
    daily_digest_at = models.DateTimeField(null=True, blank=True)
    weekly_digest_at = models.DateTimeField(null=True, blank=True)


class Notification(models.Model):
    """One line in a member's inbox. Written by the subscribers in community.notifications, never by views."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answers to my questions")
        COMMENT = "comment", _("Comments on my posts")
        MENTION = "mention", _("Mentions of my @name")
        ACCEPTED = "accepted", _("My answer accepted")
        IDEA_STATUS = "idea_status", _("Status changes of ideas I voted for or follow")
        EXPERT_REQUEST = "expert_request", _("Unanswered questions where my expertise is asked for")
        FOLLOWED_THREAD = "followed_thread", _("New answers and comments on threads I follow")
        FOLLOWED_TAG = "followed_tag", _("New threads in tags I follow")
        MODERATION = "moderation", _("Moderators' decisions on my posts or account")
        WEBHOOK = "webhook", _("Webhook endpoints turned off after failed deliveries (moderators)")
        BOUNTY = "bounty", _("Bounties on my questions and answers")
        REDEMPTION = "redemption", _("The progress of my reward redemptions")
        RECOGNITION = "recognition", _("Recognition by the community team")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    detail = models.CharField(max_length=300, blank=True, help_text="A status name or an excerpt.")
    event_key = models.CharField(max_length=120, help_text="What caused it: a replayed event notifies once.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_due = models.CharField(max_length=10, blank=True, help_text="immediate, daily or weekly; empty: no e-mail.")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email_due", "emailed_at", "recipient"], name="notification_email_idx"),
        ]

    def get_absolute_url(self):
        if self.kind == self.Kind.WEBHOOK:  # the CMS's list of endpoints, where the reason is shown
            return reverse("community_webhooks:index")
        if self.kind == self.Kind.RECOGNITION:  # their profile, where the recognition and its citation show
            return self.recipient.get_absolute_url()
        if self.kind == self.Kind.REDEMPTION:  # the member's own redemptions, with the code or the status
            return reverse("rewards:redemptions")
        if self.comment_id:
            return f"{reverse('community:thread_short', args=[self.thread_id])}#comment-{self.comment_id}"
        if self.answer_id:
            return f"{reverse('community:thread_short', args=[self.thread_id])}#answer-{self.answer_id}"
        if self.thread_id:
            return reverse("community:thread_short", args=[self.thread_id])
        if self.tag_id:
            return reverse("community:tag", args=[self.tag.slug])
        return reverse("community:inbox")


# --- the sentence, written when it is read --------------------------------------------------------------
#
# A notification row stores what happened, never a sentence: its kind, actor, thread/answer/comment/tag and a
# ``detail`` — an excerpt of the member's post (member content, shown as written), an idea's new status *key*
# ("planned"), or a moderator's reason. A moderation notice's decision and target type are in its event key
# (``moderation:<action>:<target type>:<id>:<time>``). ``describe()`` writes the sentence at read time in the
# active language: the inbox's reader's (the request), an e-mail's or a digest's recipient's
# (``community.core.language.speaking_to``), never the actor's.

MODERATION_KEY = "moderation"
REDEMPTION_KEY = "redemption"
_LEGACY_MODERATION = "moderation:moderation:"  # rows written before the sentence was made at read time


def idea_status_label(detail: str) -> str:
    """An idea status notice's status in the active language: ``detail`` holds the key (older rows, the
    English label)."""
    if detail in IdeaStatus.values:
        return IdeaStatus(detail).label
    with translation.override("en"):
        by_english = {str(status.label): status for status in IdeaStatus}
    status = by_english.get(detail)
    return status.label if status is not None else detail


def moderation_key(action: str, target_type: str, target_id, at) -> str:
    """The event key of a moderation notice, which names the decision and what it was about."""
    return f"{MODERATION_KEY}:{action}:{target_type}:{target_id or ''}:{at.isoformat()}"


def _moderation_decision(notification: Notification) -> tuple[str, str, str] | None:
    """(action, target type, reason) of a moderation notice; None for a row written before this scheme."""
    if notification.event_key.startswith(_LEGACY_MODERATION):
        return None
    _prefix, action, target_type, *_rest = (notification.event_key.split(":", 3) + ["", "", ""])[:4]
    return action, target_type, notification.detail


# What a moderator decided, per action and target: whole sentences, so each language can say it its own way.
_DECISIONS = {
    ("hide", "thread"): gettext_noop("A moderator hid your post “%(title)s”."),
    ("hide", "answer"): gettext_noop("A moderator hid your answer to “%(title)s”."),
    ("hide", "comment"): gettext_noop("A moderator hid your comment on “%(title)s”."),
    ("auto_hide", "thread"): gettext_noop("Your post “%(title)s” was hidden after flags from the community."),
    ("auto_hide", "answer"): gettext_noop("Your answer to “%(title)s” was hidden after flags from the community."),
    ("auto_hide", "comment"): gettext_noop("Your comment on “%(title)s” was hidden after flags from the community."),
    ("restore", "thread"): gettext_noop("A moderator restored your post “%(title)s”."),
    ("restore", "answer"): gettext_noop("A moderator restored your answer to “%(title)s”."),
    ("restore", "comment"): gettext_noop("A moderator restored your comment on “%(title)s”."),
    ("lock", "thread"): gettext_noop("A moderator locked your thread “%(title)s”."),
    ("unlock", "thread"): gettext_noop("A moderator unlocked your thread “%(title)s”."),
    ("close_duplicate", "thread"): gettext_noop("A moderator closed your question “%(title)s” as a duplicate."),
    ("reopen", "thread"): gettext_noop("A moderator reopened your question “%(title)s”."),
    ("approve_edit", "thread"): gettext_noop("A moderator approved your suggested edit to “%(title)s”."),
    ("approve_edit", "answer"): gettext_noop("A moderator approved your suggested edit to an answer in “%(title)s”."),
    ("reject_edit", "thread"): gettext_noop("A moderator rejected your suggested edit to “%(title)s”."),
    ("reject_edit", "answer"): gettext_noop("A moderator rejected your suggested edit to an answer in “%(title)s”."),
    ("suspend", "member"): gettext_noop("A moderator suspended your account."),
    ("unsuspend", "member"): gettext_noop("A moderator lifted your suspension."),
    ("revoke_token", "token"): gettext_noop("A moderator revoked one of your access tokens for the API."),
}
_SOME_DECISION = gettext_noop("A moderator made a decision about your post “%(title)s”.")
_SOME_ACCOUNT_DECISION = gettext_noop("A moderator made a decision about your account.")


def _moderation_sentence(notification: Notification, title: str) -> tuple[str, dict]:
    decision = _moderation_decision(notification)
    if decision is None:  # an older row: its detail is the English sentence it was written with
        return "%(legacy)s", {"legacy": f"A moderator {notification.detail}"}
    action, target_type, reason = decision
    text = _DECISIONS.get((action, target_type))
    if text is None:
        text = _SOME_DECISION if notification.thread_id else _SOME_ACCOUNT_DECISION
    sentence = gettext(text)
    if not reason:
        return sentence, {"title": title}
    # Translators: a moderator's decision (a whole sentence) followed by the reason they gave.
    with_reason = gettext("%(decision)s Reason: %(reason)s")
    # The decision goes in now (its own %(title)s stays a placeholder); the title and the reason are values.
    return with_reason % {"decision": sentence, "reason": "%(reason)s"}, {"title": title, "reason": reason}


# A quotation inside a title: "straight", “curly” or « French » marks around some words.
BOUNTY_KEY = "bounty"


def bounty_key(bounty_id: int, outcome: str, amount: int) -> str:
    """The event key of a bounty notice: the bounty, what happened to it — "offered" (to the asker and the
    question's followers), "awarded" or "auto-awarded" (to the answer's author), "ended-awarded" or "expired" (to
    the offerer) — and the reputation it moved (data, worded when read)."""
    return f"{BOUNTY_KEY}:{bounty_id}:{outcome}:{amount}"


_BOUNTY_SENTENCES = {
    "offered": gettext_noop("%(actor)s offered a bounty of %(amount)s reputation on “%(title)s”"),
    "awarded": gettext_noop("%(actor)s awarded you a bounty of %(amount)s reputation for your answer to “%(title)s”"),
    "auto-awarded": gettext_noop("Your answer to “%(title)s” received half of an ended bounty: %(amount)s reputation"),
    "ended-awarded": gettext_noop(
        "Your bounty on “%(title)s” ended: half of it, %(amount)s reputation, went to the best answer posted during it"
    ),
    "expired": gettext_noop("Your bounty on “%(title)s” ended with no answer to award it to"),
}


def _bounty_sentence(notification: Notification, params: dict) -> tuple[str, dict]:
    _prefix, _id, outcome, amount = (notification.event_key.split(":", 3) + ["", "", "", ""])[:4]
    text = _BOUNTY_SENTENCES.get(outcome, _BOUNTY_SENTENCES["offered"])
    return gettext(text), {**params, "amount": amount}


_QUOTATION = re.compile(r'"([^"]+)"|“([^”]+)”|«\s*([^»]+?)\s*»')


def redemption_key(redemption_id: int, status: str, cost: int, perk_title: str) -> str:
    """The event key of a redemption notice: which redemption, the status it reached, what it cost and the perk's
    title (data, worded when read; the team's reason or note is the notice's ``detail``)."""
    return f"{REDEMPTION_KEY}:{redemption_id}:{status}:{cost}:{perk_title}"[:120]


def _redemption_facts(notification: Notification) -> tuple[str, int, str]:
    """(status, cost, perk title) of a redemption notice, read back from its event key."""
    _prefix, _id, status, cost, title = (notification.event_key.split(":", 4) + ["", "", "", "", ""])[:5]
    return status, int(cost) if cost.isdigit() else 0, title


def _redemption_sentence(notification: Notification) -> tuple[str, dict]:
    status, cost, title = _redemption_facts(notification)
    params = {"perk": quoted_within(title), "points": cost}
    if status == "approved":
        return gettext("Your redemption of “%(perk)s” was approved: the team is preparing it."), params
    if status == "rejected":
        # Translators: the team's reason is shown under this sentence.
        text = ngettext(
            "Your redemption of “%(perk)s” was rejected: your %(points)s point is back.",
            "Your redemption of “%(perk)s” was rejected: your %(points)s points are back.",
            cost,
        )
        return text, params
    if status == "fulfilled":
        return gettext("Your redemption of “%(perk)s” is on its way."), params
    if status == "code":
        return gettext("Here is your code for “%(perk)s”: it is on your redemptions page."), params
    return gettext("Your redemption of “%(perk)s” has moved on."), params


def recognition_key(recognition_id: int, month: str) -> str:
    """The event key of a recognition notice: which recognition and its month (ISO date), worded when read."""
    return f"recognition:{recognition_id}:{month}"


def _recognition_sentence(notification: Notification) -> tuple[str, dict]:
    """The sentence "The community team named you member of the month for October 2026" (or a tag's
    champion), the month in the reader's language."""
    month_iso = (notification.event_key.split(":", 2) + ["", ""])[2]
    try:
        month = date.fromisoformat(month_iso)
    except ValueError:
        month = None
    params = {"month": formats.date_format(month, "YEAR_MONTH_FORMAT") if month else month_iso}
    if notification.tag_id:
        params["tag"] = notification.tag.name
        return gettext("The community team named you champion of the tag “%(tag)s” for %(month)s."), params
    return gettext("The community team named you member of the month for %(month)s."), params


def quoted_within(title: str) -> str:
    """A title as it sits inside the sentence's own quotation marks: its quotations take the reader's language's
    inner marks ("‘…’" in English, "“…”" in French), as typography nests them. A title that begins with a quotation
    (``"Plugin failed" after the update``) would otherwise show two marks side by side."""
    # Translators: the quotation marks that open and close a quotation inside a quotation (English ‘…’).
    opening, closing = pgettext("inner quotation marks", "‘"), pgettext("inner quotation marks", "’")
    return _QUOTATION.sub(lambda match: f"{opening}{next(g for g in match.groups() if g)}{closing}", title)


def _sentence(notification: Notification) -> tuple[str, dict]:
    """The translated sentence of a notification with ``%(…)s`` placeholders, and their values."""
    K = Notification.Kind
    thread = notification.thread if notification.thread_id else None
    title = quoted_within(thread.title) if thread is not None else ""
    actor = notification.actor.public_name if notification.actor_id else pgettext("unknown actor", "Someone")
    params = {"actor": actor, "title": title}
    kind = notification.kind
    if kind == K.ANSWER:
        if thread is None or thread.is_question:
            return gettext("%(actor)s answered your question “%(title)s”"), params
        if thread.is_idea:
            return gettext("%(actor)s replied to your idea “%(title)s”"), params
        return gettext("%(actor)s replied to your tip “%(title)s”"), params
    if kind == K.COMMENT:
        if notification.answer_id:
            return gettext("%(actor)s commented on your answer in “%(title)s”"), params
        return gettext("%(actor)s commented on your post “%(title)s”"), params
    if kind == K.MENTION:
        return gettext("%(actor)s mentioned you in “%(title)s”"), params
    if kind == K.ACCEPTED:
        return gettext("%(actor)s accepted your answer to “%(title)s”"), params
    if kind == K.IDEA_STATUS:
        if not notification.detail:
            return gettext("%(actor)s changed the status of the idea “%(title)s”"), params
        return gettext("%(actor)s moved the idea “%(title)s” to %(status)s"), {
            **params,
            "status": idea_status_label(notification.detail),
        }
    if kind == K.EXPERT_REQUEST:
        return gettext("You know this topic: “%(title)s” has no answer yet. Can you help?"), params
    if kind == K.FOLLOWED_THREAD:
        if notification.comment_id:
            return gettext("%(actor)s commented in “%(title)s”, which you follow"), params
        return gettext("%(actor)s answered in “%(title)s”, which you follow"), params
    if kind == K.FOLLOWED_TAG:
        return gettext("%(actor)s posted “%(title)s” in a tag you follow"), params
    if kind == K.MODERATION:
        return _moderation_sentence(notification, title)
    if kind == K.RECOGNITION:  # the month (ISO date) in the event key; the tag for a champion
        return _recognition_sentence(notification)
    if kind == K.REDEMPTION:  # detail: the team's reason or fulfilment note, shown under the sentence
        return _redemption_sentence(notification)
    if kind == K.BOUNTY:  # the event key names what happened and the amount (``bounty_key``)
        return _bounty_sentence(notification, params)
    if kind == K.WEBHOOK:  # detail: the endpoint's URL
        return gettext("Webhook deliveries to %(url)s kept failing: the endpoint is turned off."), {
            **params,
            "url": notification.detail,
        }
    return "%(title)s", params


def describe(notification: Notification, *, html: bool = False) -> str:
    """The notification as one sentence in the active language, its actor's name included ("Alice answered
    your question “…”"). ``html``: escaped, with the actor's name in ``<strong>``, marked safe."""
    sentence, params = _sentence(notification)
    if not html:
        return sentence % params
    values = {key: conditional_escape(value) for key, value in params.items()}
    if "actor" in values:
        values["actor"] = format_html("<strong>{}</strong>", params["actor"])
    return mark_safe(conditional_escape(sentence) % values)  # noqa: S308 - every part escaped above
