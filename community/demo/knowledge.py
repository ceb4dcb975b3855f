"""The demo's knowledge base: an article written by Lumen's team, in English and in its French translation.

The English article goes under the default language's knowledge index; its translation is made the way the team
makes one in the CMS (``copy_for_translation``, what simple_translation's "Translate" does: the same slug under
the French index, so the same URL), then written in French and published. Run again, it changes nothing; without
a knowledge index (a database the CMS has not set up) it does nothing.
"""

from __future__ import annotations

from django.db import transaction

from community.knowledge.models import KnowledgeIndexPage, KnowledgePage

SLUG = "working-offline-with-lumen"
TAGS = ["offline", "sync"]
NBSP, NNBSP = "\u00a0", "\u202f"  # French typography: before « : »; before ; ! ?

ARTICLE = {
    "en": {
        "title": "Working offline with Lumen",
        "search_description": "Keep notebooks on your devices, write without a connection and let Sync catch up "
        "when you are back online.",
        "intro": [
            (
                "paragraph",
                "<p>Lumen keeps working when the network does not. Here is what stays on your device, how to "
                "choose it, and what happens when two devices changed the same note while they were offline.</p>",
            ),
        ],
        "body": [
            ("heading", "Choose what stays on the device"),
            (
                "paragraph",
                "<p>On desktop, every notebook is stored on the computer. On iOS and Android, Lumen keeps only "
                "the notes you opened recently, to save space. To keep a whole notebook, long-press it in the "
                "sidebar and choose <b>Keep offline</b>; a small arrow shows once it is fully downloaded.</p>",
            ),
            ("heading", "Writing without a connection"),
            (
                "paragraph",
                "<p>Edit, create and tag notes as usual. Your changes wait in a local queue and the sync icon "
                "shows how many are pending. Attachments added offline go first when the connection returns, so "
                "a large PDF can hold the rest back for a minute or two.</p>",
            ),
            ("heading", "When two devices disagree"),
            (
                "paragraph",
                "<p>If the same note changed on two devices, Lumen keeps both versions: the newest stays in "
                "place and the other one appears in the note's history as a conflict copy. Open <b>History</b> "
                "to compare them and restore the one you want; nothing is lost.</p>",
            ),
            (
                "callout",
                {
                    "title": "Still stuck?",
                    "text": "Ask the community: say which devices and Lumen versions you use, and whether the "
                    "sync icon shows an error.",
                    "link_label": "Ask a question",
                    "link_url": "/ask/",
                },
            ),
        ],
    },
    "fr": {
        "title": "Travailler hors ligne avec Lumen",
        "search_description": "Gardez vos carnets sur vos appareils, écrivez sans connexion et laissez la "
        "synchronisation rattraper son retard dès que vous êtes de nouveau en ligne.",
        "intro": [
            (
                "paragraph",
                "<p>Lumen continue de fonctionner quand le réseau vous lâche. Voici ce qui reste sur votre "
                "appareil, comment le choisir, et ce qui se passe quand deux appareils ont modifié la même note "
                "sans connexion.</p>",
            ),
        ],
        "body": [
            ("heading", "Choisir ce qui reste sur l’appareil"),
            (
                "paragraph",
                "<p>Sur ordinateur, tous les carnets sont enregistrés sur la machine. Sur iOS et Android, Lumen "
                "ne garde que les notes ouvertes récemment, pour économiser de la place. Pour conserver un "
                "carnet entier, appuyez longuement dessus dans la barre latérale et choisissez <b>Garder hors "
                f"ligne</b>{NNBSP}; une petite flèche apparaît quand il est entièrement téléchargé.</p>",
            ),
            ("heading", "Écrire sans connexion"),
            (
                "paragraph",
                "<p>Modifiez, créez et étiquetez vos notes comme d’habitude. Vos modifications attendent dans "
                "une file locale et l’icône de synchronisation indique combien sont en attente. Les pièces "
                f"jointes ajoutées hors ligne partent en premier au retour de la connexion{NBSP}: un gros PDF "
                "peut donc retarder le reste d’une minute ou deux.</p>",
            ),
            ("heading", "Quand deux appareils ne sont pas d’accord"),
            (
                "paragraph",
                "<p>Si la même note a été modifiée sur deux appareils, Lumen garde les deux versions"
                f"{NBSP}: la plus récente reste en place, l’autre apparaît dans l’historique de la note comme "
                "copie en conflit. Ouvrez l’<b>Historique</b> pour les comparer et restaurer celle que vous "
                f"voulez{NNBSP}; rien n’est perdu.</p>",
            ),
            (
                "callout",
                {
                    "title": f"Le problème persiste{NNBSP}?",
                    "text": f"Demandez à la communauté{NBSP}: précisez vos appareils, vos versions de Lumen et "
                    "si l’icône de synchronisation affiche une erreur.",
                    "link_label": "Poser une question",
                    "link_url": "/ask/",
                },
            ),
        ],
    },
}


def _write(page: KnowledgePage, text: dict) -> None:
    page.title = page.draft_title = text["title"]
    page.search_description = text["search_description"]
    page.intro = text["intro"]
    page.body = text["body"]


@transaction.atomic
def seed_knowledge() -> KnowledgePage | None:
    """The article in English and French (published); returns the English one, or None without an index."""
    indexes = {index.locale.language_code: index for index in KnowledgeIndexPage.objects.select_related("locale")}
    english, french = indexes.get("en"), indexes.get("fr")
    if english is None:
        return None
    article = KnowledgePage.objects.filter(locale_id=english.locale_id, slug=SLUG).first()
    if article is None:
        article = KnowledgePage(slug=SLUG, live=False)
        _write(article, ARTICLE["en"])
        article.tags.add(*TAGS)
        english.add_child(instance=article)
        article.save_revision().publish()
    if french is not None and not article.has_translation(french.locale):
        translated = article.copy_for_translation(french.locale)  # a draft under the French index, same slug
        _write(translated, ARTICLE["fr"])
        translated.save_revision().publish()
    return article
