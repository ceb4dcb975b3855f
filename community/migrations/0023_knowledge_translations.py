"""CMS pages in English and French (docs/i18n.md, "Knowledge pages in two languages").

- Both locales exist (``en`` and ``fr``), whatever ``LANGUAGE_CODE`` Wagtail's own migration started from.
- The home page and the knowledge index get their translation in the other language, live, with a text of
  their own: Wagtail serves ``site.root_page.localized`` (the home page in the reader's language), and the CMS's
  "Translate" action (``wagtail.contrib.simple_translation``) only offers a locale whose parent page is
  translated already, so an article can be translated as soon as it exists. The French knowledge index joins the
  "Moderators approval" workflow like the English one (migration 0011).
- Existing pages stay in the locale they are in. Nothing else is translated: a page without a translation is
  served to every reader in its own language (``HomePage.route``).
- The team ("Moderators" and Wagtail's "Editors") may submit translations.
"""

import uuid

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised path, 4 characters a step
STEPLEN = 4
LANGUAGES = ("en", "fr")
WORKFLOW = "Moderators approval"
TRANSLATORS = ("Moderators", "Editors")
NBSP, NNBSP = "\u00a0", "\u202f"  # before « : » and inside guillemets; before ; ! ?

# The text of the pages this migration creates, per language (the English ones are migrations 0003 and 0011's).
HOME = {
    "en": {
        "title": "Guildhall community",
        "intro": [
            ("heading", "Welcome to the Guildhall community"),
            (
                "paragraph",
                "<p>Ask questions, share tips and learn from people who use the product every day. "
                "The best answers rise to the top through members' votes.</p>",
            ),
            (
                "callout",
                {
                    "title": "New here?",
                    "text": "Search first: your question may already have an accepted answer. "
                    "If not, ask it with a clear title and one to five tags.",
                    "link_label": "Ask a question",
                    "link_url": "/ask/",
                },
            ),
        ],
    },
    "fr": {
        "title": "Communauté Guildhall",
        "intro": [
            ("heading", "Bienvenue dans la communauté Guildhall"),
            (
                "paragraph",
                "<p>Posez vos questions, partagez vos astuces et apprenez auprès de celles et ceux qui utilisent "
                "le produit au quotidien. Les meilleures réponses remontent en tête grâce aux votes des membres.</p>",
            ),
            (
                "callout",
                {
                    "title": f"Première visite{NNBSP}?",
                    "text": f"Commencez par une recherche{NBSP}: votre question a peut-être déjà une réponse "
                    "acceptée. Sinon, posez-la avec un titre clair et une à cinq étiquettes.",
                    "link_label": "Poser une question",
                    "link_url": "/ask/",
                },
            ),
        ],
    },
}
KNOWLEDGE = {
    "en": {
        "title": "Knowledge",
        "seo_title": "Knowledge base",
        "search_description": "The community's best answers and tips, reviewed by moderators.",
        "intro": [
            ("heading", "Knowledge base"),
            (
                "paragraph",
                "<p>The community's best answers and tips, reviewed by moderators and kept up to date. Every topic "
                "also has its own page with the best threads for its tag, ranked by votes, accepted answers and the "
                "reputation of the people who wrote them.</p>",
            ),
        ],
    },
    "fr": {
        "title": "Base de connaissances",
        "seo_title": "Base de connaissances",
        "search_description": "Les meilleures réponses et astuces de la communauté, relues par les modérateurs.",
        "intro": [
            ("heading", "Base de connaissances"),
            (
                "paragraph",
                "<p>Les meilleures réponses et astuces de la communauté, relues par les modérateurs et tenues à "
                f"jour. Chaque sujet a aussi sa rubrique{NBSP}: les meilleures discussions de son étiquette, "
                "classées selon les votes, les réponses acceptées et la réputation de leurs auteurs.</p>",
            ),
        ],
    },
}


def _child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEPLEN, "0")


def _stream(blocks):
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]


def _locales(Locale):
    """{language: Locale} for English and French; a regional variant left by an older LANGUAGE_CODE
    ("en-us") becomes the plain language, so pages keep their locale."""
    found = {}
    for language in LANGUAGES:
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            variant = Locale.objects.filter(language_code__istartswith=f"{language}-").order_by("pk").first()
            if variant is not None:
                variant.language_code = language
                variant.save(update_fields=["language_code"])
                locale = variant
            else:
                locale = Locale.objects.create(language_code=language)
        found[language] = locale
    return found


def _translate(Model, Page, source, parent, locale, text, *, slug, **fields):
    """A live copy of ``source`` in ``locale`` under ``parent`` (a translation: the same translation key)."""
    now = timezone.now()
    page = Model.objects.create(
        title=text["title"],
        draft_title=text["title"],
        slug=slug,
        content_type_id=source.content_type_id,
        path=_child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=locale.pk,
        translation_key=source.translation_key,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        owner_id=source.owner_id,
        seo_title=text.get("seo_title", ""),
        search_description=text.get("search_description", ""),
        show_in_menus=source.show_in_menus,
        intro=_stream(text["intro"]),
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(
        numchild=Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
    )
    return page


def translate_home_and_knowledge(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("community", "HomePage")
    KnowledgeIndexPage = apps.get_model("community", "KnowledgeIndexPage")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    locales = _locales(Locale)
    _let_the_team_translate(apps)

    home = HomePage.objects.order_by("depth", "pk").first()
    if home is None:
        return  # no site yet: translations are made in the CMS
    root = Page.objects.get(depth=1)
    index = KnowledgeIndexPage.objects.filter(path__startswith=home.path).order_by("pk").first()
    workflow = Workflow.objects.filter(name=WORKFLOW, active=True).first()
    for language, locale in locales.items():
        if locale.pk == home.locale_id:
            continue
        home_copy = HomePage.objects.filter(translation_key=home.translation_key, locale_id=locale.pk).first()
        if home_copy is None:
            slug = f"{home.slug}-{language}"
            if Page.objects.filter(depth=2, slug=slug).exists():
                continue  # someone made a page with that slug at the top: leave the tree to them
            home_copy = _translate(
                HomePage, Page, home, root, locale, HOME[language], slug=slug, threads_shown=home.threads_shown
            )
        if index is None:
            continue
        index_copy = KnowledgeIndexPage.objects.filter(translation_key=index.translation_key, locale_id=locale.pk)
        if index_copy.exists():
            continue
        if Page.objects.filter(path__startswith=home_copy.path, depth=home_copy.depth + 1, slug=index.slug).exists():
            continue
        index_copy = _translate(
            KnowledgeIndexPage,
            Page,
            index,
            home_copy,
            locale,
            KNOWLEDGE[language],
            slug=index.slug,
            articles_per_page=index.articles_per_page,
            topics_shown=index.topics_shown,
            threads_per_topic=index.threads_per_topic,
        )
        if workflow is not None:
            WorkflowPage.objects.update_or_create(page_id=index_copy.pk, defaults={"workflow": workflow})
    _forget_site_root_paths()


def _let_the_team_translate(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="simple_translation", model="simpletranslation")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    for group in Group.objects.filter(name__in=TRANSLATORS):
        group.permissions.add(permission)


def _forget_site_root_paths():
    """Wagtail caches the site's root paths (one per translation of the home page) for an hour."""
    from django.core.cache import cache

    try:
        cache.delete("wagtail_site_root_paths", version=2)
    except Exception:  # pragma: no cover - no cache reachable while migrating: it expires on its own
        pass


def remove_translations(apps, schema_editor):
    """Back: the translations of the home page and the knowledge index, if nobody added pages under them."""
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("community", "HomePage")
    KnowledgeIndexPage = apps.get_model("community", "KnowledgeIndexPage")
    home = HomePage.objects.order_by("depth", "pk").first()
    if home is None:
        return
    index = KnowledgeIndexPage.objects.filter(path__startswith=home.path).order_by("pk").first()
    copies = []
    if index is not None:
        copies += KnowledgeIndexPage.objects.filter(translation_key=index.translation_key).exclude(pk=index.pk)
    copies += HomePage.objects.filter(translation_key=home.translation_key).exclude(pk=home.pk)
    for copy in copies:  # the indexes first: a home page's copy is empty once its index is gone
        page = Page.objects.get(pk=copy.pk)
        if page.numchild:
            continue
        parent_path = page.path[:-STEPLEN]
        copy.delete()
        Page.objects.filter(path=parent_path).update(
            numchild=Page.objects.filter(path__startswith=parent_path, depth=page.depth).count()
        )
    _forget_site_root_paths()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0022_languages"),
        ("wagtailcore", "0098_apitoken"),
        ("simple_translation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(translate_home_and_knowledge, remove_translations)]
