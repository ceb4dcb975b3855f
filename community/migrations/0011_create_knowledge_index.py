"""The knowledge section: a KnowledgeIndexPage under the home page at /knowledge/, reviewed by moderators.

Wagtail's own migrations create the "Moderators approval" workflow (one GroupApprovalTask for the
*Moderators* group) on the root page. The knowledge index is linked to that workflow explicitly, so drafts
promoted from the community always go draft → review by a moderator → publish, even if the site's root gets
another workflow later. If the workflow is missing (someone deleted it), an equivalent one is created.
"""

import uuid

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised path, 4 characters a step
STEPLEN = 4
SLUG = "knowledge"
WORKFLOW = "Moderators approval"

INTRO = [
    ("heading", "Knowledge base"),
    (
        "paragraph",
        "<p>The community's best answers and tips, reviewed by moderators and kept up to date. Every topic "
        "also has its own page with the best threads for its tag, ranked by votes, accepted answers and the "
        "reputation of the people who wrote them.</p>",
    ),
]


def _child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").values_list("path", flat=True).first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEPLEN, "0")


def _moderators_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")

    workflow = Workflow.objects.filter(name=WORKFLOW, active=True).first()
    if workflow is not None:
        return workflow
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.filter(groups=moderators, active=True).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=WORKFLOW, content_type=task_type, active=True)
        task.groups.set([moderators])
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def create_knowledge_index(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("community", "HomePage")
    KnowledgeIndexPage = apps.get_model("community", "KnowledgeIndexPage")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    index = KnowledgeIndexPage.objects.order_by("pk").first()
    if index is None:
        home = HomePage.objects.order_by("depth", "pk").first()
        if home is None:
            return  # no home page: the index can be created in the CMS later
        if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=SLUG).exists():
            return  # someone already uses /knowledge/: leave it to them
        content_type, _ = ContentType.objects.get_or_create(app_label="community", model="knowledgeindexpage")
        now = timezone.now()
        index = KnowledgeIndexPage.objects.create(
            title="Knowledge",
            draft_title="Knowledge",
            slug=SLUG,
            content_type=content_type,
            path=_child_path(Page, home),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{SLUG}/",
            locale_id=home.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            intro=[{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in INTRO],
            seo_title="Knowledge base",
            search_description="The community's best answers and tips, reviewed by moderators.",
        )
        Page.objects.filter(pk=home.pk).update(numchild=Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count())
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": _moderators_workflow(apps)})


def remove_knowledge_index(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    KnowledgeIndexPage = apps.get_model("community", "KnowledgeIndexPage")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for index in KnowledgeIndexPage.objects.filter(slug=SLUG, numchild=0):
        WorkflowPage.objects.filter(page_id=index.pk).delete()
        parent_path = index.path[:-STEPLEN]
        index.delete()
        parent = Page.objects.filter(path=parent_path).first()
        if parent is not None:
            Page.objects.filter(pk=parent.pk).update(numchild=max(0, parent.numchild - 1))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0010_knowledge_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_knowledge_index, remove_knowledge_index)]
