"""The French-speaking half of ``manage.py seed_demo``: Lumen's francophone community.

Same shapes as ``community.demo.content`` (members, pools, question and tip topics, generic fragments), written
in French by French, Belgian, Swiss, Québécois, Moroccan and Senegalese members: not a translation of the English
topics but the problems francophone users bring (AZERTY shortcuts, accents in search, invoices with a VAT number,
dates in French). ``seed_demo`` plans these topics in French, with French-speaking members only (and the
bilingual ones of the English list, ``WRITES_BOTH``), and with the French fragments below.

French typography as in print: a no-break space before « : » and inside guillemets, a narrow no-break space
before « ; ! ? » and as the thousands separator, ’ for the apostrophe (tests/demo/test_seed_demo.py checks it).
Code, paths typed in a terminal and search operators stay as they are typed.
"""

from __future__ import annotations

from textwrap import dedent


def _d(text: str) -> str:
    return dedent(text).strip("\n")


# --- members -----------------------------------------------------------------
# (username, display name, bio, activity 1..5), in the order they joined; the first FOUNDERS were there from the
# start. Every one of them reads the site in French (Member.language = "fr").

MEMBERS = [
    ("claire.fontaine", "Claire Fontaine", "Cheffe de projet à Nantes. Réunions, comptes rendus et liste de courses : tout vit dans Lumen.", 5),
    ("camille.roy", "Camille Roy", "Équipe Lumen, support francophone (Montréal). Compte, facturation et tout ce qui coince.", 5),
    ("gaetan.tremblay", "Gaëtan Tremblay", "Prof de physique au cégep, à Sherbrooke. Mes plans de cours sont dans Lumen depuis la v3.", 4),
    ("nadia.benali", "Nadia Benali", "Doctorante en sociologie à Rabat. 3 000 notes d’entretiens et une bibliographie qui déborde.", 4),
    ("mathieu.girard", "Mathieu Girard", "Développeur web à Bordeaux. Si une tâche revient trois fois, je l’automatise.", 4),
    ("thibault.v", "Thibault Vermeulen", "Graphiste indépendant à Liège. Beaucoup de pièces jointes, encore plus d’avis.", 3),
    ("youssef.elamrani", "Youssef El Amrani", "Admin système à Casablanca. Les sauvegardes d’abord, les questions ensuite.", 3),
    ("lea.morel", "Léa Morel", "Étudiante en médecine à Lille. Fiches de révision, cartes mémoire et trop d’onglets ouverts.", 3),
    ("olivier.bertrand", "Olivier Bertrand", "Ingénieur DevOps à Toulouse. Linux partout, Vim au clavier, café à portée de main.", 3),
    ("manon.leclerc", "Manon Leclerc", "Professeure des écoles en Bretagne. Je partage mes carnets de classe avec les collègues.", 2),
    ("isabelle.perret", "Isabelle Perret", "Avocate à Genève. Chiffrement et exports propres : non négociable.", 2),
    ("antoine.dubreuil", "Antoine Dubreuil", "Journaliste pigiste. Le clipper web est mon meilleur ami.", 2),
    ("fatou.diallo", "Fatou Diallo", "Cheffe de produit dans une fintech à Dakar. Modèles, décisions, comptes rendus.", 3),
    ("marie-eve.c", "Marie-Ève Cloutier", "Rédactrice à Québec. J’écris un roman, une note quotidienne à la fois.", 2),
    ("hugo.lambert", "Hugo Lambert", "Étudiant en informatique à Lausanne. J’apprends en prenant tout en notes.", 2),
    ("ines.haddou", "Inès Haddou", "Architecte d’intérieur à Bruxelles. Croquis et notes de chantier sur iPad.", 2),
    ("karim.saidi", "Karim Saïdi", "Data analyst à Paris. Des tableaux partout, et l’API quand il le faut.", 2),
    ("sandrine.m", "Sandrine Marchand", "Pharmacienne. Lumen sur mon téléphone toute la journée, entre deux ordonnances.", 1),
    ("pierre.aubert", "Pierre Aubert", "Utilisateur de Lumen depuis la v3. Je lis plus que je n’écris.", 1),
    ("amina.t", "Amina Tazi", "Traductrice à Marseille, entre l’arabe, le français et l’anglais.", 1),
]
FOUNDERS = 5

# Lumen's francophone staff: moderators like the English-speaking team.
TEAM = {"camille.roy"}

# Members of the English list who write in French too (their saved language is French, they read both).
WRITES_BOTH = {"jdelacroix", "chloe.martin", "amelie.d"}
# French-speaking members who also read the English threads (reads_languages ["fr", "en"]).
READS_ENGLISH = {"camille.roy", "mathieu.girard", "gaetan.tremblay", "olivier.bertrand", "hugo.lambert", "amina.t"}

# --- pools of slot values ----------------------------------------------------
# The same pool names and slot keys as the English ones, with what a French-speaking user of Lumen's French
# interface writes (menu paths, « sous Windows »), plus ``sur_platform``: « sous Windows », « sur iPhone »…

_WIN = {"platform": "Windows", "sur_platform": "sous Windows", "platform_tag": "windows",
        "settings": "Fichier → Paramètres", "mod": "Ctrl", "datadir": r"%APPDATA%\Lumen", "desktop": "Windows"}
_MAC = {"platform": "macOS", "sur_platform": "sur Mac", "platform_tag": "macos",
        "settings": "Lumen → Réglages", "mod": "Cmd", "datadir": "~/Library/Application Support/Lumen", "desktop": "macOS"}
_LINUX = {"platform": "Linux", "sur_platform": "sous Linux", "platform_tag": "linux",
          "settings": "Fichier → Paramètres", "mod": "Ctrl", "datadir": "~/.config/Lumen", "desktop": "Linux"}
_IOS = {"platform": "iOS", "sur_platform": "sur iPhone", "platform_tag": "ios",
        "settings": "Paramètres (la roue dentée en bas du menu latéral)"}
_ANDROID = {"platform": "Android", "sur_platform": "sur Android", "platform_tag": "android",
            "settings": "Paramètres (la roue dentée en bas du menu latéral)"}
_WEB = {"platform": "l’application web", "sur_platform": "dans l’application web", "platform_tag": "web",
        "settings": "Paramètres (votre avatar, en haut à droite)"}

POOLS: dict[str, list[dict[str, str]]] = {
    "desktop": [_WIN, _MAC, _LINUX],
    "anyplatform": [_WIN, _MAC, _LINUX, _IOS, _ANDROID, _WEB],
    "synced": [_WIN, _MAC, _LINUX, _IOS, _ANDROID],
    "mobile": [
        {"mobile": "iOS", "mobile_tag": "ios", "device": "iPhone 13", "store": "l’App Store"},
        {"mobile": "iOS", "mobile_tag": "ios", "device": "iPhone SE", "store": "l’App Store"},
        {"mobile": "iOS", "mobile_tag": "ios", "device": "iPad", "store": "l’App Store"},
        {"mobile": "Android", "mobile_tag": "android", "device": "Galaxy A54", "store": "Google Play"},
        {"mobile": "Android", "mobile_tag": "android", "device": "Pixel 7", "store": "Google Play"},
        {"mobile": "Android", "mobile_tag": "android", "device": "Redmi Note 12", "store": "Google Play"},
    ],
    "count": [{"n": n} for n in ("4", "9", "17", "52", "186", "312", "1 450")],
    "notecount": [{"notes": n} for n in ("5 000", "8 500", "11 000", "16 000", "22 000")],
    "browser": [
        {"browser": "Firefox", "browser_store": "le site des modules de Firefox"},
        {"browser": "Safari", "browser_store": "le Mac App Store"},
        {"browser": "Chrome", "browser_store": "le Chrome Web Store"},
        {"browser": "Edge", "browser_store": "la boutique des modules d’Edge"},
    ],
    "lang": [
        {"lang": "Python", "lang_tool": "requests"},
        {"lang": "JavaScript", "lang_tool": "fetch"},
        {"lang": "PHP", "lang_tool": "Guzzle"},
        {"lang": "un script shell", "lang_tool": "curl"},
    ],
    "source_app_fr": [
        {
            "app": "Evernote", "app_files": "une quinzaine de carnets Evernote (fichiers .enex)", "app_tag": "import",
            "app_answer": _d("""
                Evernote est l’import le mieux pris en charge. Exportez chaque carnet en **.enex** depuis Evernote
                (clic droit sur le carnet → *Exporter le carnet…*), puis dans Lumen : **Fichier → Importer →
                Evernote (.enex)**, en sélectionnant tous les fichiers d’un coup. Bon à savoir :

                - les étiquettes Evernote deviennent des étiquettes Lumen, les étiquettes imbriquées sont aplaties en `parent/enfant` ;
                - les rappels arrivent sous forme de tâches avec échéance ;
                - les notes manuscrites ou scannées gardent l’image, pas le texte.

                Les gros comptes passent sans problème, mais faites-le sur ordinateur : les applis mobiles ne savent pas importer.
            """),
        },
        {
            "app": "Notion", "app_files": "un export Notion en Markdown et CSV", "app_tag": "import",
            "app_answer": _d("""
                Dans Notion : *Paramètres → Exporter tout le contenu de l’espace de travail*, format **Markdown et
                CSV**, avec *Inclure les sous-pages*. Décompressez l’archive, puis dans Lumen : **Fichier → Importer →
                Dossier Markdown**.

                Notion ajoute un identifiant de 32 caractères à chaque nom de fichier (`Compte rendu 5f1c…d2.md`).
                Cochez **Retirer les identifiants Notion des titres** dans la fenêtre d’import, sinon vos titres et
                vos liens seront illisibles. Les bases de données arrivent sous forme de tableaux Markdown.
            """),
        },
        {
            "app": "OneNote", "app_files": "trois blocs-notes OneNote du boulot", "app_tag": "import",
            "app_answer": _d("""
                Il n’y a pas (encore) d’import OneNote direct. Ce qui marche aujourd’hui : l’outil libre
                **onenote-md-exporter**, qui écrit une page = un fichier Markdown, avec un dossier `assets` pour les
                images. Ensuite **Fichier → Importer → Dossier Markdown** dans Lumen.

                L’encre manuscrite et les zones de texte placées librement sur la page ne survivent pas : vérifiez vos
                pages les plus visuelles avant de supprimer quoi que ce soit côté OneNote.
            """),
        },
        {
            "app": "Joplin", "app_files": "environ 2 000 notes Joplin", "app_tag": "import",
            "app_answer": _d("""
                Depuis Joplin, *Fichier → Exporter tout → MD - Markdown (+ Front Matter)*. Vous obtenez un dossier par
                carnet, ce qui tombe bien : dans Lumen, **Fichier → Importer → Dossier Markdown** avec **Garder
                l’arborescence comme carnets**.

                Le front matter est lu : les étiquettes Joplin deviennent des étiquettes Lumen et les dates de création
                sont conservées. Les liens internes `:/identifiant` sont convertis si vous cochez **Convertir les liens
                Joplin**.
            """),
        },
        {
            "app": "Apple Notes", "app_files": "quelque 600 notes dans Notes d’Apple", "app_tag": "import",
            "app_answer": _d("""
                Notes d’Apple n’a pas d’export en masse, c’est ça le vrai obstacle. Sur Mac, l’appli gratuite
                **Exporter** (sur le Mac App Store) écrit chaque note en Markdown, pièces jointes à côté. Ensuite
                **Fichier → Importer → Dossier Markdown** dans Lumen.

                Les notes verrouillées sont ignorées par tous les outils d’export que je connais : déverrouillez-les avant.
            """),
        },
    ],
    # The Friday shortcut series (Gaëtan): one entry per week, in this order.
    "raccourci": [
        {"sc_no": "1", "sc_keys": "Ctrl/Cmd+K", "sc_what": "ouvre la palette de commandes",
         "sc_body": "Tout ce que font les menus est dans la palette, et elle se souvient de ce que vous avez utilisé en dernier. Tapez `exp md` et vous avez *Exporter la note en Markdown* ; tapez `thème` pour changer de thème sans ouvrir les paramètres.",
         "sc_extra": "Les plugins y ajoutent aussi leurs commandes : c’est le moyen le plus rapide de voir ce qu’un nouveau plugin apporte."},
        {"sc_no": "2", "sc_keys": "Ctrl/Cmd+P", "sc_what": "saute vers n’importe quelle note",
         "sc_body": "La recherche rapide est tolérante : `cr réu mars` trouve *Compte rendu de la réunion de mars*. Maj+Entrée ouvre la note dans un nouveau volet.",
         "sc_extra": "Si le titre tapé n’existe pas, Entrée crée la note."},
        {"sc_no": "3", "sc_keys": "Ctrl/Cmd+Maj+D", "sc_what": "ouvre la note du jour",
         "sc_body": "La note est créée à partir de votre modèle quotidien si elle n’existe pas encore. Avec une section `## Journal` dans le modèle, vous avez un journal de bord en une touche.",
         "sc_extra": "Alt+← et Alt+→ dans une note quotidienne passent à la veille et au lendemain."},
        {"sc_no": "4", "sc_keys": "Alt+↑ / Alt+↓", "sc_what": "déplace la ligne ou le bloc",
         "sc_body": "Sur un élément de liste, il emmène ses sous-éléments avec lui : réorganiser un plan devient un jeu d’enfant. Sélectionnez plusieurs lignes pour les déplacer d’un bloc.",
         "sc_extra": "Ajoutez Maj (Alt+Maj+↓) pour dupliquer la ligne au lieu de la déplacer."},
        {"sc_no": "5", "sc_keys": "Ctrl/Cmd+Maj+V", "sc_what": "colle en texte brut",
         "sc_body": "Fini les polices et les fonds colorés venus d’une page web ou d’un courriel. Pour que ce soit systématique : *Paramètres → Éditeur → Coller → Toujours coller en texte brut*.",
         "sc_extra": "Les liens restent des liens Markdown, même en texte brut."},
        {"sc_no": "6", "sc_keys": "Ctrl/Cmd+L", "sc_what": "insère un lien vers une autre note",
         "sc_body": "Une petite fenêtre de recherche s’ouvre : choisissez la note et vous obtenez un `[[lien]]`. Si du texte est sélectionné, il devient le libellé du lien.",
         "sc_extra": "Taper `[[` fait la même chose, mais le raccourci marche aussi quand du texte est sélectionné."},
        {"sc_no": "7", "sc_keys": "Ctrl/Cmd+Entrée", "sc_what": "coche et décoche une case",
         "sc_body": "Sur un simple élément de liste, il le transforme d’abord en tâche. Ça marche sur plusieurs lignes sélectionnées à la fois, idéal pour le bilan de fin de journée.",
         "sc_extra": "L’icône en forme d’œil de la barre d’outils masque les tâches terminées, note par note."},
        {"sc_no": "8", "sc_keys": "Ctrl/Cmd+Maj+Espace", "sc_what": "ouvre la saisie rapide de partout",
         "sc_body": "C’est un raccourci global : il fonctionne même quand Lumen est en arrière-plan. Ce que vous tapez part dans votre carnet Boîte de réception, ou dans la note du jour (voir *Paramètres → Saisie rapide*).",
         "sc_extra": "Sous Linux avec Wayland, il faut déclarer le raccourci dans les paramètres du bureau ; voir la discussion épinglée sur Wayland."},
        {"sc_no": "9", "sc_keys": "Ctrl/Cmd+Maj+F", "sc_what": "cherche dans tous les carnets",
         "sc_body": "Ctrl/Cmd+F cherche dans la note ouverte ; avec Maj, vous cherchez partout, avec tous les opérateurs (`tag:`, `in:`, `has:`…).",
         "sc_extra": "La flèche ↓ depuis le champ de recherche descend dans les résultats sans toucher à la souris."},
        {"sc_no": "10", "sc_keys": "Ctrl/Cmd+D", "sc_what": "sélectionne l’occurrence suivante",
         "sc_body": "L’édition multicurseur, comme dans les éditeurs de code : appuyez plusieurs fois pour ajouter les occurrences suivantes, puis tapez pour tout modifier d’un coup. Parfait pour renommer un terme dans une note.",
         "sc_extra": "Échap revient à un seul curseur."},
        {"sc_no": "11", "sc_keys": "Ctrl/Cmd+E", "sc_what": "bascule entre édition et lecture",
         "sc_body": "Le mode lecture affiche tout (tableaux, formules, diagrammes) et masque le Markdown. Pratique pour les longues notes de référence qu’on consulte plus qu’on ne les modifie.",
         "sc_extra": "On peut faire du mode lecture le mode par défaut d’un carnet : clic droit sur le carnet → *Ouvrir les notes en mode lecture*."},
        {"sc_no": "12", "sc_keys": "Ctrl/Cmd+Maj+T", "sc_what": "rouvre la dernière note fermée",
         "sc_body": "Fermé le mauvais volet ? Ce raccourci le rouvre, avec la position de défilement. Lumen se souvient des 20 dernières notes fermées.",
         "sc_extra": "C’était le dernier de la série : merci à tous pour vos réponses et vos suggestions !"},
    ],
    # Templates members share, one thread each.
    "modele": [
        {"tpl_name": "compte rendu de réunion", "tpl_tags": "tasks",
         "tpl_intro": "Volontairement sobre. Les actions à mener deviennent de vraies tâches, donc elles remontent dans la vue Tâches avec un lien vers la réunion.",
         "tpl_code": "# {{title}}\n*{{date:dddd D MMMM YYYY}}, {{time}}*\n\n**Présents :** \n\n## Ordre du jour\n- {{cursor}}\n\n## Décisions\n- \n\n## Actions\n- [ ] "},
        {"tpl_name": "bilan de la semaine", "tpl_tags": "tasks",
         "tpl_intro": "Tous les vendredis après-midi, un quart d’heure. Les requêtes ramènent ce que j’ai terminé et ce qui a glissé.",
         "tpl_code": "# Semaine {{date:WW}}\n\n## Terminé\n```lumen-query\nis:task is:done done:this-week\n```\n\n## En retard\n```lumen-query\nis:task -is:done due:before-today\n```\n\n## Les trois priorités de la semaine prochaine\n1. {{cursor}}\n2.\n3."},
        {"tpl_name": "fiche de révision", "tpl_tags": "markdown",
         "tpl_intro": "Une fiche par chapitre, toutes dans un carnet *Révisions*. Les questions en bas servent de cartes mémoire avec le plugin de répétition espacée.",
         "tpl_code": "# {{title}}\n*Cours du {{date:D MMMM}}*\n\n## L’essentiel en cinq lignes\n{{cursor}}\n\n## Définitions\n- \n\n## Schéma\n\n## Questions pour les cartes mémoire\n- \n- "},
        {"tpl_name": "préparation de cours", "tpl_tags": "sharing",
         "tpl_intro": "Partagé avec les collègues de mon école : chacun le duplique dans son propre carnet.",
         "tpl_code": "# {{title}}\n**Classe :**  · **Durée :** 45 min\n\n## Objectifs\n- {{cursor}}\n\n## Mise en route (10 min)\n\n## Activité principale (25 min)\n\n## Bilan (10 min)\n\n## Devoirs\n"},
        {"tpl_name": "suivi de chantier", "tpl_tags": "attachments",
         "tpl_intro": "Une note par visite. Je prends les photos directement depuis la note sur l’iPad, elles se rangent sous *Photos*.",
         "tpl_code": "# Visite du {{date:D MMMM YYYY}} : {{title}}\n\n**Présents :** \n**Météo :** \n\n## Avancement\n- {{cursor}}\n\n## Réserves\n- [ ] \n\n## Photos\n"},
        {"tpl_name": "journal de lecture", "tpl_tags": "markdown",
         "tpl_intro": "Une note par livre dans un carnet *Lectures*. Le front matter permet de les trier en vue tableau.",
         "tpl_code": "---\nauteur: \ncommencé: {{date}}\nterminé: \nnote: \n---\n# {{title}}\n\n## Pourquoi ce livre\n{{cursor}}\n\n## Notes\n\n## Citations\n> "},
        {"tpl_name": "carnet de voyage", "tpl_tags": "offline",
         "tpl_intro": "Avant de partir, je passe le carnet du voyage en *Garder hors ligne* sur mon téléphone : tout est disponible dans l’avion.",
         "tpl_code": "# {{title}}\n\n## Réservations\n| Quoi | Quand | Référence |\n|---|---|---|\n| {{cursor}} | | |\n\n## Valise\n- [ ] Passeport\n- [ ] Chargeurs\n- [ ] Adaptateur\n\n## Idées de visites\n"},
        {"tpl_name": "entretien de recherche", "tpl_tags": "templates",
         "tpl_intro": "Pour ma thèse : une note par entretien, anonymisée dès la saisie. Le bloc de métadonnées me permet de filtrer par terrain.",
         "tpl_code": "---\nterrain: \ndurée: \nconsentement: oui\n---\n# Entretien {{title}}\n*{{date:D MMMM YYYY}}*\n\n## Contexte\n{{cursor}}\n\n## Thèmes abordés\n- \n\n## Citations marquantes\n> \n\n## À creuser\n- [ ] "},
    ],
    # Camille's plugin picks, every few weeks.
    "extension": [
        {"plugin": "Dates naturelles", "plugin_id": "natural-dates", "plugin_tag": "tasks",
         "plugin_pitch": "tapez « vendredi prochain », obtenez une vraie date",
         "plugin_body": "Tapez `@vendredi prochain` ou `@dans 3 jours` et le plugin le transforme en échéance. Il comprend le français, l’anglais, l’allemand et l’espagnol, y compris « après-demain ».",
         "plugin_tip": "Le format de date suit *Paramètres → Éditeur → Format de date*."},
        {"plugin": "Tableau Kanban", "plugin_id": "kanban", "plugin_tag": "tasks",
         "plugin_pitch": "vos listes de tâches en colonnes",
         "plugin_body": "Les titres deviennent des colonnes et les tâches des cartes ; déplacer une carte réécrit le Markdown en dessous, donc la note reste lisible sans le plugin.",
         "plugin_tip": "Ajoutez `kanban: true` dans le front matter d’une note pour l’ouvrir directement en tableau."},
        {"plugin": "Grammalecte", "plugin_id": "grammalecte", "plugin_tag": "editor",
         "plugin_pitch": "le correcteur grammatical libre, dans l’éditeur",
         "plugin_body": "Il souligne les accords, la typographie (espaces insécables comprises) et les confusions classiques, avec des suggestions au clic droit. Tout se passe en local : vos notes ne partent nulle part.",
         "plugin_tip": "Désactivez-le par carnet pour vos notes en anglais, dans les réglages du plugin."},
        {"plugin": "Sauvegarde Git", "plugin_id": "git-backup", "plugin_tag": "backup",
         "plugin_pitch": "vos carnets dans un dépôt Git",
         "plugin_body": "Toutes les N minutes, il écrit vos notes en Markdown dans un dépôt Git local et fait un commit ; il peut aussi pousser vers un serveur. Ordinateur uniquement, évidemment.",
         "plugin_tip": "Excluez les carnets verrouillés dans ses réglages, sauf si vous voulez vraiment des copies déchiffrées sur le disque."},
        {"plugin": "Citations", "plugin_id": "citations", "plugin_tag": "markdown",
         "plugin_pitch": "citez depuis votre bibliothèque Zotero",
         "plugin_body": "Tapez `[@` et cherchez dans Zotero (ou n’importe quel fichier BibTeX) : la clé de citation est insérée, et la bibliographie est ajoutée en fin de note à l’export.",
         "plugin_tip": "L’export PDF prend le style bibliographique choisi dans les réglages du plugin (APA, ISO 690, Chicago…)."},
        {"plugin": "Répétition espacée", "plugin_id": "srs", "plugin_tag": "markdown",
         "plugin_pitch": "des cartes mémoire tirées de vos propres notes",
         "plugin_body": "Écrivez une question suivie de `?` sur une ligne et la réponse en dessous : le plugin planifie les révisions. La file de révision se trouve dans le menu latéral.",
         "plugin_tip": "Les révisions se synchronisent : le planning est stocké dans une note masquée, pas sur l’appareil."},
    ],
}

# --- questions ---------------------------------------------------------------
# Same structure as content.QUESTIONS (keys prefixed "fr-": a topic's variants take turns by key).

QUESTIONS = [
    {
        "key": "fr-synchro-bloquee", "uses": 3, "slots": ["synced", "count"], "tags": ["sync", "{platform_tag}"],
        "titles": [
            "Synchro bloquée sur « {n} modifications en attente » {sur_platform}",
            "La synchronisation ne se termine plus depuis la mise à jour {version}",
            "Mes modifications faites {sur_platform} n’arrivent pas sur mes autres appareils",
            "L’icône de synchronisation tourne en boucle {sur_platform}",
            "Synchro figée {sur_platform} : comment la débloquer sans rien perdre ?",
        ],
        "bodies": [
            _d("""
                Depuis hier, l’état de la synchronisation {sur_platform} affiche **{n} modifications en attente** et le
                compteur ne descend jamais. Mes autres appareils se synchronisent très bien entre eux, mais rien de ce
                que j’écris sur celui-ci ne passe.

                Ce que j’ai déjà essayé :

                - quitter et relancer l’application ;
                - vérifier que c’est bien le même compte partout ;
                - passer en mode avion puis revenir.

                Rien n’y fait. Je n’ose pas me déconnecter à cause des modifications qui ne sont pas encore parties.
            """),
            _d("""
                L’icône de synchro tourne depuis des heures {sur_platform}. Si je modifie une note ici, elle n’apparaît
                jamais ailleurs. Dans *Aide → Afficher les journaux*, cette ligne revient toutes les minutes :

                ```text
                [sync] push batch 2/7 failed: 409 revision mismatch, retrying in 60s
                ```

                Est-ce qu’on peut relancer la synchronisation sans perdre ce qui est en attente ?
            """),
        ],
        "answers": [
            _d("""
                Ce `409 revision mismatch` signifie que le serveur a une version plus récente d’une des notes que celle
                que votre appareil essaie de mettre à jour : l’application retente alors le même lot indéfiniment.
                Surtout, ne vous déconnectez pas. À la place :

                1. Ouvrez {settings} → **Synchronisation → Avancé**.
                2. Cliquez sur **Débloquer les modifications en attente**. Chaque modification est envoyée séparément
                   et, en cas de conflit, votre version est enregistrée comme *copie de conflit* à côté de l’originale
                   au lieu de tourner en rond.
                3. Cherchez ensuite `title:"conflit"` et fusionnez ce qui doit l’être.

                Rien n’est supprimé pendant l’opération.
            """),
            _d("""
                C’était un bug connu de la {version} avec les notes déplacées d’un carnet à l’autre sur deux appareils
                en même temps. Le correctif arrive dans la prochaine version ; en attendant, **Synchronisation → Avancé →
                Débloquer les modifications en attente** fait le travail. Si le bouton n’apparaît pas, votre version est
                plus ancienne : mettez à jour d’abord.
            """),
            _d("""
                Vérifiez l’heure de l’appareil ! Chez moi, l’horloge avait deux heures de décalage (heure automatique
                désactivée après un voyage) et la synchro refusait d’envoyer quoi que ce soit, parce que les horodatages
                semblaient venir du futur. J’ai remis l’heure automatique et tout est reparti dans la minute.
            """),
            _d("""
                Même souci après avoir restauré mon téléphone depuis une sauvegarde. Ce qui a marché : d’abord un export
                complet par sécurité (*Fichier → Exporter → Tous les carnets*, en Markdown), puis **Synchronisation →
                Avancé → Reconstruire le cache local**. Tout est téléchargé à nouveau et les modifications en attente
                sont réappliquées par-dessus. Une dizaine de minutes pour environ 3 000 notes.
            """),
        ],
        "comments": [
            ("Il s’est passé quelque chose de particulier sur cet appareil ? Restauration, mise à jour du système…",
             "Pas à ma connaissance. C’est arrivé du jour au lendemain."),
            "C’est toujours la même note qui bloque ? Le journal donne en général son identifiant juste avant l’erreur.",
        ],
    },
    {
        "key": "fr-conflits", "uses": 2, "slots": ["synced"], "tags": ["sync", "{platform_tag}"],
        "titles": [
            "Pourquoi ai-je des « copies de conflit » alors que je n’utilise qu’un appareil à la fois ?",
            "Des copies de conflit tous les jours après avoir modifié mes notes {sur_platform}",
            "Comment Lumen choisit-il la version qui gagne en cas de conflit ?",
            "Notes en double avec « (conflit) » dans le titre depuis la {version}",
        ],
        "bodies": [
            _d("""
                Presque tous les jours, je me retrouve avec une note *Courses (conflit …)*. Pourtant je ne modifie
                jamais sur deux appareils en même temps : le téléphone le matin, l’ordinateur ({platform}) dans la
                journée. Pourquoi Lumen voit-il un conflit, et peut-on le laisser fusionner tout seul ?
            """),
            _d("""
                Ma note du jour existe maintenant en deux exemplaires la plupart du temps, dont un avec `(conflit)` dans
                le titre. Les deux diffèrent d’une ou deux lignes. J’aimerais comprendre la règle avant de fusionner à la
                main, parce que j’ai peur de perdre du texte.
            """),
        ],
        "answers": [
            _d("""
                Il y a conflit quand deux appareils modifient la même note à partir de la même version avant que l’un
                des deux ait synchronisé. « Un appareil à la fois » ne suffit pas si le premier n’avait pas fini
                d’envoyer quand vous avez changé d’appareil. Cas typique : vous fermez l’ordinateur juste après avoir
                tapé, le téléphone ouvre l’ancienne version, vous ajoutez une ligne… et voilà deux versions filles de la
                même version.

                Lumen fusionne tout seul quand les modifications touchent des paragraphes différents. Il ne crée une
                copie de conflit que si **le même paragraphe** a changé des deux côtés, parce que deviner ferait perdre
                du texte.
            """),
            _d("""
                L’originale garde la version arrivée en premier sur le serveur, la copie est celle arrivée en second.
                La copie n’est donc pas forcément la « mauvaise ». Ouvrez les deux, utilisez **Note → Comparer avec…**
                pour voir les différences côte à côte, gardez ce qu’il faut et supprimez la copie. Supprimer une copie
                de conflit ne touche jamais à l’originale.
            """),
            _d("""
                Les notes du jour sont les coupables habituelles : le modèle quotidien s’exécute sur *chaque* appareil au
                changement de jour. Si deux appareils créent la note avant de se synchroniser, vous en avez deux. Il y a
                une option *Paramètres → Notes quotidiennes → Créer seulement après la première synchro du jour* ; chez
                moi, ça a réglé le problème pour de bon.
            """),
            _d("""
                Sur ordinateur portable, activez *Paramètres → Synchronisation → Synchroniser avant la mise en veille*.
                La machine attend la fin de l’envoi avant de s’endormir, et la moitié de mes conflits a disparu.
            """),
        ],
        "comments": [
            ("Tous vos appareils sont sur la même version ? Des versions mélangées causaient plus de conflits avant.",
             "Bonne question : le téléphone avait une version de retard. C’est corrigé."),
            ("Ça arrive avec toutes les notes ou surtout avec la note du jour ?", "Surtout la note du jour, maintenant que j’y regarde."),
        ],
    },
    {
        "key": "fr-hors-ligne", "uses": 2, "slots": ["mobile"], "tags": ["offline", "{mobile_tag}", "sync"],
        "titles": [
            "Notes indisponibles hors ligne sur mon {device}",
            "Comment garder un carnet entier hors ligne sur {mobile} ?",
            "« Télécharger pour afficher » dans le train, alors que je croyais tout avoir sur le téléphone",
            "Mode hors ligne sur {device} : seules les notes ouvertes récemment fonctionnent",
        ],
        "bodies": [
            _d("""
                J’étais dans le TGV, sans réseau, et la moitié de mes notes sur le {device} affichaient *Télécharger
                pour afficher*. Je pensais que tout était stocké sur le téléphone. Quelles notes l’appli {mobile} garde-t-elle
                en local, et peut-on lui dire de tout garder ?
            """),
            _d("""
                Je pars deux semaines au Maroc la semaine prochaine, sans forfait data à l’étranger. Comment faire pour que
                mes carnets *Voyage* et *Travail* soient entièrement disponibles hors ligne sur mon {device}, pièces
                jointes comprises ?
            """),
        ],
        "answers": [
            _d("""
                Sur mobile, Lumen garde le texte de toutes les notes, mais ne télécharge les **pièces jointes** (et les
                notes des très gros carnets) qu’à l’ouverture, pour économiser de la place. Pour garder un carnet complet :

                1. Appui long sur le carnet dans le menu latéral.
                2. Activez **Garder hors ligne**.
                3. Attendez que le petit nuage à côté se transforme en coche.

                *Paramètres → Stockage* indique la place prise par chaque carnet hors ligne.
            """),
            _d("""
                Il existe aussi un interrupteur global : *Paramètres → Synchronisation → Tout télécharger*. Avec beaucoup
                de pièces jointes, ça peut représenter plusieurs gigaoctets, donc je préfère **Garder hors ligne** carnet
                par carnet. Vérifiez aussi que *Synchroniser uniquement en Wi-Fi* ne bloque pas le téléchargement quand
                vous êtes en 4G.
            """),
            _d("""
                Autre piège sur {mobile} : quand le stockage est presque plein, le système peut vider le cache de
                l’application, et c’est là que Lumen range les pièces jointes téléchargées. Les carnets marqués **Garder
                hors ligne** sont stockés en dehors du cache et ne sont jamais effacés.
            """),
        ],
        "comments": [("Combien d’espace libre reste-t-il sur le téléphone ? Le système fait le ménage quand c’est serré.",
                      "Un peu moins de 2 Go, donc pas grand-chose effectivement.")],
    },
    {
        "key": "fr-premiere-synchro", "uses": 2, "slots": ["synced", "notecount"], "tags": ["sync", "performance", "{platform_tag}"],
        "titles": [
            "Première synchronisation interminable avec {notes} notes {sur_platform}",
            "Nouvel appareil : la première synchro reste à 40 % depuis des heures",
        ],
        "bodies": [
            _d("""
                Nouvel ordinateur, installation toute fraîche, connexion au compte. La première synchronisation
                ({notes} notes, environ 3 Go de pièces jointes) tourne depuis ce matin et en est à 40 %. C’est normal ?
                On peut accélérer ?
            """),
        ],
        "answers": [
            _d("""
                La première synchro télécharge d’abord les notes, puis les pièces jointes, et le pourcentage compte les
                *octets* : il a l’air bloqué pendant que les gros PDF descendent. Vous pouvez déjà utiliser vos notes
                pendant cette phase.

                Pour aller plus vite : *Paramètres → Synchronisation → Pièces jointes → Télécharger à la demande*. La
                première synchro ne récupère alors que le texte (quelques minutes), et les pièces jointes arrivent quand
                vous les ouvrez.
            """),
            _d("""
                Ordre de grandeur chez nous : environ 2 000 notes par minute pour le texte, et pour les pièces jointes,
                c’est votre débit qui décide. Si c’est beaucoup plus lent, regardez du côté de l’antivirus : {sur_platform},
                exclure le dossier de données de l’analyse en temps réel a réglé le problème de plusieurs personnes.
            """),
        ],
    },
    {
        "key": "fr-import", "uses": 5, "slots": ["source_app_fr"], "unique": "source_app_fr", "nature": "howto",
        "tags": ["import"],
        "titles": [
            "Meilleure façon d’importer {app_files} dans Lumen ?",
            "Passer de {app} à Lumen : qu’est-ce qui survit à l’import ?",
            "Import depuis {app} : que faut-il vérifier après coup ?",
        ],
        "bodies": [
            _d("""
                Je me décide enfin à quitter {app} pour Lumen. J’ai {app_files}. Quelle est la marche à suivre
                conseillée, et que dois-je vérifier ensuite ? Ce qui compte surtout pour moi : les étiquettes, les pièces
                jointes et les liens entre les notes.
            """),
            _d("""
                Je voudrais rapatrier {app_files}. Avant d’y passer le week-end : est-ce qu’il existe une liste de ce qui
                passe et de ce qui ne passe pas depuis {app} ? Des choses que vous auriez aimé savoir avant ?
            """),
        ],
        "answers": [
            "{app_answer}",
            _d("""
                Quelle que soit la source, importez d’abord dans un **carnet vide** (la fenêtre d’import a une option
                *Carnet de destination*). Vérifiez une poignée de vos notes les plus compliquées avant de déplacer quoi
                que ce soit dans vos vrais carnets : supprimer un carnet est bien plus simple que de démêler un import à
                moitié réussi.
            """),
            _d("""
                Après l’import, lancez une recherche `has:link -has:target` : elle liste les notes dont les liens pointent
                vers des notes qui ne sont pas arrivées. C’est le moyen le plus rapide de voir ce que l’import a raté.
            """),
        ],
        "comments": [
            ("Combien de notes à peu près ? L’import se comporte différemment au-delà de 10 000.", "Un peu moins de 3 000."),
            ("Vous utilisez des carnets imbriqués dans l’autre appli ?", "Deux niveaux au maximum."),
        ],
    },
    {
        "key": "fr-recherche-accents", "uses": 2, "slots": ["synced"], "tags": ["search", "{platform_tag}"],
        "titles": [
            "La recherche ne trouve pas « élève » quand je tape « eleve »",
            "Recherche et accents : résultats différents {sur_platform} et sur les autres appareils",
            "Chercher un mot avec une apostrophe (« l’école ») ne donne rien",
            "Les mots accentués sont introuvables depuis la {version}",
        ],
        "bodies": [
            _d("""
                Toutes mes notes sont en français. Quand je cherche `élève`, je trouve mes notes ; quand je tape `eleve`
                (sur le téléphone, j’ai la flemme des accents), presque rien. Et l’inverse est vrai aussi pour certaines
                notes importées qui avaient perdu leurs accents. Y a-t-il un réglage pour ignorer les accents ?
            """),
            _d("""
                Bizarre : `l’école` ne donne aucun résultat, alors que `école` en trouve une trentaine. Je soupçonne
                l’apostrophe typographique (’) que mon correcteur met partout. Quelqu’un a déjà vu ça ?
            """),
        ],
        "answers": [
            _d("""
                Oui : *{settings} → Recherche → Ignorer les accents*. Une fois activé, `eleve`, `élève` et `élevé`
                renvoient les mêmes notes. L’index est reconstruit automatiquement après le changement ; comptez une
                minute ou deux pour quelques milliers de notes.
            """),
            _d("""
                Pour l’apostrophe, c’était un bug de l’analyseur : il traitait `l’` avec l’apostrophe courbe comme une
                partie du mot. Corrigé dans la 4.9.0. Si vous êtes sur une version plus récente et que ça persiste,
                reconstruisez l’index (*Recherche → Reconstruire l’index*) : les notes indexées avant la correction
                gardent l’ancien découpage.
            """),
            _d("""
                Vérifiez aussi la langue de l’index dans *Recherche → Langue des notes*. Chez moi, elle était restée sur
                « anglais » après la migration, et la recherche ne gérait ni les pluriels ni les accents français.
                Passée en « français », tout est rentré dans l’ordre.
            """),
        ],
        "comments": [
            ("Même comportement sur ordinateur et sur mobile ?", "Non, c’est pire sur le téléphone, justement."),
            "Les notes concernées viennent d’un import ? Certains exports remplacent les accents par des entités HTML.",
        ],
    },
    {
        "key": "fr-correcteur", "uses": 2, "slots": ["desktop"], "tags": ["editor", "{platform_tag}"],
        "titles": [
            "Le correcteur orthographique souligne tout mon texte en rouge {sur_platform}",
            "Comment mettre le correcteur orthographique en français ?",
            "Correcteur : français pour certaines notes, anglais pour d’autres, c’est possible ?",
        ],
        "bodies": [
            _d("""
                Depuis la mise à jour {version}, le correcteur de Lumen {sur_platform} souligne quasiment tous les mots
                de mes notes, comme s’il vérifiait en anglais. Mon système est pourtant en français. Où se règle la
                langue du correcteur ?
            """),
            _d("""
                J’écris mes notes de cours en français et mes notes de lecture en anglais. Le correcteur ne connaît
                qu’une langue à la fois, et je passe mon temps à le désactiver. Il y a une astuce ?
            """),
        ],
        "answers": [
            _d("""
                *{settings} → Éditeur → Vérification orthographique → Langues*. Vous pouvez cocher plusieurs langues à
                la fois (français et anglais, par exemple) : un mot est accepté s’il existe dans l’une d’elles. Depuis
                la {version}, la langue n’est plus reprise du système par défaut, d’où la surprise.
            """),
            _d("""
                Encore mieux : la langue peut se régler par carnet. Clic droit sur le carnet → *Langue du carnet*. Le
                correcteur et la recherche s’en servent tous les deux. J’ai mes carnets de cours en français et mon
                carnet *Reading* en anglais, plus aucun soulignement intempestif.
            """),
            _d("""
                {sur_platform}, si la liste des langues est vide, c’est que le dictionnaire français n’est pas installé
                au niveau du système. Lumen utilise les dictionnaires du système ; une fois le français ajouté,
                redémarrez l’application.
            """),
        ],
        "comments": [
            ("Vous utilisez un plugin de correction en plus, comme Grammalecte ?", "Non, seulement le correcteur intégré."),
        ],
    },
    {
        "key": "fr-azerty", "uses": 2, "slots": ["desktop"], "tags": ["shortcuts", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Raccourci {mod}+\\ impossible à taper sur un clavier AZERTY",
                           "Raccourcis Lumen et clavier AZERTY {sur_platform} : certains ne marchent pas"],
                "bodies": [_d("""
                    Sur mon clavier AZERTY, la barre oblique inversée demande AltGr+8. Du coup, le raccourci pour
                    diviser l’éditeur ({mod}+\\) ne fonctionne tout simplement pas. Pareil pour {mod}+/ qui commente une
                    ligne. Comment font les autres utilisateurs de claviers français ?
                """)],
                "answers": [
                    _d("""
                        Tous les raccourcis se modifient dans *{settings} → Raccourcis*. Cliquez sur le raccourci,
                        appuyez sur la nouvelle combinaison, c’est tout. Pour diviser l’éditeur, j’utilise
                        {mod}+Maj+: qui tombe très bien sous les doigts en AZERTY.
                    """),
                    _d("""
                        Depuis la 4.8, il y a aussi une option *Raccourcis → Disposition du clavier → Utiliser la
                        position physique des touches*. Les raccourcis suivent alors la place des touches sur un clavier
                        QWERTY : {mod}+\\ devient la touche à gauche d’Entrée, quelle que soit la lettre imprimée dessus.
                    """),
                ],
            },
            {
                "titles": ["Clavier suisse romand : les raccourcis avec [ et ] ne répondent pas",
                           "Clavier belge et raccourcis de navigation qui ne marchent pas"],
                "bodies": [_d("""
                    J’ai un clavier suisse romand (ou belge, même combat). Les raccourcis qui utilisent les crochets,
                    comme {mod}+[ pour revenir à la note précédente, ne font rien. Les crochets demandent AltGr chez moi.
                """)],
                "answers": [
                    _d("""
                        Les combinaisons qui demandent AltGr sont interceptées avant d’arriver à Lumen {sur_platform}.
                        La solution la plus simple est de réaffecter ces raccourcis dans *{settings} → Raccourcis* :
                        {mod}+Alt+← et {mod}+Alt+→ font déjà la même chose par défaut, d’ailleurs.
                    """),
                    _d("""
                        Les boutons précédent/suivant de la souris marchent aussi, si la vôtre en a. Et sinon, l’option
                        *Utiliser la position physique des touches* (dans *Raccourcis*) règle le problème d’un coup pour
                        tous les raccourcis à crochets.
                    """),
                ],
            },
        ],
        "comments": [("Quelle disposition exactement ? AZERTY français, belge, ou le nouveau AZERTY normalisé ?",
                      "AZERTY français classique, sur un portable.")],
    },
    {
        "key": "fr-dates-anglais", "uses": 2, "nature": "howto", "tags": ["templates"],
        "titles": [
            "Les dates de mes modèles s’affichent en anglais (« Tuesday 14 May »)",
            "Comment obtenir « mardi 14 mai » au lieu de « Tuesday 14 May » dans un modèle ?",
            "Note du jour : le titre est en anglais alors que l’appli est en français",
            "Format de date à la française dans les modèles : comment faire ?",
        ],
        "bodies": [
            _d("""
                Mon modèle de note quotidienne commence par `# {{date:dddd D MMMM}}`, et le titre sort en anglais :
                *Tuesday 14 May*. Toute l’interface de Lumen est en français, pourtant. Où change-t-on la langue des
                dates ?
            """),
            _d("""
                Petite question de détail, mais qui m’agace tous les matins : les noms de jours et de mois dans mes
                notes du jour sont en anglais. J’aimerais « lundi 3 juin », en minuscules, à la française. C’est
                possible ?
            """),
        ],
        "answers": [
            _d("""
                *Paramètres → Éditeur → Langue des dates* : par défaut, elle est réglée sur « anglais » pour ne pas
                changer les modèles existants. Passez-la en « français » et `{{date:dddd D MMMM}}` donne *mardi 14 mai*.
                Les jours et les mois sortent en minuscules, comme il se doit.
            """),
            _d("""
                On peut aussi forcer la langue dans un seul modèle, en ajoutant la locale après le format :

                ```text
                {{date:dddd D MMMM:fr}}        → mardi 14 mai
                {{date:dddd D MMMM YYYY:fr}}   → mardi 14 mai 2024
                {{date:D/MM/YYYY}}             → 14/05/2024
                ```

                Pratique si vous partagez le modèle avec des collègues anglophones.
            """),
            _d("""
                Pour le Québec, il y a aussi `:fr-CA`, qui donne les mêmes noms de jours et de mois mais utilise
                `YYYY-MM-DD` pour le format court. Je m’en sers pour que mes notes se trient bien dans le menu latéral.
            """),
        ],
        "comments": [("Vous êtes sur ordinateur ou sur mobile ? Le réglage n’est pas au même endroit sur l’appli mobile.",
                      "Sur ordinateur, mais j’utilise aussi les modèles sur le téléphone.")],
    },
    {
        "key": "fr-facture", "uses": 2, "nature": "account", "tags": ["billing", "account"],
        "variants": [
            {
                "titles": ["Ajouter le numéro de TVA intracommunautaire sur mes factures",
                           "Facture au nom de ma société avec numéro de TVA : comment faire ?"],
                "bodies": [_d("""
                    Je suis freelance et je passe Lumen Pro en frais professionnels. Mon comptable me demande des
                    factures au nom de ma société, avec mon numéro de TVA intracommunautaire. Les factures actuelles
                    n’ont que mon nom. Peut-on les modifier, y compris les anciennes ?
                """)],
                "answers": [
                    _d("""
                        *Paramètres → Compte → Facturation → Informations de facturation* : raison sociale, adresse et
                        numéro de TVA. Avec un numéro de TVA européen valide, la facture passe en autoliquidation (pas
                        de TVA facturée, mention « Autoliquidation » en bas). Ça s’applique aux factures suivantes.
                    """),
                    _d("""
                        Pour les factures déjà émises, écrivez-nous depuis *Facturation → Obtenir de l’aide* en précisant
                        les mois concernés : nous les rééditons avec les bonnes informations. Ça prend en général un jour
                        ouvré.
                    """),
                ],
            },
            {
                "titles": ["Facture Lumen : TPS et TVQ pour le Québec",
                           "Pourquoi ma facture suisse affiche-t-elle de la TVA ?"],
                "bodies": [_d("""
                    Je travaille à mon compte et j’ai besoin que les taxes apparaissent séparément sur mes factures
                    pour mes déclarations. Ma facture Lumen indique un seul montant de taxes. Est-ce que c’est normal ?
                """)],
                "answers": [
                    _d("""
                        Les taxes suivent l’adresse de facturation. Si elle est bien au Québec, la facture détaille la TPS
                        et la TVQ sur deux lignes, avec nos numéros d’inscription. Si vous voyez une seule ligne, c’est
                        sans doute que l’adresse de facturation est incomplète (pas de province) : corrigez-la dans
                        *Facturation → Informations de facturation*, puis demandez-nous une nouvelle facture.
                    """),
                    _d("""
                        Même chose en Suisse avec la TVA suisse : elle n’apparaît que si le pays de facturation est la
                        Suisse. J’avais laissé « France » par erreur en créant le compte, la facture était fausse.
                    """),
                ],
            },
        ],
        "comments": [("Vous êtes sur un abonnement mensuel ou annuel ?", "Annuel, renouvelé le mois dernier.")],
    },
    {
        "key": "fr-double-prelevement", "uses": 2, "nature": "account", "tags": ["billing"],
        "titles": [
            "Prélevé deux fois pour le renouvellement de Lumen Pro",
            "Deux débits identiques de LUMEN LABS sur mon relevé",
        ],
        "bodies": [
            _d("""
                Mon relevé bancaire affiche deux débits de LUMEN LABS le même jour, tous les deux pour l’abonnement Pro.
                Ma page de compte ne montre qu’une seule facture. Que s’est-il passé, et comment récupérer le second ?
            """),
        ],
        "answers": [
            _d("""
                Bien souvent, le second « débit » est une **pré-autorisation** de la carte que la banque affiche en
                attente : elle disparaît sous 3 à 5 jours ouvrés sans jamais être encaissée. Si elle est toujours là
                au bout d’une semaine, contactez le support facturation depuis *Paramètres → Compte → Facturation →
                Obtenir de l’aide*, pour que nous puissions vérifier du côté du prestataire de paiement.
            """),
            _d("""
                Ça m’est arrivé une fois : j’avais pris l’abonnement sur le site *et* dans l’appli iPhone. Apple en facturait un,
                Lumen l’autre. Dans ce cas, *Paramètres → Compte → Facturation* indique « Géré par l’App Store ».
            """),
        ],
    },
    {
        "key": "fr-etudiant", "uses": 2, "nature": "account", "tags": ["billing", "account"],
        "titles": [
            "Réduction étudiante : mon adresse de l’université n’est pas reconnue",
            "Y a-t-il un tarif étudiant pour Lumen Pro ?",
        ],
        "bodies": [
            _d("""
                J’ai voulu profiter de la réduction étudiante, mais mon adresse (en `@etu.univ-lille.fr`) est refusée.
                C’est pourtant une vraie université, simplement pas en `.edu`. Comment faire ?
            """),
            _d("""
                En master, j’aimerais passer à Pro pour la limite de pièces jointes. Existe-t-il une réduction
                pour les étudiants, et comment en bénéficier ?
            """),
        ],
        "answers": [
            _d("""
                Oui : 50 % de réduction sur Pro pour les étudiants et les enseignants. Ajoutez votre adresse
                universitaire dans *Paramètres → Compte → Adresses e-mail*, validez-la, puis *Facturation → Réduction
                éducation*. Elle vaut un an et se renouvelle tant que l’adresse fonctionne.
            """),
            _d("""
                La vérification automatique s’appuie sur une liste de domaines universitaires qui oublie pas mal
                d’établissements français, surtout les sous-domaines étudiants. Envoyez au support une photo de votre
                carte d’étudiant (vous pouvez masquer tout sauf le nom, l’établissement et la date de validité) et la
                réduction est ajoutée à la main. Il m’a fallu une journée.
            """),
            "Les enseignants y ont droit aussi, au passage : même démarche, avec l’adresse académique.",
        ],
    },
    {
        "key": "fr-abonnement-store", "uses": 2, "slots": ["mobile"], "nature": "account", "tags": ["billing", "{mobile_tag}"],
        "titles": [
            "Résilier un abonnement Pro souscrit sur {store}",
            "Passer d’un abonnement {store} à un paiement sur le site de Lumen",
        ],
        "bodies": [
            _d("""
                Je voudrais arrêter Pro, mais la page du compte sur le web indique « Géré par {store} » et n’a aucun
                bouton de résiliation. Où est-ce que ça se passe ?
            """),
            _d("""
                J’ai souscrit à Pro dans l’appli {mobile} il y a deux ans. Je préférerais maintenant payer sur le site
                (mon employeur rembourse les factures web). Comment changer sans perdre Pro pendant quelques jours ?
            """),
        ],
        "answers": [
            _d("""
                Un abonnement acheté dans l’appli ne peut être modifié que là où il a été acheté. Sur iPhone :
                *Réglages → votre nom → Abonnements → Lumen*. Sur Android : *Play Store → votre avatar → Paiements et
                abonnements → Abonnements*. Lumen ne peut pas résilier à votre place : nous ne voyons jamais vos
                informations de paiement.
            """),
            _d("""
                Pour passer au paiement sur le site : résiliez dans {store}, continuez d’utiliser Pro jusqu’à la fin de
                la période, et souscrivez sur le site le dernier jour. Le compte reste Pro sans interruption ni double
                paiement.
            """),
        ],
    },
    {
        "key": "fr-partage-classe", "uses": 2, "nature": "howto", "tags": ["sharing", "account"],
        "variants": [
            {
                "titles": ["Partager un carnet en lecture seule avec mes élèves",
                           "Partager un carnet : modification pour les collègues, lecture pour les élèves"],
                "bodies": [_d("""
                    Je prépare mes séquences dans un carnet partagé avec deux collègues. J’aimerais que les élèves
                    puissent le consulter sans rien modifier, et sans avoir à créer de compte si possible. La fenêtre de
                    partage semble n’avoir qu’un seul réglage pour tout le monde.
                """)],
                "answers": [
                    _d("""
                        Chaque personne invitée a son propre rôle : cliquez sur le rôle à côté de son nom dans la fenêtre
                        de partage (**Lecture**, **Modification** ou **Gestion**). L’invitation par lien n’a qu’un seul
                        rôle, c’est sans doute ce que vous avez vu. Invitez les collègues par e-mail en *Modification*, et
                        pour les élèves, utilisez plutôt un lien public en lecture seule : pas besoin de compte.
                    """),
                    _d("""
                        Attention, en *Lecture*, les personnes peuvent quand même dupliquer les notes dans leurs propres
                        carnets. Si ça vous gêne, décochez *Autoriser la copie* dans la fenêtre de partage.
                    """),
                ],
            },
            {
                "titles": ["Transférer la propriété d’un carnet partagé avant de changer d’école"],
                "bodies": [_d("""
                    Je change d’établissement à la rentrée et je suis propriétaire du carnet que toute l’équipe
                    utilise. Comment le confier à une collègue sans que les autres perdent l’accès ?
                """)],
                "answers": [
                    _d("""
                        Donnez-lui d’abord le rôle *Gestion*, puis dans la fenêtre de partage, cliquez sur votre propre
                        nom → **Nommer propriétaire**. Elle doit accepter. Tout le monde garde ses accès, et le stockage
                        du carnet compte ensuite dans l’abonnement de la nouvelle propriétaire.
                    """),
                    "Si c’est un compte Teams, l’administrateur peut aussi le réattribuer depuis *Admin → Carnets*, même après votre départ.",
                ],
            },
        ],
        "comments": [("Vos élèves ont quel âge ? Les comptes Lumen sont réservés aux plus de 15 ans.",
                      "CM2, donc pas de compte pour eux : le lien public me va très bien.")],
    },
    {
        "key": "fr-lien-public", "uses": 2, "tags": ["sharing", "web"],
        "titles": [
            "Le lien public vers une note affiche « Introuvable »",
            "Lien partagé qui marche pour moi mais pas pour mes clients",
        ],
        "bodies": [
            _d("""
                J’ai partagé une note avec *Partager → Lien public* et envoyé le lien à un client. Il obtient
                **Introuvable**. En navigation privée, j’ai la même chose ; dans mon navigateur habituel, ça marche.
            """),
        ],
        "answers": [
            _d("""
                Chez vous, ça marche parce que votre session est ouverte ; le lien lui-même n’est pas publié. Ouvrez *Partager*
                et vérifiez que **Toute personne disposant du lien peut consulter** est activé. Si l’option est grisée,
                la note est dans un carnet verrouillé (chiffré) : ceux-là ne peuvent jamais être publics, c’est voulu.
            """),
            _d("""
                Les liens publics demandent Pro. Si votre abonnement a expiré, les liens existants renvoient
                « Introuvable » jusqu’au renouvellement ; ensuite, ils reviennent avec les mêmes adresses.
            """),
            _d("""
                Dernière piste : les liens ont peut-être une date d’expiration par défaut dans *Paramètres → Partage*.
                Chez moi, elle était réglée sur sept jours et j’avais oublié.
            """),
        ],
    },
    {
        "key": "fr-carnet-verrouille", "uses": 2, "nature": "account", "tags": ["encryption", "account"],
        "titles": [
            "J’ai oublié la phrase secrète de mon carnet verrouillé",
            "Carnet chiffré : peut-on récupérer les notes sans la phrase secrète ?",
        ],
        "bodies": [
            _d("""
                J’ai verrouillé un carnet l’an dernier (des documents administratifs) et je ne retrouve plus la phrase
                secrète. Le support peut-il la réinitialiser ? Il n’y a rien dans mon gestionnaire de mots de passe,
                évidemment.
            """),
        ],
        "answers": [
            _d("""
                Malheureusement, personne ne peut réinitialiser la phrase secrète, pas même l’équipe Lumen : c’est
                tout l’intérêt du chiffrement de bout en bout. Deux pistes restent possibles :

                - la **clé de récupération** de 24 mots affichée au moment du verrouillage (imprimée ? dans un PDF ?) ;
                - un appareil sur lequel le carnet est encore déverrouillé : *Carnet → Sécurité → Afficher la clé de
                  récupération*, puis choisissez une nouvelle phrase secrète.
            """),
            _d("""
                Regardez sur tous vos appareils, même les anciens : ma tablette avait gardé le carnet déverrouillé depuis
                des mois, c’est ce qui m’a sauvé. Et cette fois, j’ai imprimé la clé de récupération.
            """),
        ],
    },
    {
        "key": "fr-double-authentification", "uses": 2, "nature": "account", "tags": ["account"],
        "titles": [
            "Nouveau téléphone, plus accès à la double authentification",
            "Codes de double authentification refusés alors qu’ils sont corrects",
        ],
        "bodies": [
            _d("""
                J’ai changé de téléphone ce week-end et je n’ai pas transféré l’application d’authentification. Lumen me
                demande le code à six chiffres et je n’ai plus rien. Ma session est encore ouverte sur mon ordinateur.
            """),
            _d("""
                Depuis ce matin, Lumen refuse tous mes codes de double authentification, alors que l’appli les génère
                normalement. Je me suis déjà fait bloquer une fois pour trop d’essais.
            """),
        ],
        "answers": [
            _d("""
                Puisque votre session est encore ouverte sur l’ordinateur : *Paramètres → Compte → Sécurité → Double
                authentification → Reconfigurer*, et scannez le nouveau QR code avec le nouveau téléphone. Profitez-en
                pour télécharger les **codes de secours** et les ranger en lieu sûr.
            """),
            _d("""
                Des codes refusés alors qu’ils sont « bons », c’est presque toujours l’heure du téléphone. Les codes
                changent toutes les 30 secondes : si l’horloge dérive d’une minute, ils sont faux. Remettez l’heure
                automatique sur le téléphone et réessayez.
            """),
            _d("""
                Si vous n’avez plus aucune session ouverte ni code de secours, le support peut désactiver la double
                authentification après vérification de votre identité. Comptez quelques jours : c’est volontairement
                lent, pour protéger les comptes.
            """),
        ],
    },
    {
        "key": "fr-rgpd", "uses": 2, "nature": "account", "tags": ["account", "encryption"],
        "titles": [
            "Où sont hébergées nos notes ? Question RGPD pour mon cabinet",
            "Lumen et la loi 25 au Québec : où vont les données ?",
            "Hébergement des données en Europe : possible avec Lumen Teams ?",
        ],
        "bodies": [
            _d("""
                Notre délégué à la protection des données me demande où sont stockées nos notes, qui y a accès et s’il
                existe un contrat de sous-traitance. Nous sommes un petit cabinet de six personnes sur Lumen Teams.
                Quelqu’un est déjà passé par là ?
            """),
            _d("""
                Avant de mettre des informations clients dans Lumen, j’ai besoin de savoir dans quel pays sont les
                serveurs et si les données sont chiffrées. La page « Sécurité » du site reste assez vague.
            """),
        ],
        "answers": [
            _d("""
                Les comptes Teams peuvent choisir la région d’hébergement (Union européenne ou Canada) dans *Admin →
                Données → Région*. Le contrat de sous-traitance (DPA) se signe en ligne depuis *Admin → Conformité*,
                et la liste des sous-traitants y est tenue à jour.
            """),
            _d("""
                Pour les informations vraiment sensibles, utilisez les **carnets verrouillés** : ils sont chiffrés de
                bout en bout, donc illisibles pour Lumen quel que soit l’endroit où ils sont stockés. Notre DPO a
                validé Lumen à cette condition.
            """),
        ],
        "comments": [("Vous parlez de données de clients, ou aussi de données de santé ?",
                      "De clients seulement, pas de données de santé.")],
    },
    {
        "key": "fr-langue-appli", "uses": 2, "tags": ["account", "{platform_tag}"], "slots": ["anyplatform"],
        "titles": [
            "L’application reste en anglais {sur_platform} malgré un système en français",
            "Comment mettre Lumen en français {sur_platform} ?",
        ],
        "bodies": [
            _d("""
                Mon système est en français, mais Lumen s’affiche en anglais {sur_platform} depuis la réinstallation.
                Sur mes autres appareils, tout est bien en français. Il y a un réglage caché ?
            """),
        ],
        "answers": [
            _d("""
                *{settings} → Général → Langue*. Par défaut, c’est « Langue du système », mais si vous l’avez changée
                une fois, le choix est mémorisé par appareil et ne suit plus le système. Repassez sur « Langue du
                système » ou choisissez directement « Français ».
            """),
            _d("""
                Sur ordinateur, vérifiez aussi la variable d’environnement `LANG` si vous lancez Lumen depuis un
                terminal ou un raccourci personnalisé : avec `LANG=C`, l’appli démarre en anglais.
            """),
        ],
    },
    {
        "key": "fr-sauvegarde-nas", "uses": 2, "slots": ["desktop"], "nature": "howto", "tags": ["backup", "{platform_tag}"],
        "titles": [
            "Sauvegarder automatiquement mes notes sur un NAS Synology",
            "Où Lumen stocke-t-il mes notes {sur_platform}, pour les sauvegarder ?",
            "Restaurer une sauvegarde locale sur un nouvel ordinateur {sur_platform}",
        ],
        "bodies": [
            _d("""
                J’ai un NAS Synology à la maison qui sauvegarde déjà mes photos. J’aimerais y mettre aussi une copie de
                mes notes Lumen, automatiquement, au cas où. J’utilise Lumen {sur_platform}. Quelle est la bonne méthode ?
                Copier le dossier de données suffit-il ?
            """),
            _d("""
                Mon disque commence à faire des bruits inquiétants. Avant qu’il lâche, je voudrais une sauvegarde
                propre de mes carnets, que je puisse restaurer sur un nouvel ordinateur. Le dossier `{datadir}` suffit-il ?
            """),
        ],
        "answers": [
            _d("""
                Ne copiez pas le dossier de données pendant que Lumen tourne : la base peut être en cours d’écriture et
                la copie inutilisable. Utilisez plutôt *{settings} → Sauvegardes → Sauvegarde automatique* : choisissez
                un dossier (un partage réseau du NAS, par exemple) et une fréquence. Lumen y écrit une archive
                cohérente et garde les 30 dernières.
            """),
            _d("""
                Pour restaurer sur un nouvel ordinateur, pas besoin de sauvegarde locale si vos notes sont
                synchronisées : connectez-vous, tout redescend. La sauvegarde locale sert surtout si vous voulez
                revenir à un état précis, avec *Fichier → Restaurer une sauvegarde…*, qui restaure dans un nouveau
                carnet sans écraser l’existant.
            """),
            _d("""
                Moi, je combine les deux : sauvegarde automatique quotidienne vers le NAS, plus un export Markdown
                mensuel (*Fichier → Exporter → Tous les carnets*), lisible sans Lumen. Si un jour l’appli disparaît, mes
                notes restent des fichiers texte.
            """),
        ],
        "comments": [("Vos carnets verrouillés doivent aussi être sauvegardés ?",
                      "Oui, un seul, avec des papiers administratifs.")],
    },
    {
        "key": "fr-export-pdf", "uses": 2, "slots": ["desktop"], "tags": ["export", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Les accents deviennent des carrés dans l’export PDF {sur_platform}",
                           "Export PDF : caractères accentués remplacés par des rectangles"],
                "bodies": [_d("""
                    Quand j’exporte une note en PDF {sur_platform}, tous les « é », « è » et « ç » sont remplacés par des
                    petits carrés. À l’écran, tout va bien. J’ai changé la police de l’export pour une police à moi
                    la semaine dernière, peut-être que ça joue ?
                """)],
                "answers": [
                    _d("""
                        C’est bien la police : celle que vous avez choisie ne contient sans doute pas les caractères
                        accentués (certaines polices « de titre » gratuites n’ont que l’ASCII). Revenez à la police par
                        défaut dans *Export → Style*, ou choisissez une police complète comme Source Serif ou Inter.
                    """),
                    _d("""
                        Autre cause possible {sur_platform} : la police est installée pour votre utilisateur seulement.
                        L’export PDF tourne dans un processus séparé qui ne la voit pas toujours. Installez-la pour tous
                        les utilisateurs, puis redémarrez Lumen.
                    """),
                ],
            },
            {
                "titles": ["Export PDF : mettre un en-tête et des marges correctes",
                           "Rendre les exports PDF plus présentables pour mes clients"],
                "bodies": [_d("""
                    J’envoie mes comptes rendus en PDF à des clients. Le rendu par défaut est un peu austère et les marges
                    sont énormes. Peut-on personnaliser l’export, avec notre logo en en-tête par exemple ?
                """)],
                "answers": [
                    _d("""
                        Dans la fenêtre d’export, choisissez **Style → CSS personnalisé** et ajoutez par exemple :

                        ```css
                        @page { margin: 18mm 16mm; }
                        body { font-family: "Source Serif 4", serif; font-size: 10.5pt; }
                        h1 { border-bottom: 2px solid #333; }
                        ```

                        Les polices doivent être installées sur la machine qui exporte.
                    """),
                    _d("""
                        Une fois le rendu au point, enregistrez-le comme préréglage (*Export → Préréglages → Enregistrer
                        sous…*). J’en ai un par client, avec son logo en en-tête : le préréglage garde le CSS, le format
                        de papier et les marges.
                    """),
                ],
            },
        ],
    },
    {
        "key": "fr-api-pagination", "uses": 2, "slots": ["lang"], "nature": "howto", "tags": ["api"],
        "titles": [
            "L’API ne renvoie que 50 notes avec GET /v2/notes",
            "Récupérer toutes mes notes avec l’API en {lang}",
        ],
        "bodies": [
            _d("""
                J’écris un petit script en {lang} pour lister toutes mes notes. `GET https://api.lumen.example/v2/notes`
                renvoie exactement 50 éléments, alors que j’en ai plusieurs milliers. Il y a un champ `next_cursor` dans
                la réponse : comment est-on censé s’en servir ?
            """),
        ],
        "answers": [
            _d("""
                L’API pagine par curseur : tant que `next_cursor` n’est pas `null`, repassez-le en paramètre `cursor`
                à la requête suivante. Vous pouvez monter `limit` jusqu’à 200 pour faire moins d’appels :

                ```text
                GET /v2/notes?limit=200
                GET /v2/notes?limit=200&cursor=eyJpZCI6IjgxMiJ9
                ```

                Gardez les mêmes filtres d’une page à l’autre, sinon le curseur est refusé.
            """),
            _d("""
                Avec {lang_tool}, une simple boucle suffit : on s’arrête quand `next_cursor` est vide. Attention aux
                limites de débit, 120 requêtes par minute par jeton : avec `limit=200`, ça laisse de la marge pour
                plusieurs milliers de notes.
            """),
        ],
    },
    {
        "key": "fr-webhook", "uses": 2, "tags": ["webhooks", "api"],
        "titles": [
            "Webhook Lumen : la signature ne correspond jamais",
            "Mon webhook reçoit chaque modification trois fois",
        ],
        "bodies": [
            _d("""
                J’ai branché un webhook `note.updated` sur une petite fonction qui vérifie l’en-tête `X-Lumen-Signature`
                avec le secret affiché dans Lumen. La vérification échoue à chaque fois. Je calcule un HMAC-SHA256 du
                corps de la requête, comme dans la documentation.
            """),
            _d("""
                Mon webhook `note.updated` se déclenche trois ou quatre fois pour une seule modification, ce qui spamme
                notre canal d’équipe. C’est normal ?
            """),
        ],
        "answers": [
            _d("""
                Le piège classique : il faut calculer le HMAC sur le corps **brut**, octet pour octet, pas sur le JSON
                une fois décodé puis réencodé (l’ordre des clés et les espaces changent). Dans la plupart des frameworks,
                il faut lire le corps avant que le middleware JSON ne le consomme.
            """),
            _d("""
                Pour les déclenchements multiples : chaque enregistrement automatique est une modification. Regroupez
                par identifiant de note pendant quelques minutes côté récepteur, ou abonnez-vous plutôt à
                `note.updated.debounced`, qui n’est envoyé qu’après deux minutes sans modification.
            """),
        ],
    },
    {
        "key": "fr-plugin-casse", "uses": 2, "slots": ["desktop"], "tags": ["plugins", "{platform_tag}"],
        "titles": [
            "Un plugin ne se charge plus depuis la mise à jour {version}",
            "« Plugin désactivé : incompatible » après la dernière mise à jour {sur_platform}",
            "Lumen plante au démarrage {sur_platform} depuis que j’ai installé un plugin",
        ],
        "bodies": [
            _d("""
                Depuis la mise à jour vers la {version}, mon plugin de tableau Kanban est marqué « désactivé :
                incompatible ». Mes notes en tableau s’affichent maintenant en Markdown brut. Il faut attendre une
                mise à jour du plugin, ou il y a un moyen de le forcer ?
            """),
            _d("""
                Lumen se ferme tout seul deux secondes après le lancement {sur_platform}. Ça a commencé juste après
                l’installation d’un plugin de citations. Comment le désinstaller si l’appli ne reste même pas ouverte ?
            """),
        ],
        "answers": [
            _d("""
                Lancez Lumen en **mode sans échec** (maintenez Maj au démarrage) : aucun plugin n’est chargé. Allez
                ensuite dans *{settings} → Plugins* et désactivez ou supprimez le fautif. Si même ça ne marche pas,
                supprimez son dossier dans `{datadir}/plugins`.
            """),
            _d("""
                « Incompatible » veut dire que le plugin déclare une version maximale de Lumen inférieure à la vôtre.
                Les auteurs mettent généralement quelques jours à suivre. On peut forcer le chargement dans *Plugins →
                Avancé → Autoriser les plugins non vérifiés*, mais à vos risques et périls.
            """),
            _d("""
                Bonne nouvelle : vos notes ne sont pas abîmées. Le plugin ne fait qu’afficher le Markdown autrement ;
                dès qu’il sera à jour, vos tableaux reviendront tels quels.
            """),
        ],
    },
    {
        "key": "fr-widget", "uses": 2, "slots": ["mobile"], "tags": ["{mobile_tag}", "tasks"],
        "titles": [
            "Le widget Lumen reste vide sur mon {device}",
            "Widget des tâches qui ne se met plus à jour sur mon {device}",
        ],
        "bodies": [
            _d("""
                J’ai ajouté le widget « Tâches du jour » sur l’écran d’accueil de mon {device}. Il affiche « Aucune
                tâche » alors que j’en ai une dizaine pour aujourd’hui. Quand j’ouvre l’appli, le widget se remplit,
                puis redevient vide quelques heures plus tard.
            """),
        ],
        "answers": [
            _d("""
                Le widget lit une copie des tâches que l’appli prépare en arrière-plan. Si l’actualisation en
                arrière-plan est coupée pour Lumen (ou si le mode économie d’énergie est activé), la copie n’est plus
                mise à jour. Sur iPhone : *Réglages → Général → Actualisation en arrière-plan*. Sur Android : *Paramètres
                → Batterie → Lumen → Sans restriction*.
            """),
            _d("""
                Vérifiez aussi le carnet choisi dans les réglages du widget (appui long → *Modifier le widget*) : après
                une réinstallation, il pointait chez moi vers un carnet qui n’existait plus.
            """),
        ],
    },
    {
        "key": "fr-dictee", "uses": 2, "slots": ["mobile"], "tags": ["{mobile_tag}", "editor"],
        "titles": [
            "Dictée vocale dans Lumen : la ponctuation ne suit pas",
            "Dicter une note en français sur mon {device} : le texte part en anglais",
        ],
        "bodies": [
            _d("""
                Je dicte beaucoup de notes sur mon {device} entre deux rendez-vous. Dans Lumen, la dictée écrit
                « virgule » et « point à la ligne » en toutes lettres au lieu de la ponctuation, alors que dans Messages
                ça marche très bien. Un réglage m’échappe ?
            """),
        ],
        "answers": [
            _d("""
                Lumen utilise la dictée du clavier système, donc c’est la langue du clavier actif qui compte. Si votre
                clavier anglais est sélectionné quand vous lancez la dictée, les commandes de ponctuation françaises ne
                sont pas reconnues. Passez sur le clavier français (le globe en bas à gauche) avant de dicter.
            """),
            _d("""
                Autre piste : la saisie rapide de Lumen a sa propre dictée (le micro dans la barre d’outils) qui suit la
                langue des notes définie dans *Paramètres → Éditeur*. Si cette langue est restée sur « anglais », le
                résultat est exactement celui que vous décrivez.
            """),
        ],
    },
    {
        "key": "fr-lenteur", "uses": 2, "slots": ["desktop", "notecount"], "tags": ["performance", "{platform_tag}"],
        "titles": [
            "Lumen rame avec {notes} notes {sur_platform}",
            "Saisie qui saccade dans les longues notes {sur_platform}",
            "Lumen met plus d’une minute à démarrer {sur_platform}",
        ],
        "bodies": [
            _d("""
                J’ai environ {notes} notes et Lumen devient vraiment lent {sur_platform} : le changement de note prend
                une à deux secondes et la recherche rapide se fige. La machine n’est pas toute jeune, mais elle a 16 Go
                de mémoire. C’est la limite de l’appli ?
            """),
            _d("""
                Dans ma note de suivi de projet (très longue, je l’admets), chaque frappe met un temps fou à apparaître.
                Dans les petites notes, aucun souci. Version {version}.
            """),
        ],
        "answers": [
            _d("""
                {notes} notes, ce n’est pas énorme pour Lumen. Regardez d’abord *Aide → Diagnostic → Performances* :
                l’outil indique les plugins qui prennent du temps à chaque changement de note. Dans neuf cas sur dix,
                c’est un plugin qui recalcule quelque chose sur toutes les notes.
            """),
            _d("""
                Pour les très longues notes, la palette propose **Scinder la note aux titres** : une note par titre `##`,
                reliées depuis une note sommaire, et les rétroliens restent corrects. Ma note de 50 000 mots est devenue
                une vingtaine de notes, et l’éditeur est redevenu fluide.
            """),
            _d("""
                Essayez de reconstruire l’index de recherche (*{settings} → Recherche → Reconstruire l’index*). Un index
                abîmé après un plantage rend la recherche rapide très lente, et c’est elle qui se fige chez vous.
            """),
        ],
        "comments": [("Vous avez beaucoup de plugins installés ?", "Une dizaine, oui. Je vais regarder le diagnostic.")],
    },
    {
        "key": "fr-pieces-jointes", "uses": 2, "slots": ["anyplatform"], "tags": ["attachments", "{platform_tag}"],
        "titles": [
            "« Fichier trop volumineux » en ajoutant une vidéo {sur_platform}",
            "Quelle est la taille maximale d’une pièce jointe ?",
            "Les photos de mes notes de chantier prennent toute la place",
        ],
        "bodies": [
            _d("""
                J’essaie de joindre une vidéo de 300 Mo à une note {sur_platform} et j’obtiens « Fichier trop
                volumineux ». Quelle est la limite exacte, et est-ce qu’elle dépend de l’abonnement ?
            """),
            _d("""
                Je fais mes notes de chantier avec beaucoup de photos, et mon quota d’envoi est déjà presque épuisé ce
                mois-ci. Y a-t-il un moyen de réduire la taille des photos sans tout retoucher à la main ?
            """),
        ],
        "answers": [
            _d("""
                La limite est de 25 Mo par fichier avec Free et de 250 Mo avec Pro ou Teams. Pour les vidéos plus
                lourdes, mettez-les sur un service de stockage et collez le lien : Lumen affiche un aperçu pour la
                plupart des hébergeurs.
            """),
            _d("""
                Pour les photos : *Paramètres → Pièces jointes → Images → Redimensionner à l’envoi*, avec 2 560 px de
                côté maximum et une qualité de 85. Chez moi, le stockage a fondu de 70 % sans différence visible à
                l’écran. L’original n’est pas conservé, donc gardez l’option désactivée pour les carnets où la pleine
                résolution compte.
            """),
            _d("""
                Le quota d’envoi de la version gratuite est mensuel : il repart à zéro le 1er du mois. Et supprimer des
                pièces jointes ne le « rembourse » pas, malheureusement.
            """),
        ],
    },
    {
        "key": "fr-taches-recurrentes", "uses": 2, "slots": ["mobile"], "tags": ["tasks", "{mobile_tag}"],
        "titles": [
            "Les rappels de tâches ne sonnent pas sur mon {device}",
            "Créer une tâche qui revient tous les lundis",
        ],
        "bodies": [
            _d("""
                Mes tâches ont une échéance avec rappel, mais sur mon {device} je ne reçois aucune notification. Sur
                l’ordinateur, les rappels s’affichent bien. Les notifications de Lumen sont pourtant autorisées.
            """),
            _d("""
                J’aimerais une tâche « Relever le courrier du cabinet » qui revient chaque lundi, sans la recréer à la
                main. Est-ce que Lumen gère les tâches récurrentes ?
            """),
        ],
        "answers": [
            _d("""
                Sur {mobile}, les rappels sont programmés localement par l’appli : si elle n’a pas été ouverte depuis la
                création de la tâche sur un autre appareil, le rappel n’est pas encore programmé. Ouvrez l’appli une
                fois après la synchro. Vérifiez aussi le mode concentration ou « Ne pas déranger », qui bloque les
                notifications de Lumen par défaut.
            """),
            _d("""
                Oui, ajoutez une récurrence à l’échéance : `@due(lundi) @repeat(chaque semaine)`, ou par le menu de la
                tâche → *Répéter*. Quand vous cochez la tâche, la suivante est créée pour le lundi d’après.
            """),
        ],
    },
    {
        "key": "fr-tableaux", "uses": 2, "nature": "howto", "tags": ["markdown", "editor"],
        "titles": [
            "Fusionner des cellules dans un tableau Markdown",
            "Tableaux : aligner les montants à droite et trier une colonne",
        ],
        "bodies": [
            _d("""
                Je fais mes budgets de projet dans des tableaux Lumen. Deux questions : peut-on fusionner deux cellules
                (pour un sous-total, par exemple) et aligner les montants à droite ?
            """),
        ],
        "answers": [
            _d("""
                Pas de fusion de cellules : le Markdown ne le permet pas, et Lumen reste compatible. En revanche,
                l’alignement se règle avec les deux-points de la ligne de séparation :

                ```markdown
                | Poste      |   Montant |
                |:-----------|----------:|
                | Graphisme  |  1 200 € |
                ```

                Ou, plus simple, clic droit sur l’en-tête de colonne → *Aligner à droite*.
            """),
            _d("""
                Pour trier, clic sur l’en-tête de colonne en mode lecture : le tri n’est qu’un affichage. Si vous voulez
                réordonner les lignes pour de bon, clic droit → *Trier la colonne*, en mode édition.
            """),
        ],
    },
    {
        "key": "fr-clipper", "uses": 2, "slots": ["browser"], "tags": ["web-clipper"],
        "titles": [
            "Le clipper web sous {browser} n’enregistre que le lien",
            "Clipper {browser} : les images des articles ne sont pas enregistrées",
            "Clipper un article derrière un paywall de presse avec {browser}",
        ],
        "bodies": [
            _d("""
                J’ai installé le clipper depuis {browser_store}. Quand je clique dessus, il crée une note avec seulement
                le titre de la page et l’adresse, sans le contenu. J’avais pourtant choisi *Article*.
            """),
            _d("""
                J’ai des abonnements à plusieurs journaux en ligne. Quand je clippe un article, Lumen enregistre la page
                « Abonnez-vous pour lire la suite » au lieu de l’article, alors que ma session est bien ouverte dans {browser}.
            """),
        ],
        "answers": [
            _d("""
                Sous {browser}, vérifiez que l’extension a l’autorisation pour ce site : certains navigateurs la demandent
                maintenant site par site. Icône de l’extension → *Autoriser sur ce site*, puis clippez à nouveau.
            """),
            _d("""
                Si l’application de bureau n’est pas lancée, le clip se fait côté serveur, et beaucoup de sites de presse
                le bloquent (paywall, bandeau de cookies). Avec l’appli de bureau ouverte, l’extension clippe en local
                et récupère la page telle que vous la voyez, avec votre session ouverte.
            """),
            _d("""
                Pour les images : *Options du clipper → Enregistrer les images dans la note*. Sinon, elles restent des
                liens vers le site d’origine, et elles disparaissent quand le site les retire.
            """),
        ],
    },
    {
        "key": "fr-proxy", "uses": 2, "tags": ["sync", "windows"],
        "titles": [
            "Synchronisation impossible derrière le proxy de l’entreprise",
            "Au bureau, Lumen dit « hors ligne » alors que le navigateur fonctionne",
        ],
        "bodies": [
            _d("""
                Au travail, Lumen pour Windows affiche « hors ligne » en permanence, alors que l’application web
                fonctionne dans le navigateur. Notre DSI utilise un proxy avec authentification. À la maison, tout va
                bien.
            """),
        ],
        "answers": [
            _d("""
                *Fichier → Paramètres → Réseau → Proxy* : choisissez « Utiliser les paramètres du système ». Lumen
                reprend alors la configuration de Windows, y compris le script PAC si votre DSI en utilise un.
                L’authentification intégrée (NTLM, Kerberos) est prise en charge depuis la 4.7.
            """),
            _d("""
                Si le proxy inspecte le trafic HTTPS, Lumen refuse le certificat de l’entreprise. Il faut alors cocher
                *Réseau → Faire confiance aux certificats du système* ; votre DSI a normalement installé son certificat
                racine sur les postes.
            """),
        ],
    },
    {
        "key": "fr-teams-admin", "uses": 2, "nature": "account", "tags": ["account", "sharing"],
        "titles": [
            "Lumen Teams : récupérer les notes d’un collaborateur qui est parti",
            "Retirer un membre de notre espace Teams sans perdre ses carnets",
        ],
        "bodies": [
            _d("""
                Un collègue a quitté l’agence la semaine dernière. Ses carnets de projet sont dans notre espace Teams,
                certains partagés, d’autres non. Comment récupérer le tout avant de libérer sa licence ?
            """),
        ],
        "answers": [
            _d("""
                Dans *Admin → Membres*, cliquez sur son nom → **Retirer de l’espace**. Lumen propose alors de transférer
                tous ses carnets d’espace (partagés ou non) à un autre membre. Ses carnets *personnels*, eux, restent à
                lui : c’est voulu.
            """),
            _d("""
                Petit conseil d’admin : créez un compte générique « archives » dans l’espace et transférez-y les carnets
                des personnes qui partent. Ça évite que les carnets de projet dépendent de la présence de quelqu’un.
            """),
        ],
    },
    {
        "key": "fr-corbeille", "uses": 2, "tags": ["backup", "notebooks"],
        "titles": [
            "J’ai supprimé un carnet entier par erreur",
            "Retrouver une note vidée de son contenu par erreur",
        ],
        "bodies": [
            _d("""
                En voulant supprimer une note, j’ai supprimé tout le carnet *Clients* (clic droit trop rapide…). La
                corbeille ne montre que des notes isolées. Le carnet est-il perdu ?
            """),
            _d("""
                J’ai sélectionné tout le texte d’une note et collé autre chose par-dessus, puis fermé. Le contenu
                d’origine est-il récupérable ?
            """),
        ],
        "answers": [
            _d("""
                Rien n’est perdu : les carnets supprimés sont dans la corbeille, tout en bas, sous *Carnets supprimés*.
                Clic droit → **Restaurer** remet le carnet avec toutes ses notes et ses sous-carnets. Ils y restent
                30 jours (un an avec Pro).
            """),
            _d("""
                Pour une note écrasée : *Note → Historique*. Chaque enregistrement garde une version ; choisissez celle
                d’avant le collage et cliquez sur **Restaurer cette version**. La version actuelle est conservée dans
                l’historique, donc aucun risque.
            """),
        ],
    },
    {
        "key": "fr-organisation", "uses": 2, "nature": "howto", "tags": ["notebooks", "search"],
        "titles": [
            "Étiquettes ou carnets : comment organiser mes notes de thèse ?",
            "Trop de carnets imbriqués : vaut-il mieux passer aux étiquettes ?",
            "Renommer une étiquette dans toutes les notes d’un coup",
        ],
        "bodies": [
            _d("""
                Je commence une thèse et j’aimerais partir sur de bonnes bases. Pour l’instant, j’ai un carnet par
                chapitre, mais beaucoup de notes (lectures, entretiens) concernent plusieurs chapitres. Vous organisez
                comment, vous : carnets, étiquettes, liens ?
            """),
            _d("""
                J’ai une étiquette `reunion` et une autre `réunion`, et des centaines de notes réparties entre les deux.
                Peut-on fusionner les étiquettes sans repasser sur chaque note ?
            """),
        ],
        "answers": [
            _d("""
                Règle qui marche bien : **un carnet = un endroit où une note vit** (une seule place possible),
                **une étiquette = une propriété** (une note peut en avoir plusieurs). Donc des carnets larges (*Lectures*,
                *Entretiens*, *Rédaction*) et des étiquettes pour les chapitres : `ch1`, `ch2`… Une note de lecture
                utile pour deux chapitres porte simplement deux étiquettes.
            """),
            _d("""
                Pour fusionner : menu latéral → *Étiquettes*, clic droit sur `reunion` → **Fusionner dans…** →
                `réunion`. Toutes les notes sont mises à jour d’un coup, et les recherches enregistrées qui utilisaient
                l’ancienne étiquette aussi.
            """),
            _d("""
                Et n’oubliez pas les liens entre notes (`[[…]]`) : pour une thèse, le panneau des rétroliens est souvent
                plus utile que n’importe quel classement. Je fais une note par concept et je relie tout.
            """),
        ],
        "comments": [("Vous êtes en quelle discipline ? Ça change pas mal la façon de prendre des notes.",
                      "Sociologie, beaucoup d’entretiens qualitatifs.")],
    },
    {
        "key": "fr-mode-sombre", "uses": 2, "slots": ["desktop"], "tags": ["editor", "{platform_tag}"],
        "titles": [
            "Le thème sombre ne suit pas le réglage du système {sur_platform}",
            "Thème sombre : les images de mes notes sont éblouissantes",
        ],
        "bodies": [
            _d("""
                Mon système passe automatiquement en sombre le soir, mais Lumen reste en clair {sur_platform}. Je dois
                changer le thème à la main tous les jours. Une option m’a échappé ?
            """),
        ],
        "answers": [
            _d("""
                *{settings} → Apparence → Thème → Automatique (selon le système)*. Si vous aviez choisi « Sombre » ou
                « Clair » explicitement, Lumen ne suit plus le système.
            """),
            _d("""
                Pour les images trop claires en thème sombre : *Apparence → Atténuer les images en thème sombre*. Les
                images sont légèrement assombries, et retrouvent leur luminosité au survol.
            """),
        ],
    },
    {
        "key": "fr-modeles-dossier", "uses": 2, "nature": "howto", "tags": ["templates", "notebooks"],
        "titles": [
            "Appliquer automatiquement un modèle aux nouvelles notes d’un carnet",
            "Où ranger mes modèles pour qu’ils apparaissent dans la liste ?",
        ],
        "bodies": [
            _d("""
                J’ai un modèle « Compte rendu client » et j’aimerais que toute nouvelle note créée dans le carnet
                *Clients* l’utilise d’office. Pour l’instant, je passe par la palette à chaque fois.
            """),
        ],
        "answers": [
            _d("""
                Clic droit sur le carnet → *Modèle par défaut* → choisissez votre modèle. Toute nouvelle note créée dans
                ce carnet (y compris par la saisie rapide, si elle vise ce carnet) part du modèle.
            """),
            _d("""
                Les modèles doivent être dans le carnet désigné dans *Paramètres → Modèles → Carnet des modèles* (par
                défaut, *Modèles*). Une note ailleurs, même avec des `{{date}}` dedans, n’apparaît pas dans la liste.
            """),
        ],
    },
]

# --- tips ----------------------------------------------------------------------

TIPS = [
    {
        "key": "fr-raccourci-serie", "slots": ["raccourci"], "unique": "raccourci", "series_author": "gaetan.tremblay",
        "every_days": 9,
        "tags": ["shortcuts"],
        "titles": ["Le raccourci du vendredi n° {sc_no} : {sc_keys} {sc_what}"],
        "bodies": [
            _d("""
                `{sc_keys}` {sc_what}.

                {sc_body}

                **En prime.** {sc_extra}

                *(Sur Mac, lisez Cmd pour Ctrl/Cmd. Vos suggestions pour la semaine prochaine sont les bienvenues en
                dessous.)*
            """),
        ],
        "replies": [
            "J’utilise Lumen tous les jours depuis deux ans et je ne connaissais pas celui-là. Merci, continuez la série !",
            "Ça marche aussi sur iPad avec un clavier physique, pour ceux qui se posent la question.",
            "Suggestion pour une prochaine fois : le raccourci pour replier tous les titres. Je l’oublie à chaque fois.",
            "Petite précision pour les claviers AZERTY : tout marche tel quel, sauf les raccourcis avec des crochets.",
        ],
    },
    {
        "key": "fr-modele-serie", "slots": ["modele"], "unique": "modele", "tags": ["templates", "{tpl_tags}"],
        "titles": ["Partage de modèle : mon {tpl_name}", "Mon modèle de {tpl_name}, après pas mal d’essais"],
        "bodies": [
            "{tpl_intro}\n\n```markdown\n{tpl_code}\n```\n\nEnregistrez-le comme note dans votre carnet *Modèles* et "
            "appliquez-le avec Ctrl/Cmd+K → *Insérer un modèle*. Toutes les améliorations sont bienvenues !",
        ],
        "replies": [
            "Adopté immédiatement ! J’ai juste ajouté une ligne *Humeur* en haut.",
            "Merci du partage ! Le bloc de requête est malin, je ne savais pas qu’un modèle pouvait en contenir.",
            "Joli. Une suggestion : `{{date:YYYY-MM-DD}}` dans le titre, pour que les notes se trient bien dans le menu latéral.",
        ],
    },
    {
        "key": "fr-plugin-serie", "slots": ["extension"], "unique": "extension", "series_author": "camille.roy",
        "every_days": 28,
        "tags": ["plugins", "{plugin_tag}"],
        "titles": ["Plugin à la une : {plugin}, {plugin_pitch}"],
        "bodies": [
            _d("""
                Le plugin de la communauté à découvrir ce mois-ci : **{plugin}** (`{plugin_id}`).

                {plugin_body}

                **Astuce.** {plugin_tip}

                Pour l’installer : *Paramètres → Plugins → Parcourir*, ou par la palette : Ctrl/Cmd+K → `install
                {plugin_id}`. Comme toujours, les plugins de la communauté sont vérifiés avant d’être listés, mais ce
                n’est pas nous qui les développons.
            """),
        ],
        "replies": [
            "Je l’utilise depuis des mois, il est excellent. Et l’auteur répond vite aux tickets.",
            "Il fonctionne sur mobile ? Certains plugins sont réservés à l’ordinateur et la fiche ne le dit pas toujours.",
            "Installé, et il remplace déjà deux de mes bricolages. Merci pour la découverte !",
        ],
    },
    {
        "key": "fr-typographie", "author": "chloe.martin", "tags": ["editor", "markdown"],
        "titles": ["Espaces insécables avant « : ; ! ? » : laissez Lumen s’en occuper"],
        "bodies": [
            _d("""
                Pour celles et ceux qui écrivent en français et tiennent à une typographie propre : Lumen sait insérer
                tout seul les espaces insécables.

                *Paramètres → Éditeur → Typographie → Règles françaises*, et désormais :

                - une espace insécable s’ajoute avant le deux-points et à l’intérieur des guillemets « » ;
                - une espace fine insécable avant le point-virgule, le point d’exclamation et le point d’interrogation ;
                - les guillemets droits deviennent des guillemets français, et l’apostrophe droite une apostrophe courbe.

                Le réglage existe aussi par carnet (clic droit → *Langue du carnet*), ce qui évite de massacrer les
                carnets en anglais. Et rien ne change dans les blocs de code.
            """),
        ],
        "replies": [
            "Enfin ! Je faisais ça à la main avec un raccourci clavier depuis des années.",
            "Merci ! Ça marche aussi à l’export PDF : les espaces fines sont bien conservées.",
        ],
    },
    {
        "key": "fr-note-du-jour", "tags": ["templates", "tasks", "shortcuts"],
        "titles": ["Ma routine de note quotidienne, version prof"],
        "bodies": [
            _d("""
                On me demande souvent comment je m’organise pendant l’année scolaire, alors voilà. Tout tourne autour de
                la note du jour :

                1. **Le matin, avant les cours** : Ctrl/Cmd+Maj+D ouvre la note du jour à partir de mon modèle. La
                   section *Reporté* liste les tâches non faites de la veille ; je fais glisser celles du jour dans
                   *Aujourd’hui*.
                2. **Entre deux cours** : saisie rapide sur le téléphone, tout part dans le journal de la note, avec
                   l’heure. Pas de tri, pas de réflexion.
                3. **Le soir** : dix minutes pour transformer le journal en vraies notes (une par classe) avec des liens
                   Ctrl/Cmd+L.

                Le secret, c’est de ne jamais décider *où* ranger une idée au moment où on la note. C’est ce qui m’avait
                fait abandonner tous les autres systèmes.
            """),
        ],
    },
    {
        "key": "fr-boite-reception", "tags": ["sync", "shortcuts"],
        "titles": ["Un carnet « Boîte de réception » pour tout capturer, vidé chaque vendredi"],
        "bodies": [
            _d("""
                Réglez *Paramètres → Saisie rapide → Destination* sur un carnet **Boîte de réception**, et faites de même
                pour le menu de partage du téléphone et pour le clipper web. Tout ce qui est nouveau arrive au même
                endroit.

                Ensuite, une fois par semaine, passez tout en revue avec le carnet ouvert dans un volet à côté :
                déplacer, fusionner ou supprimer. Le menu latéral affiche un compteur à côté de la boîte de réception,
                étonnamment motivant pour la garder à zéro.
            """),
        ],
    },
    {
        "key": "fr-hors-ligne-selectif", "tags": ["offline", "android", "ios"],
        "titles": ["Libérer des gigaoctets sur le téléphone grâce au hors-ligne carnet par carnet"],
        "bodies": [
            _d("""
                Mon téléphone stockait 9 Go de données Lumen parce que *Tout télécharger* était activé. Ce que je fais
                maintenant :

                - *Paramètres → Synchronisation → Tout télécharger* : **désactivé** ;
                - appui long sur les carnets dont j’ai besoin en déplacement (Travail, Voyage, Recettes) → **Garder
                  hors ligne** ;
                - *Paramètres → Stockage → Effacer les pièces jointes téléchargées*, une fois.

                Résultat : 800 Mo, et rien ne m’a manqué en trois mois.
            """),
        ],
    },
    {
        "key": "fr-sauvegarde-cron", "author": "youssef.elamrani", "tags": ["backup", "cli", "linux"],
        "titles": ["Une sauvegarde nocturne avec lumen-cli et un jeton en lecture seule"],
        "bodies": [
            _d("""
                Je partage mon script de sauvegarde, il m’a déjà sauvé deux fois. Créez d’abord un jeton d’API **en
                lecture seule**.

                ```bash
                #!/bin/sh
                set -eu
                export LUMEN_TOKEN="$(cat "$HOME/.config/lumen/jeton-sauvegarde")"
                dest="/srv/sauvegardes/lumen/$(date +%F)"
                lumen export --all --format md --attachments --incremental \\
                  --state "$HOME/.cache/lumen-export.json" --out "$dest"
                find /srv/sauvegardes/lumen -maxdepth 1 -type d -mtime +45 -exec rm -rf {} +
                ```

                Ligne cron : `15 3 * * * /home/moi/bin/sauvegarde-lumen`. Un jeton en lecture seule ne peut rien
                modifier : s’il fuite, il expose vos notes mais ne peut rien détruire.
            """),
        ],
        "replies": [
            "Merci ! J’ai ajouté un `rclone copy` vers un stockage chiffré à la fin, et c’est parfait.",
            "Le `--incremental` change tout : la sauvegarde prend dix secondes au lieu de cinq minutes.",
        ],
    },
    {
        "key": "fr-recherche-attente", "tags": ["tasks", "search"],
        "titles": ["Une recherche enregistrée pour tout ce que j’attends des autres"],
        "bodies": [
            _d("""
                J’étiquette `#attente` les tâches qui dépendent de quelqu’un d’autre :

                ```markdown
                - [ ] Projet de contrat du service juridique #attente @due(2024-06-14)
                ```

                et je garde la recherche enregistrée `is:task -is:done tag:attente` épinglée dans le menu latéral. Le
                lundi matin, je la passe en revue et j’envoie les relances. C’est de loin ce qui me sert le plus.
            """),
        ],
    },
    {
        "key": "fr-encadres", "tags": ["markdown", "editor"],
        "titles": ["Les encadrés : des avertissements et des remarques qui sautent aux yeux"],
        "bodies": [
            _d("""
                Lumen affiche comme des encadrés les citations qui commencent par un type entre crochets :

                ```markdown
                > [!warning] Avant la mise en production
                > Lancer la migration sur la préproduction d’abord.

                > [!tip]- Cliquez pour déplier
                > Replié par défaut grâce au tiret.
                ```

                Types disponibles : `note`, `tip`, `warning`, `danger`, `question`, `quote`. Ils passent à l’export HTML
                et PDF, et deviennent de simples citations dans les autres outils Markdown.
            """),
        ],
    },
    {
        "key": "fr-cle-recuperation", "tags": ["encryption", "backup"],
        "titles": ["Rangez la clé de récupération de vos carnets verrouillés avant d’en avoir besoin"],
        "bodies": [
            _d("""
                Petit rappel après avoir lu encore une discussion qui finissait mal : quand vous verrouillez un carnet,
                Lumen affiche **une seule fois** une clé de récupération de 24 mots. Sans elle ni la phrase secrète,
                personne (Lumen compris) ne peut ouvrir le carnet.

                - Mettez-la dans votre gestionnaire de mots de passe **et** imprimez-la.
                - Vous pouvez la réafficher depuis un appareil déverrouillé : *Carnet → Sécurité → Afficher la clé de
                  récupération*.
                - Testez-la une fois : *Carnet → Sécurité → Vérifier la clé de récupération*.
            """),
        ],
    },
    {
        "key": "fr-siri", "author": "marie-eve.c", "tags": ["ios", "shortcuts", "tasks"],
        "titles": ["Ajouter une ligne à la note du jour avec Siri et l’app Raccourcis"],
        "bodies": [
            _d("""
                L’appli iOS propose une action **Ajouter à la note du jour** dans l’app Raccourcis. Le mien :

                1. *Dicter du texte*
                2. *Ajouter à la note du jour* : texte `- {Date actuelle HH:mm} {Texte dicté}`, section `Journal`

                Nommez-le « Note ça » et il suffit de dire « Dis Siri, note ça » en conduisant. Ça marche hors ligne et
                ça se synchronise plus tard.
            """),
        ],
    },
    {
        "key": "fr-numeriser", "author": "ines.haddou", "tags": ["attachments", "ios", "android"],
        "titles": ["Numériser un document directement dans une note avec le téléphone"],
        "bodies": [
            _d("""
                Sur chantier, je reçois encore beaucoup de papier (bons de livraison, plans annotés). Dans une note, le
                bouton **+** → *Numériser un document* utilise l’appareil photo, recadre la page et la redresse. Plusieurs
                pages donnent un seul PDF.

                Le mieux : le texte du PDF est reconnu (OCR), donc `has:pdf livraison` retrouve le bon de livraison
                trois mois plus tard. Le français est bien reconnu, accents compris.
            """),
        ],
        "replies": [
            "Je ne savais pas que l’OCR gérait les accents, c’est une excellente nouvelle pour mes factures.",
            "Génial pour les ordonnances aussi. Merci !",
        ],
    },
    {
        "key": "fr-css", "tags": ["editor", "markdown"],
        "titles": ["Extrait CSS : un éditeur plus large et des blocs de code plus lisibles"],
        "bodies": [
            _d("""
                *Paramètres → Apparence → Extraits CSS → Ajouter*, puis collez :

                ```css
                .editor { --content-width: 54rem; }
                .editor pre { border-radius: 8px; padding: 0.9rem 1rem; }
                .editor code { font-family: "JetBrains Mono", ui-monospace, monospace; font-size: 0.92em; }
                .editor h2 { border-bottom: 1px solid var(--border-subtle); padding-bottom: 0.2rem; }
                ```

                Les extraits se synchronisent entre ordinateurs ; les applis mobiles les ignorent.
            """),
        ],
    },
    {
        "key": "fr-liens-expiration", "tags": ["sharing"],
        "titles": ["Donnez une date d’expiration par défaut à vos liens publics"],
        "bodies": [
            _d("""
                *Paramètres → Partage → Expiration par défaut des liens* fixe une date d’expiration pour chaque nouveau
                lien public (chez moi, 30 jours). Les vieux liens oubliés s’accumulaient ; maintenant, ils disparaissent
                d’eux-mêmes. On peut toujours rendre un lien permanent dans la fenêtre de partage, quand on le veut
                vraiment.
            """),
        ],
    },
    {
        "key": "fr-revisions", "author": "lea.morel", "tags": ["markdown", "plugins"],
        "titles": ["Réviser ses partiels avec Lumen : ma méthode"],
        "bodies": [
            _d("""
                Troisième année de médecine, et Lumen est devenu mon outil de révision principal. Ma méthode :

                1. **Pendant le cours** : prise de notes brute, une note par cours, dans le carnet du module.
                2. **Le soir même** : je transforme la note en fiche avec mon modèle (l’essentiel en cinq lignes,
                   définitions, schéma).
                3. **Les questions** : chaque fiche se termine par des questions, que le plugin de répétition espacée
                   transforme en cartes mémoire.
                4. **Tous les matins** : vingt minutes de cartes dans le tram, sur le téléphone.

                L’avantage par rapport à une appli de cartes séparée : chaque carte renvoie à sa fiche, donc quand je
                sèche, je relis le contexte en un clic.
            """),
        ],
        "replies": [
            "Même méthode en droit, ça marche très bien. Merci pour le détail des étapes !",
            "Tu mets combien de cartes par cours, en moyenne ? J’ai tendance à en faire beaucoup trop.",
        ],
    },
    {
        "key": "fr-api-csv", "author": "karim.saidi", "tags": ["api", "export"],
        "titles": ["Exporter toutes ses tâches en CSV avec 25 lignes de Python"],
        "bodies": [
            _d("""
                Ma responsable voulait un tableur des tâches en cours. Voici ce que j’ai utilisé (API v2, jeton dans
                `LUMEN_TOKEN`) :

                ```python
                import csv, os, requests

                s = requests.Session()
                s.headers["Authorization"] = f"Bearer {os.environ['LUMEN_TOKEN']}"
                params = {"limit": 200, "query": "is:task -is:done"}
                rows, url = [], "https://api.lumen.example/v2/tasks"
                while url:
                    page = s.get(url, params=params, timeout=30).json()
                    rows += [(t["text"], t.get("due") or "", t["note"]["title"]) for t in page["items"]]
                    cursor = page["next_cursor"]
                    params = {**params, "cursor": cursor} if cursor else None
                    url = url if cursor else None

                with open("taches.csv", "w", newline="", encoding="utf-8-sig") as f:
                    csv.writer(f, delimiter=";").writerows([("tâche", "échéance", "note"), *rows])
                ```

                Le `utf-8-sig` et le point-virgule comme séparateur, c’est pour qu’Excel en français ouvre le fichier
                correctement, accents compris. Le point d’accès `/v2/tasks` accepte la même syntaxe que la recherche.
            """),
        ],
        "replies": [
            "Merci pour l’astuce `utf-8-sig`, ça fait des années que je me bats avec les accents dans Excel.",
        ],
    },
    {
        "key": "fr-azerty-reglages", "author": "thibault.v", "tags": ["shortcuts", "editor"],
        "titles": ["Mes réglages de raccourcis pour un clavier AZERTY belge"],
        "bodies": [
            _d("""
                Après quelques semaines de frustration, voilà ce que j’ai changé dans *Paramètres → Raccourcis* sur mon
                clavier belge :

                - **Diviser l’éditeur** : Ctrl+Maj+: au lieu de Ctrl+\\ (qui demande AltGr) ;
                - **Note précédente / suivante** : Ctrl+Alt+← et Ctrl+Alt+→, déjà présents par défaut ;
                - **Commenter la ligne** : Ctrl+Maj+= au lieu de Ctrl+/ ;
                - et surtout, l’option **Utiliser la position physique des touches**, activée pour tout le reste.

                Depuis, plus aucun raccourci qui ne répond pas. Valable aussi pour l’AZERTY français et le clavier
                suisse romand, à quelques touches près.
            """),
        ],
    },
    {
        "key": "fr-webhook-equipe", "tags": ["webhooks", "api", "sharing"],
        "titles": ["Prévenir l’équipe quand quelqu’un modifie la procédure d’astreinte"],
        "bodies": [
            _d("""
                Notre procédure d’astreinte est dans un carnet partagé. Un webhook sur ce carnet et un petit relais d’une
                vingtaine de lignes préviennent le canal de l’équipe quand une page change :

                1. *Carnet → Intégrations → Webhooks → Ajouter*, événement `note.updated`, portée : ce carnet.
                2. Faites-le pointer vers une petite fonction qui vérifie `X-Lumen-Signature` et transmet les champs
                   `title`, `editor` et `url` au webhook entrant de votre messagerie.

                Regroupez par identifiant de note sur cinq minutes, sinon chaque enregistrement automatique déclenche
                une notification.
            """),
        ],
    },
    {
        "key": "fr-scinder", "tags": ["performance", "editor"],
        "titles": ["Scinder une note géante en une note par titre"],
        "bodies": [
            _d("""
                Mon « journal de bord » pro avait atteint 60 000 mots et devenait lent. Palette → **Scinder la note aux
                titres** : une note par titre `##`, reliées depuis une note sommaire, et les rétroliens pointent toujours
                au bon endroit. Lumen est nettement plus réactif depuis.
            """),
        ],
    },
]

# --- generic fragments ---------------------------------------------------------

QUESTION_OPENERS = [
    "", "", "", "", "",
    "Bonjour à tous,",
    "Bonjour,",
    "Salut tout le monde,",
    "Je lis le forum depuis un moment, premier message.",
    "Toutes mes excuses si la question a déjà été posée, la recherche n’a rien donné.",
    "Petite question, j’espère rapide.",
]

QUESTION_CLOSERS = [
    "", "", "",
    "Merci d’avance !",
    "Une idée ?",
    "Merci !",
    "Bonne journée à tous.",
    "Merci pour votre aide.",
]
TROUBLE_CLOSERS = [
    "Quelqu’un d’autre a le même souci ?",
    "Je peux poster les journaux si ça peut aider.",
    "Ça me gâche la vie depuis une semaine.",
]

ENV_LINES = ["*Lumen {version}, {platform}*", "Version : {version} ({platform})", "*Lumen {version}*"]

# Answers that may join any question of a given nature, with their quality:
# 1 helpful, 0 so-so, -1 not really an answer (those attract downvotes).
GENERIC_ANSWERS = {
    "trouble": [
        (0, "Quelle version utilisez-vous ? Pas mal de problèmes de ce genre ont été corrigés dans les dernières "
            "versions, donc commencez par *Aide → Rechercher des mises à jour*. Si vous êtes à jour, *Aide → Afficher "
            "les journaux* dit généralement ce qui ne va pas : postez les vingt dernières lignes ici (sans rien de "
            "personnel)."),
        (1, _d("""
            J’ai eu quelque chose de très similaire, et chez moi c’était un plugin. Démarrez Lumen en **mode sans
            échec** (Maj maintenue au lancement) : si le problème disparaît, réactivez les plugins un par un jusqu’à ce
            qu’il revienne. Fastidieux, mais j’ai trouvé le coupable en dix minutes.
        """)),
        (0, "Ça vaut peut-être le coup d’ouvrir un ticket auprès du support en parallèle (*Aide → Contacter le "
            "support*). Ils peuvent regarder ce qui se passe côté serveur sur votre compte, ce que personne ici ne "
            "peut faire."),
        (-1, "Même problème ici, je suis la discussion. Pardon, ce n’est pas une réponse, mais je voulais dire "
             "que le problème n’est pas que chez vous."),
        (1, _d("""
            Pas une vraie solution, mais un contournement fiable : quittez complètement Lumen (depuis l’icône de la
            barre des tâches ou de la barre des menus, pas seulement en fermant la fenêtre), attendez quelques secondes
            et relancez. Plusieurs de ces états « bloqués » ne se débloquent qu’avec un vrai redémarrage.
        """)),
    ],
    "howto": [
        (0, "Il y a une page à ce sujet dans [la documentation](https://lumen.example/docs), même si elle a un peu de "
            "retard sur l’application. Les réponses ici sont plus à jour."),
        (1, _d("""
            Ce n’est pas exactement votre question, mais c’est bon à savoir : la palette de commandes (Ctrl/Cmd+K)
            liste toutes les actions par leur nom. Taper un mot-clé trouve souvent l’option plus vite que de fouiller
            dans les paramètres.
        """)),
        (-1, "Je suis la discussion, ça m’intéresse aussi."),
        (0, "J’avais posé une question proche au support l’an dernier, et c’était sur la feuille de route. Ça vaut le "
            "coup de regarder les notes de version de la dernière mise à jour."),
    ],
    "account": [
        (1, "Le support facturation et compte répond vite, d’après mon expérience : *Paramètres → Compte → Facturation "
            "→ Obtenir de l’aide*. On m’a répondu en moins d’une journée, un week-end en plus, et en français."),
        (0, "Le [centre d’aide](https://lumen.example/help) a un article là-dessus, mais vérifiez sa date : les offres "
            "ont changé l’an dernier."),
        (-1, "Je suis la discussion, même question de mon côté."),
    ],
}

ANSWER_OPENERS = ["", "", "", "", "", "", "", "Bonjour {asker} ! ", "Bonjour {asker}, ", "Salut {asker} ! "]
ANSWER_CLOSERS = ["", "", "", "", "", "En espérant que ça aide !", "Bon courage !", "Dites-nous si ça marche."]

GENERIC_REPLIES = [
    "Super, je ne connaissais pas. Je l’ajoute tout de suite à ma config.",
    "Je fais quelque chose de semblable avec un modèle, et les deux se combinent très bien.",
    "Merci d’avoir pris le temps de l’écrire ! Je teste ça cette semaine.",
    "Mis de côté. Il faudrait une page « meilleures astuces » sur ce forum.",
    "Excellente astuce. J’ajouterais : gardez une note avec tous ces réglages, pour tout refaire sur un nouvel ordinateur.",
    "Simple et efficace, les meilleures astuces sont comme ça. Merci du partage !",
]

TIP_AUTHOR_THANKS = ["Merci !", "Avec plaisir !", "Tant mieux si ça vous sert !", "Merci, dites-moi ce que ça donne."]

# (comment from someone else, the asker's possible reply or None)
QUESTION_COMMENTS = {
    "trouble": [
        ("Quelle version de Lumen ? (Aide → À propos)", "La {version}, installée depuis le site."),
        ("Ça le fait aussi en mode sans échec (Maj maintenue au démarrage) ?", "Oui, pareil en mode sans échec."),
        ("+1, même chose chez moi {sur_platform}.", None),
        ("Vous pourriez mettre une capture d’écran ? C’est difficile à dire avec la seule description.",
         "J’en ajoute une ce soir, je ne suis pas devant cet ordinateur."),
        ("Ça a commencé après la dernière mise à jour ?", "Maintenant que vous le dites, oui, je crois bien."),
        ("Il y avait une longue discussion sur un problème proche au printemps dernier, ça vaut le coup de chercher.",
         "Trouvée, merci, mais la solution proposée ne marche pas chez moi."),
        ("Pareil ici. Je suis la discussion.", None),
    ],
    "howto": [
        ("Bonne question, je me la suis posée aussi.", None),
        ("Sur quelle plateforme ? La réponse est un peu différente sur mobile.", "Sur ordinateur, surtout."),
        ("Quel est le but final ? Il y a peut-être plus simple.", "Surtout gagner du temps : je fais ça toutes les semaines."),
    ],
    "account": [
        ("Vous avez déjà contacté le support facturation ? Ils voient des choses que nous ne voyons pas.",
         "Pas encore, je voulais d’abord vérifier ici."),
        ("Vous êtes sur quelle offre ?", "Pro, au mois."),
        ("Je suis la discussion, j’ai une situation semblable.", None),
    ],
}

ANSWER_COMMENTS = {
    "good": [
        "Confirmé, ça marche chez moi aussi.",
        "Ça mériterait vraiment d’être dans la documentation.",
        "Ça a marché pour moi, merci !",
        "Explication très claire, merci d’avoir pris le temps.",
        "Je confirme aussi {sur_platform}.",
        "Vous savez si ça a changé avec la {version} ?",
    ],
    "so-so": [
        "Je suis sur la dernière version et j’ai toujours le problème, donc ce n’est sans doute pas ça.",
        "C’est un contournement plus qu’une solution, mais bon, pourquoi pas.",
        "Déjà essayé, malheureusement.",
    ],
    "weak": [
        "Votez plutôt pour la question au lieu de poster un +1 : c’est ce qui lui donne de la visibilité.",
        "Ça ne répond pas vraiment à la question.",
    ],
}

ASKER_THANKS = [
    "C’était ça, merci beaucoup !",
    "Parfait, c’était exactement ça. Merci !",
    "Merci ! Je marque la réponse comme acceptée.",
    "Ça marche maintenant. Je vous dois un café !",
]

ASKER_NOT_YET = [
    "Essayé, sans succès malheureusement. Toujours pareil.",
    "Merci, je teste ce soir et je vous dis.",
    "Hmm, je ne vois pas cette option. C’est peut-être dans une version plus récente ?",
]

TIP_COMMENTS = [
    "Ça marche aussi dans l’application web ?",
    "Excellente astuce.",
    "Simple et efficace. Merci !",
    "J’aurais aimé lire ça il y a un an.",
    "Je garde ça précieusement.",
]

SELF_ANSWER_PREFIXES = [
    "Je réponds à ma propre question pour ceux qui passeront par là : ",
    "Trouvé ! ",
    "Mise à jour, c’est résolu : ",
]

# --- ideas (community/demo/care.py) --------------------------------------------
# (title, body, tags, status, explanation by the francophone team, votes)

IDEAS = [
    (
        "Raccourci clavier pour dupliquer une note",
        "Dupliquer une note passe par le menu contextuel. Un raccourci (Ctrl+Maj+D, par exemple) ferait gagner du temps.",
        ["editor", "shortcuts"],
        "new",
        "",
        4,
    ),
    (
        "Typographie française automatique dans l’application mobile",
        "Sur ordinateur, les espaces insécables avant « : ; ! ? » s’ajoutent toutes seules. Sur mobile, rien : mes notes "
        "prises au téléphone sont pleines d’espaces ordinaires. Ce serait bien d’avoir la même option partout.",
        ["mobile", "editor"],
        "planned",
        "C’est prévu pour la prochaine version des applis mobiles : le réglage sera partagé avec celui de l’ordinateur.",
        10,
    ),
    (
        "Modèles de dates en français par défaut quand l’interface est en français",
        "Quand l’application est en français, les dates des modèles devraient l’être aussi sans aller chercher un "
        "réglage caché. « Tuesday 14 May » dans une note en français, ça fait tache.",
        ["templates"],
        "in_progress",
        "En cours : à partir de la prochaine version, la langue des dates suivra celle de l’interface pour les nouveaux comptes.",
        8,
    ),
    (
        "Hébergement des données au Canada pour les comptes Pro",
        "Les comptes Teams peuvent choisir le Canada, mais pas les comptes Pro. Pour un travailleur autonome au Québec, "
        "ce serait un vrai plus avec la loi 25.",
        ["account", "sync"],
        "under_review",
        "Nous étudions le coût de la chose : la demande revient souvent, merci pour vos votes.",
        7,
    ),
    (
        "Exporter un carnet au format ODT pour LibreOffice",
        "Dans l’administration, on nous demande souvent des documents au format ODT. Un export ODT, à côté du PDF et du "
        "Markdown, éviterait de passer par un convertisseur.",
        ["export"],
        "new",
        "",
        5,
    ),
    (
        "Dictionnaire orthographique belge et suisse",
        "Le correcteur souligne « septante » et « nonante », qui sont pourtant parfaitement corrects chez nous. Ce serait "
        "bien de pouvoir choisir le français de Belgique ou de Suisse.",
        ["editor"],
        "done",
        "Disponible depuis la 5.0 : Paramètres → Éditeur → Vérification orthographique → Français (Belgique) ou Français (Suisse).",
        6,
    ),
]
