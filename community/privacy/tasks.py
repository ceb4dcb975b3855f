"""Background work of the data rights (django-tasks: immediate in development and tests, the database backend
and ``manage.py db_worker`` in production): building an archive, and the e-mails that tell the member.

Tasks take ids only: the queue's table (``django_tasks_db``) keeps arguments, and must hold no address or name.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tasks import task

from community.core.context_processors import privacy_url
from community.core.language import speaking_to
from community.forum.models import Member
from community.privacy import actions, exports
from community.privacy.models import AccountDeletion, DataExport

logger = logging.getLogger(__name__)


@task()
def build_export(export_id: int) -> bool:
    """Write the member's archive, then make it downloadable and e-mail the link; False if there was nothing
    to build (already done, or the member was erased meanwhile)."""
    export = DataExport.objects.select_related("member").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return False
    try:
        with speaking_to(export.member):  # the archive's README in the member's language
            path, size = exports.write_archive(export.member, f"member-{export.member_id}-{export.pk}")
    except Exception:
        logger.exception("Could not build data export %s", export_id)
        actions.export_failed(export_id)
        return False
    if actions.export_ready(export_id, file_path=path, size=size) is None:
        return False
    send_notice.enqueue(export.member_id, "export_ready")
    return True


def site_url(path: str) -> str:
    """An absolute link for an e-mail (Wagtail gives full URLs already when several sites are configured)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


NOTICES = {
    # kind: (subject, template, what it is about: the member's latest ready archive, their pending deletion)
    "export_ready": (
        gettext_lazy("Your data archive is ready"),
        "community/privacy/email_export_ready.txt",
        lambda member_id: DataExport.objects.filter(member_id=member_id, status=DataExport.Status.READY).first(),
    ),
    "deletion_scheduled": (
        gettext_lazy("Your account will be deleted"),
        "community/privacy/email_deletion_scheduled.txt",
        lambda member_id: AccountDeletion.objects.filter(member_id=member_id, erased_at__isnull=True).first(),
    ),
}


def notice(member, kind: str, obj) -> tuple[str, str]:
    """The subject and text of a notice to ``member`` (also what the demo prints), in the member's language."""
    subject, template, _find = NOTICES[kind]
    context = {
        "member": member,
        "object": obj,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "data_url": site_url(reverse("community:your_data")),
        "privacy_url": site_url(privacy_url() or "/"),
    }
    if kind == "export_ready":
        context["download_url"] = site_url(reverse("community:download_data", args=[obj.token]))
    with speaking_to(member):
        return str(subject), render_to_string(template, context)


@task()
def send_notice(member_id: int, kind: str) -> bool:
    """E-mail ``member_id`` about their archive or their deletion: to their account's address, verified or
    not (it is about the account itself, like a password reset). False if there is no one to write to."""
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    obj = NOTICES[kind][2](member_id)
    if member is None or obj is None or not member.email:
        return False
    subject, body = notice(member, kind, obj)
    send_mail(subject, body, None, [member.email])
    return True
