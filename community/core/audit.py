"""The audit log: what a moderator or the team did, to what, and why — and telling the member concerned.

One act, one entry: each action writes its own entry and nothing else writes one for it (a review decision
that locks a thread is the lock's entry, not a lock plus an "approved"). The entry keeps *data* — the action
code, the target, ``details`` (the original of a duplicate, a suspension's days…) and the moderator's own
reason — and ``describe()`` words it in the reader's language when the log is read, so no English sentence
or code is ever stored for people to read.
"""

from __future__ import annotations

from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from community.core import events, freshness
from community.core.models import AuditEntry

# How the CMS's audit log names each ``AuditEntry.action`` (its filter). The stored code stays English; an
# action missing here is shown as words, never as its code.
ACTION_LABELS = {
    "auto_hide": gettext_lazy("Hidden after flags"),
    "review_approve": gettext_lazy("Review: approved"),
    "review_dismiss": gettext_lazy("Review: flags dismissed"),
    "hide": pgettext_lazy("audit log", "Hidden"),
    "restore": pgettext_lazy("audit log", "Restored"),
    "lock": pgettext_lazy("audit log", "Locked"),
    "unlock": pgettext_lazy("audit log", "Unlocked"),
    "close_duplicate": gettext_lazy("Closed as a duplicate"),
    "reopen": pgettext_lazy("audit log", "Reopened"),
    "merge_tags": gettext_lazy("Tags merged"),
    "add_tag_synonym": gettext_lazy("Tag synonym added"),
    "remove_tag_synonym": gettext_lazy("Tag synonym removed"),
    "suspend": gettext_lazy("Member suspended"),
    "unsuspend": gettext_lazy("Suspension lifted"),
    "approve_edit": gettext_lazy("Suggested edit approved"),
    "reject_edit": gettext_lazy("Suggested edit rejected"),
    "promote_article": gettext_lazy("Promoted to a knowledge article"),
    "revoke_token": gettext_lazy("Access token revoked"),
    # The recognition programme (rewards): the redemption queue, the catalogue's codes, the team's picks.
    "redemption_approve": gettext_lazy("Redemption approved"),
    "redemption_reject": gettext_lazy("Redemption rejected"),
    "redemption_fulfil": gettext_lazy("Redemption fulfilled"),
    "redemption_code": gettext_lazy("Code handed out"),
    "perk_codes": gettext_lazy("Perk codes uploaded"),
    "recognition": gettext_lazy("Recognition published"),
    "points_adjust": gettext_lazy("Reward points adjusted"),
}

# What happened, per action and kind of target: whole sentences, so each language can say it its own way.
# ``%(target)s`` is the thread's title (a link to it), ``%(author)s`` the post's author.
SENTENCES = {
    ("hide", "thread"): gettext_lazy("Hid the thread %(target)s by %(author)s"),
    ("hide", "answer"): gettext_lazy("Hid an answer by %(author)s to %(target)s"),
    ("hide", "comment"): gettext_lazy("Hid a comment by %(author)s in %(target)s"),
    ("restore", "thread"): gettext_lazy("Restored the thread %(target)s by %(author)s"),
    ("restore", "answer"): gettext_lazy("Restored an answer by %(author)s to %(target)s"),
    ("restore", "comment"): gettext_lazy("Restored a comment by %(author)s in %(target)s"),
    ("review_approve", "thread"): gettext_lazy("Approved the thread %(target)s by %(author)s"),
    ("review_approve", "answer"): gettext_lazy("Approved an answer by %(author)s to %(target)s"),
    ("review_approve", "comment"): gettext_lazy("Approved a comment by %(author)s in %(target)s"),
    ("review_dismiss", "thread"): gettext_lazy("Dismissed the flags on the thread %(target)s by %(author)s"),
    ("review_dismiss", "answer"): gettext_lazy("Dismissed the flags on an answer by %(author)s to %(target)s"),
    ("review_dismiss", "comment"): gettext_lazy("Dismissed the flags on a comment by %(author)s in %(target)s"),
    ("lock", "thread"): gettext_lazy("Locked the thread %(target)s"),
    ("unlock", "thread"): gettext_lazy("Unlocked the thread %(target)s"),
    ("reopen", "thread"): gettext_lazy("Reopened %(target)s, closed as a duplicate"),
    ("approve_edit", "thread"): gettext_lazy("Approved an edit by %(member)s to %(target)s"),
    ("approve_edit", "answer"): gettext_lazy("Approved an edit by %(member)s to an answer in %(target)s"),
    ("reject_edit", "thread"): gettext_lazy("Rejected an edit by %(member)s to %(target)s"),
    ("reject_edit", "answer"): gettext_lazy("Rejected an edit by %(member)s to an answer in %(target)s"),
    ("promote_article", "thread"): gettext_lazy("Made %(target)s a knowledge article"),
    ("promote_article", "answer"): gettext_lazy("Made an answer by %(author)s to %(target)s a knowledge article"),
    ("unsuspend", "member"): gettext_lazy("Lifted the suspension of %(member)s"),
    # Translators: %(target)s is the token's name and first characters in quotes, %(member)s its member.
    ("revoke_token", "token"): gettext_lazy("Revoked the access token %(target)s of %(member)s"),
    # Translators: %(target)s is a perk of the rewards catalogue in quotes, %(member)s the member who redeemed it.
    ("redemption_approve", "redemption"): gettext_lazy("Approved the redemption of %(target)s by %(member)s"),
    ("redemption_reject", "redemption"): gettext_lazy(
        "Rejected the redemption of %(target)s by %(member)s and refunded its points"
    ),
    ("redemption_fulfil", "redemption"): gettext_lazy("Marked the redemption of %(target)s by %(member)s fulfilled"),
    ("redemption_code", "redemption"): gettext_lazy("Handed a code for %(target)s to %(member)s"),
    # Translators: %(member)s is the member whose reward points the team changed by hand (the note is the reason).
    ("points_adjust", "member"): gettext_lazy("Adjusted the reward points of %(member)s"),
}


def action_label(action: str) -> str:
    """The audit log's name for ``action`` in the active language."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ").capitalize()


def _label(obj) -> str:
    """What the log calls the target: a post's thread title, a comment's words, a member's name (read by type
    name: ``core`` knows no feature's models)."""
    kind = type(obj).__name__
    if kind == "Thread":
        return obj.title[:200]
    if kind in ("Answer", "Comment"):
        return obj.thread.title[:200]
    return str(obj)[:200]


def audit(
    actor,
    action: str,
    obj=None,
    *,
    member=None,
    reason: str = "",
    target_type: str = "",
    target_id=None,
    target_label: str = "",
    details: dict | None = None,
) -> AuditEntry:
    thread_id = _thread_id(obj)
    entry = AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target_type or (type(obj).__name__.lower() if obj is not None else ""),
        target_id=target_id if target_id is not None else getattr(obj, "pk", None),
        target_label=target_label[:200] or (_label(obj) if obj is not None else ""),
        member=member if member is not None else getattr(obj, "author", None),
        reason=" ".join((reason or "").split())[:300],
        details={**({"thread_id": thread_id} if thread_id else {}), **(details or {})},
    )
    freshness.after_moderation(entry, thread_id=thread_id)
    return entry


def _thread_id(obj):
    """The thread a moderated post belongs to (a lock, a close or a hidden answer changes its page)."""
    kind = type(obj).__name__
    if kind == "Thread":
        return obj.pk
    return getattr(obj, "thread_id", None) if kind in ("Answer", "Comment") else None


# --- reading the log -------------------------------------------------------------------------------------


def _thread_link(thread_id, title: str, anchor: str = "") -> SafeString:
    # Translators: a thread's title in quotes.
    quoted = gettext("“%(title)s”") % {"title": Truncator(title or "").chars(80)}
    if not thread_id:
        return format_html("{}", quoted)
    try:
        url = reverse("community:thread_short", args=[thread_id]) + anchor
    except NoReverseMatch:  # pragma: no cover - the forum's URLs are always installed
        return format_html("{}", quoted)
    return format_html('<a href="{}">{}</a>', url, quoted)


def _member_link(member) -> SafeString:
    if member is None:
        return format_html("{}", gettext("a former member"))
    try:
        url = reverse("community:member", args=[member.username])
    except NoReverseMatch:  # pragma: no cover
        return format_html("{}", member.username)
    return format_html('<a href="{}">{}</a>', url, member.username)


def describe(entry: AuditEntry) -> SafeString:
    """The act as a sentence in the active language, with links to the thread and the member concerned.

    Reads ``entry.member`` (select it with the entry) and nothing else from the database."""
    details = entry.details or {}
    kind = entry.target_type
    anchor = f"#{kind}-{entry.target_id}" if kind in ("answer", "comment") and entry.target_id else ""
    target = _thread_link(details.get("thread_id"), entry.target_label, anchor)
    member = _member_link(entry.member)
    values = {"target": target, "author": member, "member": member}
    if entry.action == "close_duplicate":
        original = _thread_link(details.get("original_id"), details.get("original_title", ""))
        text = gettext("Closed %(target)s as a duplicate of %(original)s")
        return format_html(_html_template(text), **values, original=original)
    if entry.action == "auto_hide":
        count = int(details.get("flags") or 0)
        text = {
            "thread": ngettext(
                "Hid the thread %(target)s by %(author)s after %(count)s flag",
                "Hid the thread %(target)s by %(author)s after %(count)s flags",
                count,
            ),
            "answer": ngettext(
                "Hid an answer by %(author)s to %(target)s after %(count)s flag",
                "Hid an answer by %(author)s to %(target)s after %(count)s flags",
                count,
            ),
        }.get(
            kind,
            ngettext(
                "Hid a comment by %(author)s in %(target)s after %(count)s flag",
                "Hid a comment by %(author)s in %(target)s after %(count)s flags",
                count,
            ),
        )
        return format_html(_html_template(text), **values, count=count)
    if entry.action == "suspend":
        days = int(details.get("days") or 0)
        text = ngettext("Suspended %(member)s for %(days)s day", "Suspended %(member)s for %(days)s days", days)
        return format_html(_html_template(text), **values, days=days)
    if entry.action == "merge_tags":
        text = gettext("Merged the tag %(source)s into %(into)s")
        return format_html(
            _html_template(text),
            source=gettext("“%(title)s”") % {"title": details.get("source", "?")},
            into=gettext("“%(title)s”") % {"title": details.get("target", entry.target_label)},
        )
    if entry.action in ("add_tag_synonym", "remove_tag_synonym"):
        if entry.action == "add_tag_synonym":
            text = gettext("Made %(synonym)s a synonym of the tag %(into)s")
        else:
            text = gettext("Removed the synonym %(synonym)s of the tag %(into)s")
        return format_html(
            _html_template(text),
            synonym=gettext("“%(title)s”") % {"title": details.get("synonym", "?")},
            into=gettext("“%(title)s”") % {"title": details.get("tag", entry.target_label)},
        )
    if entry.action == "perk_codes":
        count = int(details.get("added") or 0)
        text = ngettext("Uploaded %(count)s code for %(target)s", "Uploaded %(count)s codes for %(target)s", count)
        return format_html(_html_template(text), **values, count=count)
    if entry.action == "recognition":
        return format_html("{}", _recognition_sentence(details, member))
    sentence = SENTENCES.get((entry.action, kind))
    if sentence is not None:
        return format_html(_html_template(str(sentence)), **values)
    # An act this table does not know yet: its name and what it was on, still words.
    return format_html("{} · {}", action_label(entry.action), target if kind != "member" else member)


def _recognition_sentence(details: dict, member: SafeString) -> SafeString:
    """The sentence "Named … member of the month for November 2026" (or a tag's champion): the month is stored as a
    date and worded in the reader's language."""
    try:
        month = date_format(date.fromisoformat(details.get("month", "")), "YEAR_MONTH_FORMAT")
    except ValueError:
        month = details.get("month", "")
    if details.get("kind") == "tag_champion":
        text = gettext("Named %(member)s champion of the tag %(tag)s for %(month)s")
        tag = gettext("“%(title)s”") % {"title": details.get("tag", "")}
        return format_html(_html_template(text), member=member, tag=tag, month=month)
    text = gettext("Named %(member)s member of the month for %(month)s")
    return format_html(_html_template(text), member=member, month=month)


def _html_template(text: str) -> str:
    """A translated ``%(name)s`` sentence (ours, from the catalogue) as a ``format_html`` template: each
    placeholder is filled with escaped text or the links built above."""
    return text.replace("{", "{{").replace("}", "}}").replace("%(", "{").replace(")s", "}")


def tell_member(entry: AuditEntry) -> None:
    """The affected member hears what a moderator did, and why."""
    if entry.member_id is None or entry.member_id == entry.actor_id:
        return
    events.emit(
        events.MemberModerated(
            member_id=entry.member_id,
            actor_id=entry.actor_id,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            target_label=entry.target_label,
            reason=entry.reason,
            at=entry.created_at,
        )
    )
