"""Hand-written material for ``manage.py seed_demo``: one imaginary product and its community.

The product is **Lumen**, a note-taking app with desktop apps (Windows, macOS,
Linux), mobile apps (iOS, Android), a web app, end-to-end encrypted "locked
notebooks", Lumen Sync, a plugin system, a REST API with webhooks, a command
line tool (``lumen-cli``), a web clipper and three plans (Free, Pro, Teams).

Nothing here touches the database. ``seed_demo`` combines these fragments with
a seeded ``random.Random`` so the same demo comes out every time.

Templates use ``{slot}`` placeholders; a slot is a key of one of the POOLS
entries (or ``version``, which follows the thread's date). Only known slot
names are replaced, so ``{{date}}`` in a Lumen template or ``{id}`` in an API
path stay as written. A template whose slots cannot all be filled is skipped.
"""

from __future__ import annotations

from textwrap import dedent


def _d(text: str) -> str:
    return dedent(text).strip("\n")


SEED = 20240611
DEMO_EMAIL_DOMAIN = "demo.guildhall.test"
DEMO_PASSWORD = "guildhall-demo"
ADMIN = {"username": "admin", "email": "admin@demo.guildhall.test", "password": "guildhall-admin",
         "display_name": "Guildhall Admin"}
HISTORY_DAYS = 540  # about eighteen months

PRODUCT = {
    "name": "Lumen",
    "tagline": "Notes that follow you everywhere: desktop, mobile and web, synced and searchable.",
    "docs": "https://lumen.example/docs",
}

# Lumen releases, oldest first: a thread mentions the version current at its date.
VERSIONS = ["4.5.2", "4.6.0", "4.6.3", "4.7.0", "4.7.2", "4.8.0", "4.8.1", "4.9.0", "4.9.2", "5.0.1"]

# --- members ---------------------------------------------------------------
# (username, display name, bio, activity 1..5). Listed roughly in the order they
# joined: the first dozen were there from the start. ``team`` members work at Lumen.

MEMBERS = [
    ("mara.okafor", "Mara Okafor", "Product designer. Lives in daily notes and the command palette. Lumen user since the 3.x days.", 5),
    ("hannah-b", "Hannah Brooks", "Support engineer at Lumen. I answer here in my own time too; opinions are my own.", 5),
    ("jdelacroix", "Julien Delacroix", "Backend dev in Lyon. I write plugins when something annoys me for long enough.", 4),
    ("priya_k", "Priya Krishnan", "PhD student, 4,000+ notes on distributed systems and counting.", 4),
    ("grumpycat_dev", "Greg Mathers", "Keyboard only. If it needs a mouse, I'll find (or write) a shortcut for it.", 4),
    ("benji", "Ben Jacobs", "Lumen team, sync & storage. Ask me about conflict resolution.", 5),
    ("sofia.rossi", "Sofia Rossi", "UX researcher. Tag taxonomies are my love language.", 3),
    ("d.novak", "David Novák", "Linux on everything. I maintain the lumen-cli package for Arch.", 4),
    ("marcus.h", "Marcus Holm", "Lumen team, developer relations. API and plugin questions welcome.", 5),
    ("kenji.sato", "Kenji Sato", "iOS developer and occasional Shortcuts wizard.", 3),
    ("lina.haddad", "Lina Haddad", "Secondary school teacher. I plan lessons in Lumen and share notebooks with my class.", 3),
    ("tkowalski", "Tomasz Kowalski", "Migrated nine years of Evernote into Lumen. I still have the scars.", 3),
    ("oscar_m", "Óscar Medina", "Sysadmin. Self-hosts everything except, apparently, my notes.", 3),
    ("ruth.adeyemi", "Ruth Adeyemi", "Writing a novel one daily note at a time.", 2),
    ("aisha.b", "Aisha Bello", "Product manager at a fintech. Meeting notes, decisions, templates.", 3),
    ("emma.lindqvist", "Emma Lindqvist", "Researcher in Uppsala. Markdown purist.", 3),
    ("raj.patel", "Raj Patel", "Data engineer. I pipe Lumen notes into our wiki with the API.", 3),
    ("nina.h", "Nina Hoffmann", "Lumen team, billing and accounts support.", 4),
    ("noor", "Noor Al-Sayed", "Android user, tinkerer, beta tester whenever they let me.", 3),
    ("chloe.martin", "Chloé Martin", "Freelance translator. My notes are in three languages, sometimes in one sentence.", 2),
    ("yuki.t", "Yuki Tanaka", "Medical student. Outlines, flashcards and far too many tabs.", 2),
    ("p.oconnor", "Patrick O'Connor", "Runs a small design studio; Lumen Teams admin for twelve people.", 2),
    ("zara.m", "Zara Mensah", "Journalist. Heavy web clipper user.", 2),
    ("felix.wagner", "Felix Wagner", "Embedded engineer in Munich. Offline-first or nothing.", 3),
    ("isabel.c", "Isabel Cruz", "Architect (buildings, not software). Sketches and site notes on an iPad.", 2),
    ("leo_park", "Leo Park", "CS undergrad, learning by writing everything down.", 2),
    ("amelie.d", "Amélie Dubois", "Librarian. Ask me about tagging schemes, I dare you.", 3),
    ("samir.k", "Samir Khoury", "DevOps. Backups, or it didn't happen.", 3),
    ("olga.petrova", "Olga Petrova", "QA lead. I will find the edge case.", 2),
    ("carlos.r", "Carlos Ruiz", "Podcast producer: show notes, guest research, a lot of links.", 2),
    ("mei.lin", "Mei Lin", "Frontend developer. I write Lumen themes for fun.", 3),
    ("owen.g", "Owen Gallagher", "Windows at work, Android in my pocket. Reluctant early adopter.", 2),
    ("fatima.z", "Fatima Zahra", "Pharmacist studying for a master's. Lumen on my phone all day.", 2),
    ("elias.b", "Elias Berg", "Photographer; mostly here for the attachments questions.", 1),
    ("kate.w", "Kate Whitfield", "Project manager. Tasks in notes, notes in tasks.", 2),
    ("ananya.r", "Ananya Rao", "ML engineer. My notes have more code than prose.", 2),
    ("jonas.f", "Jonas Fischer", "Linux desktop, Vim keys, strong opinions held loosely.", 2),
    ("grace.o", "Grace Osei", "Nonprofit coordinator; our volunteer handbook lives in a shared Lumen notebook.", 1),
    ("victor.l", "Victor Lemaire", "Lawyer. Encryption and clean exports matter to me.", 1),
    ("ivy.chen", "Ivy Chen", "Illustrator and theme tinkerer.", 1),
    ("m.santos", "Miguel Santos", "Using Lumen since v3. Mostly lurking, occasionally useful.", 1),
    ("sara.n", "Sara Nilsson", "Teacher and parent. Evangelist of the shared family notebook.", 1),
    ("dmitri.v", "Dmitri Volkov", "Go developer. Wrote a small exporter for the Lumen API.", 2),
    ("tariq.h", "Tariq Hussain", "Student nurse. Quick capture saves my shifts.", 1),
    ("beatriz.a", "Beatriz Alves", "Product analyst in Lisbon. Tables everywhere.", 1),
]

TEAM = {"hannah-b", "benji", "marcus.h", "nina.h"}

# --- tags --------------------------------------------------------------------

TAGS = {
    "sync": "Lumen Sync between your devices: status, conflicts, speed.",
    "offline": "Working without a connection and keeping notebooks on the device.",
    "ios": "The iPhone and iPad apps.",
    "android": "The Android app, widgets and share sheet.",
    "windows": "The Windows desktop app.",
    "macos": "The macOS desktop app.",
    "linux": "The Linux desktop app (AppImage, .deb, Flatpak).",
    "web": "The web app at app.lumen.example.",
    "markdown": "Writing in Markdown: tables, code blocks, math, callouts.",
    "editor": "The editor itself: formatting, pasting, blocks, themes.",
    "api": "The REST API (v2), tokens, pagination and rate limits.",
    "webhooks": "Webhooks sent by Lumen when notes change.",
    "cli": "The lumen-cli command line tool.",
    "plugins": "Installing, using and writing plugins.",
    "billing": "Plans, invoices, refunds and App Store / Google Play subscriptions.",
    "account": "Sign-in, two-factor authentication, e-mail and account settings.",
    "export": "Getting notes out: Markdown, HTML, PDF, JSON.",
    "import": "Bringing notes in from other apps.",
    "sharing": "Public links, shared notebooks and team spaces.",
    "backup": "Local backups, version history and restoring.",
    "search": "Finding notes: operators, saved searches, the search index.",
    "attachments": "Images, PDFs and other files in notes.",
    "encryption": "Locked (end-to-end encrypted) notebooks and recovery keys.",
    "templates": "Note templates and their placeholders.",
    "tasks": "Checklists, due dates, reminders and the Tasks view.",
    "shortcuts": "Keyboard shortcuts, the command palette and quick capture.",
    "performance": "Speed, memory and battery use.",
    "web-clipper": "The browser extension that saves pages to Lumen.",
    "notebooks": "Organising notes: notebooks, nested notebooks, tags and links.",
}

# --- pools of slot values ----------------------------------------------------

_WIN = {"platform": "Windows", "platform_tag": "windows", "settings": "File → Settings", "mod": "Ctrl",
        "datadir": r"%APPDATA%\Lumen", "desktop": "Windows"}
_MAC = {"platform": "macOS", "platform_tag": "macos", "settings": "Lumen → Settings", "mod": "Cmd",
        "datadir": "~/Library/Application Support/Lumen", "desktop": "macOS"}
_LINUX = {"platform": "Linux", "platform_tag": "linux", "settings": "File → Settings", "mod": "Ctrl",
          "datadir": "~/.config/Lumen", "desktop": "Linux"}
_IOS = {"platform": "iOS", "platform_tag": "ios", "settings": "Settings (the gear at the bottom of the sidebar)"}
_ANDROID = {"platform": "Android", "platform_tag": "android", "settings": "Settings (the gear at the bottom of the sidebar)"}
_WEB = {"platform": "the web app", "platform_tag": "web", "settings": "Settings (your avatar, top right)"}

POOLS: dict[str, list[dict[str, str]]] = {
    "desktop": [_WIN, _MAC, _LINUX],
    "anyplatform": [_WIN, _MAC, _LINUX, _IOS, _ANDROID, _WEB],
    "synced": [_WIN, _MAC, _LINUX, _IOS, _ANDROID],
    "mobile": [
        {"mobile": "iOS", "mobile_tag": "ios", "device": "iPhone 14", "store": "the App Store"},
        {"mobile": "iOS", "mobile_tag": "ios", "device": "iPhone 12 mini", "store": "the App Store"},
        {"mobile": "iOS", "mobile_tag": "ios", "device": "iPad Air", "store": "the App Store"},
        {"mobile": "Android", "mobile_tag": "android", "device": "Pixel 8", "store": "Google Play"},
        {"mobile": "Android", "mobile_tag": "android", "device": "Galaxy S23", "store": "Google Play"},
        {"mobile": "Android", "mobile_tag": "android", "device": "OnePlus 11", "store": "Google Play"},
    ],
    "count": [{"n": n} for n in ("3", "7", "12", "48", "131", "264", "1,204")],
    "notecount": [{"notes": n} for n in ("6,000", "9,500", "12,000", "18,000", "25,000")],
    "browser": [
        {"browser": "Firefox", "browser_store": "addons.mozilla.org"},
        {"browser": "Safari", "browser_store": "the Mac App Store"},
        {"browser": "Chrome", "browser_store": "the Chrome Web Store"},
        {"browser": "Edge", "browser_store": "the Edge Add-ons site"},
        {"browser": "Brave", "browser_store": "the Chrome Web Store"},
    ],
    "lang": [
        {"lang": "Python", "lang_tool": "requests"},
        {"lang": "JavaScript", "lang_tool": "fetch"},
        {"lang": "Go", "lang_tool": "net/http"},
        {"lang": "a shell script", "lang_tool": "curl"},
    ],
    "source_app": [
        {
            "app": "Evernote", "app_files": "a folder of .enex files", "app_tag": "import",
            "app_answer": _d("""
                Evernote is the best supported import. Export each notebook from Evernote as **.enex** (right-click
                the notebook → *Export notebook…*), then in Lumen use **File → Import → Evernote (.enex)** and pick
                all the files at once. A few things to know:

                - Evernote tags become Lumen tags; nested tags are flattened to `parent/child`.
                - Reminders come across as tasks with due dates.
                - Notes with ink or scanned handwriting keep the image, not the text.

                Big accounts are fine, but do it on desktop: the mobile apps cannot import.
            """),
        },
        {
            "app": "Notion", "app_files": "a Markdown & CSV zip from Notion", "app_tag": "import",
            "app_answer": _d("""
                From Notion, choose *Settings → Export all workspace content*, format **Markdown & CSV**, and tick
                *Include subpages*. Unzip it, then in Lumen go to **File → Import → Markdown folder** and select the
                unzipped folder.

                Notion appends a 32-character ID to every file name (`Meeting notes 5f1c…d2.md`). Tick **Strip
                Notion IDs from titles** in the import dialog, otherwise your links and titles look awful.
                Databases arrive as Markdown tables, one note per database.
            """),
        },
        {
            "app": "OneNote", "app_files": "a couple of OneNote notebooks", "app_tag": "import",
            "app_answer": _d("""
                There is no direct OneNote importer (yet). What works today: sign in to OneNote on the web, open a
                section and use *Export → Word document* per page, or, for a lot of pages, the open source
                **onenote-md-exporter** tool, which writes one Markdown file per page with an `assets` folder.
                Then **File → Import → Markdown folder** in Lumen.

                Ink and free-positioned text boxes don't survive in either route, so check your most visual pages.
            """),
        },
        {
            "app": "Apple Notes", "app_files": "about 800 notes in Apple Notes", "app_tag": "import",
            "app_answer": _d("""
                Apple Notes has no bulk export, which is the real obstacle. On a Mac, the free **Exporter** app from
                the Mac App Store writes every note to Markdown (with attachments in a folder next to it). Then use
                **File → Import → Markdown folder** in Lumen.

                Locked Apple Notes are skipped by every exporter I know; unlock them first.
            """),
        },
        {
            "app": "Obsidian", "app_files": "an Obsidian vault", "app_tag": "import",
            "app_answer": _d("""
                An Obsidian vault is already Markdown, so use **File → Import → Markdown folder** and point it at the
                vault. Tick **Convert [[wiki-links]]** and **Keep folder structure as notebooks**.

                Front matter (`tags:` and `aliases:`) is read: tags become Lumen tags, aliases become alternative
                titles for the quick switcher. Plugin-specific syntax (Dataview queries, for example) comes across
                as plain text.
            """),
        },
        {
            "app": "Google Keep", "app_files": "a Google Takeout archive of Keep", "app_tag": "import",
            "app_answer": _d("""
                Use [Google Takeout](https://takeout.google.com/) and select only *Keep*. The archive has one
                `.json` and one `.html` file per note.
                Lumen reads the JSON ones: **File → Import → Google Keep (Takeout)** and select the `Keep` folder.

                Labels become tags, checklists become task lists, and colours are dropped. Archived notes are
                imported into a notebook called *Keep archive* so they don't flood your inbox.
            """),
        },
        {
            "app": "Joplin", "app_files": "a Joplin export (JEX)", "app_tag": "import",
            "app_answer": _d("""
                Skip JEX and export from Joplin as **Markdown + Front Matter** (*File → Export all*). Then **File →
                Import → Markdown folder** in Lumen.

                Joplin's resource links (`:/3a8b…`) are rewritten to attachments by the importer as long as the
                `_resources` folder sits next to the notes, which it does if you export everything in one go.
            """),
        },
        {
            "app": "Bear", "app_files": "a Bear backup", "app_tag": "import",
            "app_answer": _d("""
                In Bear, *File → Export notes…* with format **Markdown** and *Export attachments* ticked. Then **File →
                Import → Markdown folder** in Lumen.

                Bear's nested tags like `#work/clients` come through as `work/clients`. Bear highlights (`::text::`)
                are not standard Markdown; the importer turns them into `==text==`, which Lumen renders as a highlight.
            """),
        },
    ],
    "shortcut": [
        {"sc_no": "1", "sc_keys": "Ctrl/Cmd+K", "sc_what": "opens the command palette",
         "sc_body": "Everything the menus can do is in the palette, and it remembers what you used last. Type `exp md` and you get *Export note as Markdown*; type `theme` to switch themes without opening Settings.",
         "sc_extra": "Plugins register their commands here too, so it's the fastest way to find what a new plugin added."},
        {"sc_no": "2", "sc_keys": "Ctrl/Cmd+P", "sc_what": "jumps to any note by title",
         "sc_body": "The quick switcher matches fuzzily on titles and aliases: `mtg plan q3` finds *Meeting: planning for Q3*. Hold Shift while pressing Enter to open the note in a new pane.",
         "sc_extra": "If you type a title that doesn't exist, Enter creates the note."},
        {"sc_no": "3", "sc_keys": "Ctrl/Cmd+Shift+D", "sc_what": "opens today's daily note",
         "sc_body": "It creates the note from your daily template if it doesn't exist yet. Combined with a template that has a `## Log` section, it's a one-keystroke journal.",
         "sc_extra": "Alt+← and Alt+→ inside a daily note move to the previous and next day."},
        {"sc_no": "4", "sc_keys": "Ctrl/Cmd+E", "sc_what": "toggles between editing and reading view",
         "sc_body": "Reading view renders everything (tables, math, diagrams) and hides the Markdown. Handy for long notes that you mostly read, such as reference pages.",
         "sc_extra": "You can make reading view the default per notebook: right-click the notebook → *Open notes in reading view*."},
        {"sc_no": "5", "sc_keys": "Alt+↑ / Alt+↓", "sc_what": "moves the current line or block",
         "sc_body": "On a list item it moves the item together with its children, which makes reordering outlines painless. Select several lines first to move them all.",
         "sc_extra": "Add Shift (Alt+Shift+↓) to duplicate the line instead of moving it."},
        {"sc_no": "6", "sc_keys": "Ctrl/Cmd+Shift+V", "sc_what": "pastes as plain text",
         "sc_body": "No more fonts and background colours from web pages or e-mails. If you always want this, there is a setting: *Editor → Paste → Always paste as plain text*.",
         "sc_extra": "Links are kept as Markdown links even in plain-text mode."},
        {"sc_no": "7", "sc_keys": "Ctrl/Cmd+L", "sc_what": "inserts a link to another note",
         "sc_body": "It opens a little search box; pick a note and you get a `[[wiki-link]]`. With text selected, the selection becomes the link label.",
         "sc_extra": "Typing `[[` does the same thing, but the shortcut also works when text is selected."},
        {"sc_no": "8", "sc_keys": "Ctrl/Cmd+Enter", "sc_what": "ticks and unticks a checkbox",
         "sc_body": "On a plain list item it turns the item into a task first. Works on several selected lines at once, which is lovely for the end-of-day review.",
         "sc_extra": "Completed tasks can be hidden per note with the eye icon in the toolbar."},
        {"sc_no": "9", "sc_keys": "Ctrl/Cmd+Shift+Space", "sc_what": "opens quick capture from anywhere",
         "sc_body": "It's a global hotkey: it works even when Lumen is in the background. What you type goes to your Inbox notebook (or to today's daily note, see *Settings → Quick capture*).",
         "sc_extra": "On Linux under Wayland, global hotkeys need the desktop's own shortcut settings; see the pinned thread about Wayland."},
        {"sc_no": "10", "sc_keys": "Ctrl/Cmd+Alt+←", "sc_what": "goes back to the previous note",
         "sc_body": "Like the back button in a browser, including the cursor position. Ctrl/Cmd+Alt+→ goes forward again.",
         "sc_extra": "Mouse back/forward buttons do the same if your mouse has them."},
        {"sc_no": "11", "sc_keys": "Ctrl/Cmd+Shift+F", "sc_what": "searches every notebook",
         "sc_body": "Ctrl/Cmd+F searches the current note; add Shift and you search everything, with all the operators (`tag:`, `in:`, `has:`…).",
         "sc_extra": "Press ↓ from the search box to move into the results without touching the mouse."},
        {"sc_no": "12", "sc_keys": "Ctrl/Cmd+D", "sc_what": "selects the next occurrence",
         "sc_body": "Multi-cursor editing, like in code editors: press it repeatedly to add the next match, then type to change them all at once. Great for renaming a term in one note.",
         "sc_extra": "Escape goes back to a single cursor."},
        {"sc_no": "13", "sc_keys": "Ctrl/Cmd+\\", "sc_what": "splits the editor",
         "sc_body": "Opens the current note in a second pane. I keep the source material on the left and write on the right.",
         "sc_extra": "Drag a note from the sidebar into a pane to open it there."},
        {"sc_no": "14", "sc_keys": "Ctrl/Cmd+Shift+T", "sc_what": "reopens the note you just closed",
         "sc_body": "Closed the wrong pane or tab? This brings it back with its scroll position. It remembers the last 20 closed notes.",
         "sc_extra": "That's the last one in this series; thanks for all the replies and suggestions, everyone!"},
    ],
    "template": [
        {"tpl_name": "weekly review", "tpl_tags": "tasks",
         "tpl_intro": "Every Friday afternoon I spend fifteen minutes on this. The queries pull in what I finished and what slipped.",
         "tpl_code": "# Week {{date:YYYY-[W]WW}}\n\n## Done\n```lumen-query\nis:task is:done done:this-week\n```\n\n## Slipped\n```lumen-query\nis:task -is:done due:before-today\n```\n\n## Next week, top three\n1. {{cursor}}\n2.\n3."},
        {"tpl_name": "meeting notes", "tpl_tags": "tasks",
         "tpl_intro": "Simple on purpose. The action items become real tasks, so they show up in the Tasks view with the meeting linked.",
         "tpl_code": "# {{title}}\n*{{date:dddd D MMMM YYYY}}, {{time}}*\n\n**Attendees:** \n\n## Agenda\n- {{cursor}}\n\n## Decisions\n- \n\n## Action items\n- [ ] "},
        {"tpl_name": "reading log", "tpl_tags": "markdown",
         "tpl_intro": "One note per book, all in a *Reading* notebook. The front matter makes them sortable in table view.",
         "tpl_code": "---\nauthor: \nstarted: {{date}}\nfinished: \nrating: \n---\n# {{title}}\n\n## Why I picked it up\n{{cursor}}\n\n## Notes\n\n## Quotes\n> "},
        {"tpl_name": "bug report", "tpl_tags": "markdown",
         "tpl_intro": "We use this in our team space so that every bug note has the same shape. Support people love it.",
         "tpl_code": "# Bug: {{title}}\n\n**Version:** \n**Platform:** \n\n## Steps to reproduce\n1. {{cursor}}\n\n## What happened\n\n## What I expected\n\n## Logs\n```text\n\n```"},
        {"tpl_name": "daily note", "tpl_tags": "tasks",
         "tpl_intro": "My daily template after two years of fiddling. The carried-over tasks query is the part I can't live without.",
         "tpl_code": "# {{date:dddd, D MMMM}}\n\n## Carried over\n```lumen-query\nis:task -is:done due:before-today\n```\n\n## Today\n- [ ] {{cursor}}\n\n## Log\n"},
        {"tpl_name": "recipe card", "tpl_tags": "markdown",
         "tpl_intro": "Not everything is work. Our family recipe notebook uses this; the table scales nicely on a phone.",
         "tpl_code": "# {{title}}\n*Serves:*  · *Time:* \n\n| Ingredient | Amount |\n|---|---|\n| {{cursor}} | |\n\n## Steps\n1.\n\n## Notes from last time\n"},
        {"tpl_name": "1:1 notes", "tpl_tags": "tasks",
         "tpl_intro": "I keep one running note per person and prepend a new section with this template before every 1:1.",
         "tpl_code": "## {{date}}\n\n**Wins since last time**\n- {{cursor}}\n\n**Blockers**\n- \n\n**Asks**\n- \n\n**Follow-ups**\n- [ ] "},
        {"tpl_name": "lesson plan", "tpl_tags": "sharing",
         "tpl_intro": "Shared with the other teachers in my department. Everyone duplicates it into their own notebook.",
         "tpl_code": "# {{title}}\n**Class:**  · **Duration:** 50 min\n\n## Objectives\n- {{cursor}}\n\n## Starter (10 min)\n\n## Main activity (30 min)\n\n## Plenary (10 min)\n\n## Homework\n"},
        {"tpl_name": "trip planner", "tpl_tags": "offline",
         "tpl_intro": "I mark the trip notebook *Keep offline* on my phone before leaving; everything below is then available on the plane.",
         "tpl_code": "# {{title}}\n\n## Bookings\n| What | When | Reference |\n|---|---|---|\n| {{cursor}} | | |\n\n## Packing\n- [ ] Passport\n- [ ] Chargers\n\n## Ideas\n"},
    ],
    "plugin": [
        {"plugin": "Kanban Board", "plugin_id": "kanban", "plugin_tag": "tasks",
         "plugin_pitch": "turn any list of tasks into columns",
         "plugin_body": "Headings become columns and tasks become cards; dragging a card rewrites the Markdown underneath, so the note stays readable without the plugin.",
         "plugin_tip": "Put `kanban: true` in a note's front matter to open it as a board by default."},
        {"plugin": "Natural Dates", "plugin_id": "natural-dates", "plugin_tag": "tasks",
         "plugin_pitch": "type \"next friday\" and get a real date",
         "plugin_body": "Type `@next friday` or `@in 3 days` and it becomes a proper due date. It understands English, French, German and Spanish.",
         "plugin_tip": "The date format follows *Settings → Editor → Date format*."},
        {"plugin": "Git Backup", "plugin_id": "git-backup", "plugin_tag": "backup",
         "plugin_pitch": "commit your notebooks to a Git repository",
         "plugin_body": "Every N minutes it writes your notes as Markdown into a local Git repository and commits; optionally it pushes. Desktop only, obviously.",
         "plugin_tip": "Exclude locked notebooks in the plugin's settings unless you really want decrypted copies on disk."},
        {"plugin": "Outline Focus", "plugin_id": "outline-focus", "plugin_tag": "editor",
         "plugin_pitch": "zoom into one branch of a long outline",
         "plugin_body": "Click a bullet to hoist it: everything else disappears until you press Escape. Brilliant for long outlines and meeting agendas.",
         "plugin_tip": "Breadcrumbs at the top let you zoom back out one level at a time."},
        {"plugin": "Citations", "plugin_id": "citations", "plugin_tag": "markdown",
         "plugin_pitch": "cite from your Zotero library",
         "plugin_body": "Type `[@` and search your Zotero (or any BibTeX file); it inserts a citation key and a formatted bibliography at the end of the note when you export.",
         "plugin_tip": "Export to PDF picks the citation style from the plugin's settings (APA, Chicago, IEEE…)."},
        {"plugin": "Spaced Repetition", "plugin_id": "srs", "plugin_tag": "markdown",
         "plugin_pitch": "flashcards from your own notes",
         "plugin_body": "Write `Question :: Answer` on one line, or a heading followed by `?`, and the plugin schedules reviews. The review queue lives in the sidebar.",
         "plugin_tip": "Reviews sync, because the schedule is stored in a hidden note rather than on the device."},
        {"plugin": "Readwise Sync", "plugin_id": "readwise", "plugin_tag": "import",
         "plugin_pitch": "your highlights from Kindle and articles in Lumen",
         "plugin_body": "Pulls highlights from Readwise into one note per book or article, appending new highlights instead of overwriting your own annotations.",
         "plugin_tip": "Set the target notebook first; the default is your Inbox, which gets crowded fast."},
        {"plugin": "Word Count Goals", "plugin_id": "word-goals", "plugin_tag": "editor",
         "plugin_pitch": "daily writing targets in the status bar",
         "plugin_body": "Shows words written today, per note and in total, with a goal you set. It counts only words you typed, not pasted ones.",
         "plugin_tip": "Right-click the status bar counter to set a goal for just the current note."},
        {"plugin": "Mermaid Live", "plugin_id": "mermaid-live", "plugin_tag": "markdown",
         "plugin_pitch": "live preview for Mermaid diagrams while you type",
         "plugin_body": "Lumen already renders ```` ```mermaid ```` blocks in reading view; this plugin shows the diagram beside the code as you edit, and points at the line with a syntax error.",
         "plugin_tip": "Export to PDF and HTML includes the rendered diagram as SVG."},
    ],
    "operator": [
        {"op": "tag:", "op_title": "combine tags with tag: and a minus sign",
         "op_body": "`tag:recipes -tag:dessert` finds recipes that aren't desserts. Several `tag:` terms must all match; use `tag:(a OR b)` for either.",
         "op_example": "tag:clients tag:invoice -tag:paid"},
        {"op": "in:", "op_title": "limit a search to one notebook with in:",
         "op_body": "`in:\"Work\"` searches only the Work notebook and its sub-notebooks. Quotes are needed when the name has spaces.",
         "op_example": "in:\"Research papers\" transformer"},
        {"op": "has:", "op_title": "find notes with attachments, links or tasks using has:",
         "op_body": "`has:attachment`, `has:image`, `has:pdf`, `has:link` and `has:task` all work, and combine with everything else.",
         "op_example": "has:pdf in:\"Contracts\""},
        {"op": "before:/after:", "op_title": "search by date with before: and after:",
         "op_body": "`after:2024-01-01 before:2024-04-01` finds notes created in Q1. Use `updated:` instead of the implicit *created* with `updated-after:`.",
         "op_example": "updated-after:2024-03-01 tag:project"},
        {"op": "is:", "op_title": "open tasks across all notes with is:task -is:done",
         "op_body": "`is:task` matches notes containing tasks; add `-is:done` for open ones and `due:today` or `due:before-today` for the urgent ones.",
         "op_example": "is:task -is:done due:this-week"},
        {"op": "\"…\"", "op_title": "exact phrases and the minus sign",
         "op_body": "Quotes match an exact phrase (`\"sync conflict\"`), and a leading minus excludes a word. By default Lumen matches word stems, so `sync` also finds *syncing*.",
         "op_example": "\"release notes\" -draft"},
        {"op": "title:", "op_title": "search only in titles with title:",
         "op_body": "`title:invoice` ignores the body completely, which is much faster and much more precise in big accounts.",
         "op_example": "title:\"1:1\" after:2024-01-01"},
        {"op": "saved searches", "op_title": "pin a search to the sidebar as a saved search",
         "op_body": "Run any search, then click the star in the search box. Saved searches appear under the notebooks and update live, which makes them work like smart folders.",
         "op_example": "is:task -is:done tag:waiting-for"},
    ],
}

# --- questions ---------------------------------------------------------------
# A topic is one problem people keep asking about. Its ``variants`` are the
# different ways it comes up: each variant's titles, bodies and answers belong
# together; the topic's own ``answers`` fit every variant. ``nature`` picks the
# generic answers that may join in: "trouble" (the default), "howto" or "account".
# ``comments`` may be plain text or (comment, the asker's reply).

_DATE_FORMAT_ANSWERS = [
    _d("""
        Placeholders take a format after a colon, with the usual tokens:

        ```text
        {{date:dddd D MMMM}}      → Tuesday 14 May
        {{date+1d:YYYY-MM-DD}}    → tomorrow
        {{date:[W]WW}}            → W20
        {{time:HH:mm}}            → 09:41
        ```

        Square brackets escape literal text.
    """),
    _d("""
        And if you always want the same format, set *Settings → Editor → Date format*; plain `{{date}}` then
        uses it everywhere.
    """),
]

QUESTIONS = [
    {
        "key": "sync-stuck", "uses": 4, "slots": ["synced", "count"], "tags": ["sync", "{platform_tag}"],
        "titles": [
            "Sync stuck at \"{n} changes pending\" on {platform}",
            "{platform} app never finishes syncing since updating to {version}",
            "Sync spinner keeps going forever on {platform}",
            "Edits made on {platform} don't show up on my other devices",
        ],
        "bodies": [
            _d("""
                Since yesterday the sync status on {platform} says **{n} changes pending** and the number never goes down.
                My other devices are fine and show each other's edits, just not the ones from this one.

                What I tried:

                - quitting and restarting the app
                - checking that I'm signed in to the same account everywhere
                - toggling airplane mode

                Nothing helped. I'm nervous about signing out because of the unsynced changes.
            """),
            _d("""
                The sync icon on {platform} has been spinning for hours. If I edit a note here, my other devices never
                get it. Help → Show logs ends with lines like this, repeated:

                ```text
                [sync] push batch 3/9 failed: 409 revision mismatch, retrying in 60s
                ```

                Is there a way to kick it without losing what's pending?
            """),
        ],
        "answers": [
            _d("""
                That `409 revision mismatch` means the server has a newer revision of one note than the one your device
                is trying to update, and the client keeps retrying the same batch. Don't sign out. Instead:

                1. Open {settings} → **Sync → Advanced**.
                2. Click **Resolve stuck changes**. It pushes each pending change on its own, and if one conflicts it
                   saves your version as a *conflict copy* next to the original instead of retrying forever.
                3. Search for `title:"conflict"` afterwards and merge what you need.

                Nothing is deleted in this process.
            """),
            _d("""
                This was a known bug in {version} with notes that had been moved between notebooks on two devices at
                the same time. The fix is in the next release; until then **Sync → Advanced → Resolve stuck changes**
                gets you unstuck. If the button isn't there, you are on an older build; update first.
            """),
            _d("""
                Same thing happened to me after restoring a device from a backup. The local database thought it was
                at a revision the server had never seen. What fixed it: *Export everything* first (File → Export → All
                notebooks, Markdown) as a safety net, then **Sync → Advanced → Rebuild local cache**. It downloads
                everything again and re-applies the pending changes on top. Took about ten minutes for ~3k notes.
            """),
            _d("""
                Check the clock on the device. I had a {platform} device whose clock was off by a couple of hours and
                sync refused to push because the timestamps looked like they came from the future. Fixing the clock
                (turning automatic time back on) fixed sync instantly.
            """),
        ],
        "comments": [
            ("Did anything change on that device recently, e.g. restored from a backup or a new OS version?",
             "Not that I know of. It just started one morning."),
            "Is it always the same note? The log usually names the note ID just before the error.",
        ],
    },
    {
        "key": "sync-conflict", "uses": 2, "slots": ["synced"], "tags": ["sync", "{platform_tag}"],
        "titles": [
            "Why do I get \"conflict copy\" notes when I only edit on one device at a time?",
            "Conflict copies appearing every day after editing on {platform}",
            "How does Lumen decide which version wins in a sync conflict?",
            "Duplicate notes with \"(conflict)\" in the title since {version}",
        ],
        "bodies": [
            _d("""
                I get a note called *Shopping (conflict …)* almost every day. I only ever edit on one device at a
                time: phone in the morning, {platform} during the day. Why does Lumen think there is a conflict, and
                can I make it merge automatically?
            """),
            _d("""
                My daily note now exists twice most days, once with `(conflict)` in the title. The content differs by a
                line or two. I'd like to understand the rules before I start merging things by hand, because I'm
                afraid of losing text.
            """),
        ],
        "answers": [
            _d("""
                A conflict happens when two devices change the same note from the same starting revision before either
                has synced. "One device at a time" isn't enough if the first device hadn't finished pushing when you
                switched. Classic case: you close the laptop lid right after typing, the phone opens the old version,
                you add a line, and now there are two children of the same revision.

                Lumen merges automatically when the edits touch different paragraphs. It only creates a conflict copy
                when the **same paragraph** changed on both sides, because guessing there loses text.

                Two things help a lot:

                - *Settings → Sync → Sync before sleep* (desktop) waits for the push before the machine sleeps;
                - on mobile, pull down on the note list before editing to make sure you have the latest version.
            """),
            _d("""
                The original keeps the version that reached the server first; the conflict copy is the one that arrived
                second. So the copy isn't necessarily the "wrong" one. Open both, use **Note → Compare with…** to see a
                side-by-side diff, keep what you need and delete the copy. Deleting a conflict copy never touches the
                original.
            """),
            _d("""
                Daily notes are the usual suspect because the daily template runs on *every* device when the day
                starts. If two devices create today's note before syncing, you get two. There is *Settings → Daily
                notes → Create only after the first sync of the day*, which fixed it for me completely.
            """),
        ],
        "comments": [
            ("Are all your devices on the same version? Mixed versions used to cause extra conflicts.",
             "Good question. The phone was one version behind, updated now."),
            ("Does it happen with all notes or mostly with the daily note?", "Mostly the daily note, now that I look."),
        ],
    },
    {
        "key": "offline-mobile", "uses": 2, "slots": ["mobile"], "tags": ["offline", "{mobile_tag}", "sync"],
        "titles": [
            "Notes not available offline on my {device}",
            "How do I keep a whole notebook offline on {mobile}?",
            "Lumen on {mobile} shows \"Download to view\" on the plane",
            "Offline mode on {device}: only recently opened notes work",
        ],
        "bodies": [
            _d("""
                I was on a train without signal and half of my notes on the {device} showed *Download to view*. I thought
                everything was stored on the phone. Which notes does the {mobile} app keep locally, and can I tell it
                to keep everything?
            """),
            _d("""
                Travelling next week with no data plan. On the {device}, how do I make sure my *Trip* and *Work*
                notebooks are fully available offline, attachments included?
            """),
        ],
        "answers": [
            _d("""
                On mobile, Lumen keeps the text of every note but downloads **attachments** and notes from large
                notebooks only when you open them, to save space. To keep a notebook complete:

                1. Long-press the notebook in the sidebar.
                2. Turn on **Keep offline**.
                3. Wait until the little cloud icon next to it turns into a check mark.

                *Settings → Storage* shows how much space each offline notebook takes.
            """),
            _d("""
                There is also a global switch: *Settings → Sync → Download everything*. On a phone with lots of
                attachments this can be many gigabytes, so I prefer per-notebook **Keep offline**. Also make sure
                *Settings → Sync → Only on Wi-Fi* isn't blocking the download while you're on mobile data.
            """),
            _d("""
                One more {mobile} gotcha: if the OS is low on storage it may clear the app's cache, and Lumen's
                downloaded attachments live in the cache on purpose. Notebooks marked **Keep offline** are stored
                outside the cache and are not cleared.
            """),
        ],
        "comments": [("How much free space does the phone have? The OS can evict cached files when it's tight.",
                      "About 3 GB free, so not much.")],
    },
    {
        "key": "sync-slow-first", "uses": 2, "slots": ["synced", "notecount"], "tags": ["sync", "performance", "{platform_tag}"],
        "titles": [
            "Initial sync of {notes} notes on a new {platform} device takes forever",
            "First sync on {platform} stuck at 40% for hours",
            "How long should the first sync of a big account take?",
        ],
        "bodies": [
            _d("""
                New device, fresh install, signed in. The first sync of my account ({notes} notes, about 3 GB of
                attachments) has been running since this morning and is at 40%. Is this normal? Can I speed it up?
            """),
            _d("""
                Set up Lumen on {platform} for a colleague today. Their account has {notes} notes. After two hours the
                progress bar barely moves. The network is fine (fast office connection).
            """),
        ],
        "answers": [
            _d("""
                The first sync downloads notes first and attachments afterwards, and the percentage counts
                *bytes*, so it looks stuck while big PDFs come down. You can already use the notes during that phase.

                To speed it up: *Settings → Sync → Attachments → Download on demand*. Then the first sync only fetches
                text (minutes, not hours), and attachments come when you open them.
            """),
            _d("""
                Rough numbers from our side: text-only sync is around 2,000 notes per minute on a decent connection;
                attachments are limited by your bandwidth. If it's much slower than that, check whether an antivirus
                or a "battery saver" is throttling the app; on Windows, excluding the data folder from scanning helped
                a few people.
            """),
        ],
    },
    {
        "key": "deleted-note-back", "uses": 2, "slots": ["synced"], "tags": ["sync", "{platform_tag}"],
        "titles": [
            "Deleted notes keep coming back after sync",
            "Notes I deleted on {platform} reappear the next day",
            "Emptied the trash, old notes are back again",
        ],
        "bodies": [
            _d("""
                I cleaned up about 200 old notes on {platform} last week and emptied the trash. Today they are all back,
                in their old notebooks. What is resurrecting them?
            """),
            _d("""
                Every time I delete a particular set of notes they come back within a day. I have Lumen on three
                devices. I suspect one of them, but which?
            """),
        ],
        "answers": [
            _d("""
                A device that was offline for a long time and then syncs will re-upload notes it still has, *if* it
                hasn't seen the deletion. Normally the server's deletion wins, but when the other device also
                **edited** those notes (even just a re-save by a plugin), the edit wins, because Lumen never throws away
                edits silently.

                Look at *Note → History* on a resurrected note: the last revision tells you which device wrote it.
            """),
            _d("""
                In my case it was the Git Backup plugin with *two-way sync* enabled: it saw the notes in the repository
                and recreated them. Turning off two-way mode (or deleting the files from the repo as well) stopped it.
            """),
            _d("""
                Check for an old device you forgot about: *Settings → Account → Devices* lists every device that synced
                in the last 90 days. Revoke the ones you don't use; a revoked device can't push anything.
            """),
        ],
    },
    {
        "key": "import-app", "uses": 8, "slots": ["source_app"], "unique": "source_app", "nature": "howto",
        "tags": ["import"],
        "titles": [
            "Best way to import {app_files} into Lumen?",
            "Moving from {app} to Lumen: what survives the import?",
            "Importing from {app}: what should I check afterwards?",
        ],
        "bodies": [
            _d("""
                I'm finally moving from {app} to Lumen. I have {app_files}. What is the recommended route, and what
                should I check afterwards? I mostly care about tags, attachments and links between notes.
            """),
            _d("""
                Trying to bring {app_files} over. Before I spend a weekend on it: is there a list of what is and isn't
                supported when coming from {app}? Anything you wish you had known?
            """),
        ],
        "answers": [
            "{app_answer}",
            _d("""
                Whatever the source, import into a **new, empty notebook** first (the import dialog has a *Target
                notebook* option). Check a handful of your most complicated notes there before moving anything into
                your real notebooks; it's much easier to delete one notebook than to untangle a half-good import.
            """),
            _d("""
                After importing, run a search for `has:link -has:target`; it lists notes with links pointing to
                notes that didn't arrive. That's the quickest way to see what the importer missed.
            """),
        ],
        "comments": [
            ("Roughly how many notes? The importer behaves differently above ~10k.", "A bit under 3,000."),
            ("Do you use nested notebooks in the source app?", "Two levels at most."),
        ],
    },
    {
        "key": "export-markdown-links", "uses": 2, "nature": "howto", "tags": ["export", "markdown"],
        "titles": [
            "Wiki-links are broken after exporting to Markdown",
            "Exported Markdown: links between notes point to nothing",
            "How do I export notes so that [[links]] still work in other editors?",
        ],
        "bodies": [
            _d("""
                I exported a notebook to Markdown (File → Export → Markdown) to open it in VS Code. The files look
                fine, but every `[[Link to another note]]` is still in double brackets, and no other tool understands
                that. Is there an option to export standard Markdown links?
            """),
            _d("""
                I need to hand over a project notebook to a client as plain Markdown files. After exporting, the links
                between notes don't work. What settings do I need?
            """),
        ],
        "answers": [
            _d("""
                In the export dialog, open **Options** and set *Links* to **Standard Markdown links**. You then get
                links like this:

                ```markdown
                See the [deployment checklist](Deployment%20checklist.md) before Friday.
                ```

                The default keeps `[[wiki-links]]` because most people export to move to another note app that
                understands them.
            """),
            _d("""
                Also tick **Use relative paths** if you export several notebooks, otherwise links across notebooks
                point to the notebook root and break when the folder is moved.
            """),
            _d("""
                If you've already exported, a one-liner fixes simple cases (titles without `|` aliases):

                ```bash
                sed -E -i 's/\\[\\[([^]|]+)\\]\\]/[\\1](\\1.md)/g' *.md
                ```

                But re-exporting with the right option is cleaner: it also URL-encodes spaces.
            """),
        ],
    },
    {
        "key": "export-pdf", "uses": 2, "slots": ["desktop"], "tags": ["export", "{platform_tag}", "markdown"],
        "variants": [
            {
                "titles": ["PDF export cuts off long code blocks",
                           "Tables are cut off at the right edge when exporting to PDF on {platform}"],
                "bodies": [_d("""
                    When I export a note with a wide table or a long line in a code block to PDF, the right side is
                    simply cut off. Any way to make it wrap or shrink to fit? {platform}, Lumen {version}.
                """)],
                "answers": [
                    _d("""
                        The export dialog has **Page → Fit wide content**: tables are scaled down and code lines wrap.
                        It's off by default because wrapped code can be misleading. If you only want code to wrap, add a
                        custom CSS rule in the same dialog: `pre code { white-space: pre-wrap; }`.
                    """),
                    _d("""
                        Landscape orientation also helps for wide tables: *Page → Orientation → Landscape*. I keep a
                        second export preset called "Tables" with landscape and a smaller font.
                    """),
                ],
            },
            {
                "titles": ["Can I change the page margins and font for PDF export?",
                           "Making PDF exports look less plain on {platform}"],
                "bodies": [_d("""
                    I share meeting notes as PDF with people outside the company. The default looks a bit plain and the
                    margins are huge. Is there a way to customise the PDF export?
                """)],
                "answers": [
                    _d("""
                        Choose **Style → Custom CSS** in the export dialog and add something like:

                        ```css
                        @page { margin: 18mm 16mm; }
                        body { font-family: "Source Serif 4", serif; font-size: 10.5pt; }
                        h1 { border-bottom: 2px solid #333; }
                        ```

                        Fonts must be installed on the machine that exports.
                    """),
                    _d("""
                        Once it looks right, save it as a preset (*Export → Presets → Save as…*). I have one per client
                        with their logo in the header, and the preset remembers the CSS, paper size and margins.
                    """),
                ],
            },
        ],
    },
    {
        "key": "api-pagination", "uses": 2, "slots": ["lang"], "nature": "howto", "tags": ["api"],
        "titles": [
            "API only returns 50 notes from GET /v2/notes",
            "How does pagination work in the Lumen API? ({lang})",
            "Fetching all notes with the API from {lang}",
        ],
        "bodies": [
            _d("""
                I'm writing a small script in {lang} to list all my notes. `GET https://api.lumen.example/v2/notes`
                returns exactly 50 items, but I have a few thousand. There is a `next_cursor` field in the response;
                how am I supposed to use it?
            """),
            _d("""
                Building an export of my notes into our wiki, in {lang}. The API seems to return only the first page.
                What is the maximum page size and how do I get the rest?
            """),
        ],
        "answers": [
            _d("""
                Pass the cursor back as `?cursor=` until `next_cursor` is `null`. Page size is `limit`, max 200. In
                Python:

                ```python
                import requests

                session = requests.Session()
                session.headers["Authorization"] = f"Bearer {TOKEN}"
                url, params = "https://api.lumen.example/v2/notes", {"limit": 200}
                while True:
                    data = session.get(url, params=params, timeout=30).json()
                    for note in data["items"]:
                        print(note["id"], note["title"])
                    if not data["next_cursor"]:
                        break
                    params = {"limit": 200, "cursor": data["next_cursor"]}
                ```

                Cursors are stable even if notes change while you iterate, unlike page numbers.
            """),
            _d("""
                If you run this regularly, use `updated_since` instead of fetching everything each time:
                `GET /v2/notes?updated_since=2024-05-01T00:00:00Z`. Deleted notes come back as tombstones with
                `"deleted": true`, so your copy can stay in step.
            """),
            _d("""
                Note that the response doesn't include the body by default; add `fields=body_md` (or `body_html`) to
                the query. That trips up everyone once.
            """),
        ],
    },
    {
        "key": "api-401", "uses": 2, "slots": ["lang"], "tags": ["api", "account"],
        "variants": [
            {
                "titles": ["API returns 401 with a brand-new token",
                           "401 \"invalid_token\" from the API when calling it from {lang}"],
                "bodies": [_d("""
                    I created a token in *Settings → Account → API tokens* and every request returns:

                    ```json
                    {"error": "invalid_token", "detail": "The access token is missing or malformed."}
                    ```

                    I'm sending it as `Authorization: <the token>`. What am I missing?
                """)],
            },
            {
                "titles": ["Personal access token works in curl but not in my {lang} code"],
                "bodies": [_d("""
                    Same token: `curl` works, my {lang} code gets 401 `invalid_token`. I've printed the header and it
                    looks right to me.
                """)],
            },
        ],
        "answers": [
            _d("""
                The header needs the scheme: `Authorization: Bearer lum_pat_…`. Without `Bearer ` the server can't
                tell what kind of credential it is. With curl:

                ```bash
                curl -H "Authorization: Bearer $LUMEN_TOKEN" https://api.lumen.example/v2/me
                ```
            """),
            _d("""
                If `curl` works and your code doesn't, check for a trailing newline in the token: reading it from a file
                keeps the `\\n`, so strip it. Also, some HTTP clients drop the `Authorization` header when following a
                redirect; make sure you call `https://api.lumen.example` directly, not `http://`.
            """),
            _d("""
                Tokens are also scoped: a token created with *Read only* gets 403 (not 401) on writes. 401 really means
                "I can't read this token", so it's almost always formatting.
            """),
        ],
    },
    {
        "key": "api-rate-limit", "uses": 2, "nature": "howto", "tags": ["api", "performance"],
        "titles": [
            "429 Too Many Requests when updating notes through the API",
            "What are the API rate limits, and how do I stay under them?",
        ],
        "bodies": [
            _d("""
                My nightly job updates about 3,000 notes with `PATCH /v2/notes/{id}` and starts getting
                `429 Too Many Requests` after a minute or so. What are the limits? Is there a bulk endpoint?
            """),
        ],
        "answers": [
            _d("""
                120 requests per minute per token, with bursts of 20. Every response carries `X-RateLimit-Remaining`
                and, on 429, a `Retry-After` header in seconds. Respect that and you're fine.

                For bulk writes use `POST /v2/notes:batch` with up to 100 operations per request. That turns your
                3,000 PATCHes into 30 calls.
            """),
            _d("""
                A simple pattern that never hits the limit:

                ```python
                import time
                resp = session.patch(url, json=payload)
                if resp.status_code == 429:
                    time.sleep(int(resp.headers.get("Retry-After", "5")))
                    resp = session.patch(url, json=payload)
                ```

                Plus the batch endpoint, as said above.
            """),
        ],
    },
    {
        "key": "webhooks", "uses": 3, "tags": ["webhooks", "api"],
        "variants": [
            {
                "titles": ["Webhook for note.updated never fires", "My webhook only ever receives the test ping"],
                "bodies": [_d("""
                    I registered a webhook for `note.updated` pointing at my server. The test ping arrives, but editing
                    notes does nothing. Is there a delay, or a filter I need to set?
                """)],
                "answers": [
                    _d("""
                        Webhooks are **per notebook** unless you tick *All notebooks* when creating them. The test ping
                        ignores that filter, which is why it works. Edit the webhook and check the scope.

                        Also, `note.updated` is sent when the edit is *synced*, not while you type; a desktop client may
                        batch changes for up to 30 seconds.
                    """),
                    _d("""
                        *Integrations → Webhooks → (your webhook) → Deliveries* lists every attempt with the status code
                        your server returned. If nothing is listed, it's the scope; if you see 4xx/5xx, it's your endpoint.
                    """),
                ],
            },
            {
                "titles": ["How do I verify the signature on Lumen webhooks?",
                           "Verifying X-Lumen-Signature in my webhook endpoint"],
                "bodies": [_d("""
                    My endpoint receives webhooks from Lumen. How do I check they really come from Lumen? There's an
                    `X-Lumen-Signature` header but I can't get my computed value to match.
                """)],
                "answers": [
                    _d("""
                        The signature is an HMAC-SHA256 of the raw request body with your webhook secret, hex-encoded:

                        ```python
                        import hashlib, hmac

                        def is_from_lumen(body: bytes, header: str, secret: str) -> bool:
                            expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
                            return hmac.compare_digest(expected, header.removeprefix("sha256="))
                        ```

                        Compute it on the raw bytes, before any JSON parsing.
                    """),
                    _d("""
                        The classic mistake is parsing the JSON and re-serialising it before computing the HMAC; key order
                        and whitespace change and the signature never matches. Also check `X-Lumen-Timestamp` and reject
                        deliveries older than five minutes to avoid replays.
                    """),
                ],
            },
            {
                "titles": ["Webhooks arrive twice for the same change", "Duplicate webhook deliveries for a single edit"],
                "bodies": [_d("""
                    My endpoint gets two or three `note.updated` deliveries for one edit, a few seconds apart, and my
                    integration creates duplicate tickets. Is this expected?
                """)],
                "answers": [
                    _d("""
                        Deliveries are *at least once*: if your endpoint is slow to answer (over 10 s) Lumen retries, so
                        you get duplicates. Each delivery has an `X-Lumen-Delivery` ID; store the last few thousand and
                        ignore repeats, and answer 200 quickly before doing the real work.
                    """),
                    _d("""
                        Also, every sync of an edit is an update: if you type, pause, and type again, that can be two real
                        `note.updated` events with different delivery IDs. Debounce by note ID (I use 60 seconds).
                    """),
                ],
            },
        ],
    },
    {
        "key": "plugin-dev", "uses": 2, "slots": ["desktop"], "nature": "howto", "tags": ["plugins"],
        "variants": [
            {
                "titles": ["How do I reload my plugin without restarting Lumen?",
                           "Getting started writing a Lumen plugin on {platform}"],
                "bodies": [_d("""
                    I'm writing my first plugin (a small command that inserts the current week number). Every change
                    means quitting and restarting Lumen, which gets old fast. Is there a dev mode?
                """)],
            },
            {
                "titles": ["Plugin development: where do console.log messages go?",
                           "console.log output from my plugin doesn't show anywhere on {platform}"],
                "bodies": [_d("""
                    My plugin loads (it shows in the list) but the command does nothing. I have `console.log` calls in
                    it, but I can't see the output anywhere. Where do I look on {platform}?
                """)],
            },
        ],
        "answers": [
            _d("""
                Enable **Settings → Plugins → Developer mode**. You then get:

                - a *Reload plugins* command in the palette ({mod}+K → `reload`),
                - the developer tools ({mod}+Shift+I), where `console.log` output appears,
                - automatic reload when files in your plugin folder change, if you tick *Watch plugin folders*.

                Your plugin lives in `{datadir}/plugins/<your-plugin-id>/`.
            """),
            _d("""
                Start from the official [plugin template](https://lumen.example/docs/plugins/template), it has a
                working build with hot reload:

                ```bash
                npx create-lumen-plugin week-number
                cd week-number && npm run dev
                ```

                `npm run dev` builds into the plugins folder and triggers a reload on every save. Minimal command:

                ```ts
                export default definePlugin((lumen) => {
                  lumen.commands.register({
                    id: "insert-week",
                    title: "Insert ISO week number",
                    run: (editor) => editor.insert(`W${lumen.dates.isoWeek(new Date())}`),
                  });
                });
                ```
            """),
        ],
    },
    {
        "key": "plugin-broke", "uses": 2, "slots": ["desktop"], "tags": ["plugins", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Plugins stopped loading after updating to {version}",
                           "\"Plugin failed to load: incompatible API version\" after the update on {platform}"],
                "bodies": [_d("""
                    Updated to {version} this morning and now half my plugins show *Plugin failed to load: incompatible
                    API version*. Kanban and Natural Dates among them. Can I roll back, or is there a way to force-load
                    them?
                """)],
                "answers": [
                    _d("""
                        Each plugin declares the range of plugin API versions it supports in `lumen.plugin.json`
                        (`"minApiVersion"` / `"maxApiVersion"`). Big releases bump the API, and plugins that haven't been
                        updated are disabled instead of crashing the app. Most popular plugins were updated within a day;
                        *Settings → Plugins → Check for updates* fetches them.
                    """),
                    _d("""
                        If a plugin is abandoned you can bump `maxApiVersion` in its `lumen.plugin.json` yourself. It
                        often just works, but you're on your own if it doesn't. Don't do it for plugins that touch sync or
                        encryption.
                    """),
                ],
            },
            {
                "titles": ["All my community plugins disappeared on {platform}",
                           "Plugin list is empty after the update to {version}"],
                "bodies": [_d("""
                    After the latest update on {platform}, *Settings → Plugins* is empty. The files are still in the
                    plugins folder. Did something change?
                """)],
                "answers": [
                    _d("""
                        An empty list after updating usually means Lumen started in **safe mode** because something
                        crashed on the previous start. The title bar says *(safe mode)*. Restart normally from the
                        palette ({mod}+K → *Restart without safe mode*).
                    """),
                    _d("""
                        If you use the portable build, the update may have created a fresh data folder next to it.
                        *Settings → Plugins → Open plugins folder* shows which folder Lumen is actually reading; copy your
                        plugins there.
                    """),
                ],
            },
        ],
    },
    {
        "key": "billing-double", "uses": 2, "nature": "account", "tags": ["billing"],
        "variants": [
            {
                "titles": ["Charged twice for my Pro renewal this month", "Two identical charges on my card for Lumen Pro"],
                "bodies": [_d("""
                    My bank statement shows two charges from LUMEN LABS on the same day, both for the Pro plan. My account
                    page only shows one invoice. What happened and how do I get the second one back?
                """)],
                "answers": [
                    _d("""
                        Often the second "charge" is a card **authorisation** that the bank shows as pending; it
                        disappears within 3–5 business days without ever being taken. If it's still there after a week,
                        contact billing support from *Settings → Account → Billing → Get help* so we can see the payment
                        provider's side.
                    """),
                    _d("""
                        Happened to me once: I had subscribed on the web *and* in the iOS app. Apple billed one and Lumen
                        the other. *Settings → Account → Billing* shows "Managed by the App Store" if that's the case.
                    """),
                ],
            },
            {
                "titles": ["Why was I charged again after switching to the yearly plan?",
                           "Switched from monthly to yearly Pro, still paid for the month"],
                "bodies": [_d("""
                    I switched from monthly to yearly Pro last week and was charged the full year, while the monthly
                    charge from a few days earlier also stayed. Is the monthly one credited somewhere?
                """)],
                "answers": [
                    _d("""
                        When you switch from monthly to yearly, the unused part of the month is credited on the yearly
                        invoice, not refunded to the card. The invoice PDF shows a line *Unused time on Pro (monthly)*. If
                        you don't see that line, write to us and we'll sort it out; it's not supposed to happen.
                    """),
                    _d("""
                        Same here last spring; the credit was there, just easy to miss: a negative line near the bottom of
                        the yearly invoice (*Billing → Invoices → Download PDF*).
                    """),
                ],
            },
        ],
    },
    {
        "key": "billing-student", "uses": 2, "nature": "account", "tags": ["billing", "account"],
        "variants": [
            {
                "titles": ["Is there a student discount for Lumen Pro?"],
                "bodies": [_d("""
                    I'm a student and would love Pro for the bigger attachment limit. Is there an education discount,
                    and how do I apply?
                """)],
                "answers": [_d("""
                    Yes: 50% off Pro for students and teachers. Add your school e-mail address under *Settings →
                    Account → E-mail addresses*, verify it, then *Billing → Education discount*. It lasts a year and can be
                    renewed as long as the address still works.
                """)],
            },
            {
                "titles": ["Student discount: my university e-mail isn't recognised"],
                "bodies": [_d("""
                    Tried to claim the student discount, but my university's e-mail domain isn't accepted. It's a real
                    university, just not a `.edu` address.
                """)],
                "answers": [_d("""
                    The automatic check uses a list of academic domains, and it misses some. Send billing support a
                    photo of your student card (you can black out everything except your name, school and expiry date)
                    and they add the discount by hand. Took a day for me.
                """)],
            },
        ],
        "answers": ["Teachers qualify too, by the way. Same process, with your school address."],
    },
    {
        "key": "billing-appstore", "uses": 2, "slots": ["mobile"], "nature": "account", "tags": ["billing", "{mobile_tag}"],
        "variants": [
            {
                "titles": ["How do I move my subscription from {store} to billing on the website?"],
                "bodies": [_d("""
                    I subscribed to Pro in the {mobile} app years ago. I'd rather pay through the website now (our company
                    reimburses web invoices). How do I switch without losing Pro for a while?
                """)],
                "answers": [
                    _d("""
                        Subscriptions bought in the app can only be changed where they were bought. Cancel in {store}
                        and keep using Pro until the end of the period. On the last day, subscribe on the website; your
                        account simply stays Pro, with no overlap and no gap.
                    """),
                    "Tip: after cancelling in the store, the web account page shows the date Pro ends. Set a reminder "
                    "in Lumen for that day (meta, I know).",
                ],
            },
            {
                "titles": ["Cancel a Pro subscription bought through {store}"],
                "bodies": [_d("""
                    I want to cancel Pro, but the account page on the web says "Managed by {store}" and has no cancel
                    button. Where do I do it?
                """)],
                "answers": [_d("""
                    In the store itself: on iOS, *Settings → your name → Subscriptions → Lumen*; on Android, *Play
                    Store → your avatar → Payments & subscriptions → Subscriptions*. Lumen can't cancel store
                    subscriptions for you, we never see your payment details.
                """)],
            },
        ],
    },
    {
        "key": "billing-downgrade", "uses": 2, "nature": "account", "tags": ["billing", "account"],
        "variants": [
            {
                "titles": ["What happens to my notes if I downgrade from Pro to Free?"],
                "bodies": [_d("""
                    Money is tight this year, so I'm thinking of going back to Free. I have about 9 GB of attachments and
                    four devices. Do I lose anything? Will notes be deleted?
                """)],
                "answers": [
                    _d("""
                        Nothing is deleted, ever, because of a downgrade. On Free:

                        - all notes and attachments stay and sync; only *new* uploads count against the 100 MB/month limit;
                        - you can sync 2 devices; the others become read-only until you choose which ones stay;
                        - public links stop working, and version history is shortened to 30 days.
                    """),
                    _d("""
                        I downgraded last year and the only thing I really missed was full version history. Export a
                        backup before you switch if you care about old versions.
                    """),
                ],
            },
            {
                "titles": ["Downgrading to Free with more than two devices: which ones keep syncing?"],
                "bodies": [_d("""
                    If I downgrade, which of my devices stop syncing? Can I choose, and can I change my mind later?
                """)],
                "answers": [_d("""
                    You choose, in *Settings → Account → Devices*: tick the two that should sync. The others stay
                    readable but can't push changes. You can swap devices once a month.
                """)],
            },
        ],
    },
    {
        "key": "sharing-link", "uses": 2, "tags": ["sharing", "web"],
        "variants": [
            {
                "titles": ["Public link to a note shows \"Not found\"", "Shared link works for me but not for anyone else"],
                "bodies": [_d("""
                    I shared a note with *Share → Public link* and sent the link to a client. They get **Not found**.
                    When I open it in a private window I see the same. In my normal browser it works.
                """)],
                "answers": [
                    _d("""
                        It works for you because you're signed in; the link itself isn't published. Open *Share* and
                        check that **Anyone with the link can view** is on. If it is greyed out, the note is in a locked
                        (encrypted) notebook: those can never be public, by design.
                    """),
                    _d("""
                        Public links need Pro. If your Pro lapsed, existing links return Not found until you renew; they
                        come back with the same URLs afterwards.
                    """),
                ],
            },
            {
                "titles": ["Can I make a public link expire automatically?"],
                "bodies": [_d("""
                    I share reading lists with students through public links. Can I make links expire at the end of
                    term without remembering to turn each one off?
                """)],
                "answers": [
                    _d("""
                        Yes: *Share → Public link → Expires* lets you pick a date. You can also see and revoke all your
                        public links in one place under *Settings → Sharing → Public links*.
                    """),
                    "And *Settings → Sharing → Default link expiry* gives every new link an expiry automatically.",
                ],
            },
        ],
    },
    {
        "key": "sharing-perms", "uses": 3, "nature": "howto", "tags": ["sharing", "account"],
        "variants": [
            {
                "titles": ["Share a notebook read-only with some people and editable with others"],
                "bodies": [_d("""
                    Our volunteer handbook is a shared notebook. I want coordinators to edit it and everyone else only to
                    read. The share dialog seems to have one setting for everybody.
                """)],
                "answers": [
                    _d("""
                        Each person you invite has their own role; click the role next to their name in the share
                        dialog: **Can view**, **Can edit** or **Can manage** (edit + invite others). The link-based
                        invite has a single role, which is maybe what you saw. Invite the coordinators by e-mail with
                        *Can edit*, and use the link with *Can view* for everyone else.
                    """),
                    _d("""
                        Note that *Can view* members can still duplicate notes into their own notebooks. If that matters,
                        turn off *Allow copying* in the share dialog.
                    """),
                ],
            },
            {
                "titles": ["How do I transfer ownership of a shared notebook?"],
                "bodies": [_d("""
                    I'm leaving my job and own the team notebook everyone uses. How can I hand it over to a colleague
                    without breaking everyone's access?
                """)],
                "answers": [
                    _d("""
                        Give your colleague *Can manage*, then in the share dialog click your own name → **Make owner**.
                        They have to accept. Everyone keeps their access, and the notebook's storage then counts against
                        the new owner's plan.
                    """),
                    "If it's a Teams account, your admin can also reassign it from *Admin → Notebooks*, even after you've left.",
                ],
            },
            {
                "titles": ["Shared notebook: collaborators can't see the attachments"],
                "bodies": [_d("""
                    People I share a notebook with see grey boxes instead of the images and PDFs I added. The text is
                    fine.
                """)],
                "answers": [_d("""
                    Attachments in shared notebooks count against the *owner's* upload limit. If the owner is on Free and
                    over the monthly limit, new attachments stay on the uploader's device. That's almost always what
                    "collaborators can't see attachments" turns out to be.
                """)],
            },
        ],
    },
    {
        "key": "quick-capture", "uses": 2, "slots": ["desktop"], "tags": ["shortcuts", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Global quick capture shortcut doesn't work on {platform}",
                           "Quick capture hotkey does nothing when Lumen is in the background"],
                "bodies": [_d("""
                    The quick capture window works from inside Lumen, but the global shortcut ({mod}+Shift+Space) does
                    nothing when another app is focused. {platform}, Lumen {version}.
                """)],
                "answers": [
                    _d("""
                        On macOS, global hotkeys need Lumen to be allowed under *System Settings → Privacy & Security →
                        Accessibility*. On Linux with Wayland, apps can't register global hotkeys at all: add a custom
                        shortcut in your desktop settings that runs `lumen --quick-capture` instead.
                    """),
                    _d("""
                        Also check that *Run in background* is on ({settings} → General). If Lumen fully quits when you
                        close the window, there's nothing listening for the hotkey.
                    """),
                ],
            },
            {
                "titles": ["Can I change the quick capture hotkey on {platform}?"],
                "bodies": [_d("""
                    {mod}+Shift+Space is already used by another app on my {platform} machine. Where do I change Lumen's
                    global hotkey?
                """)],
                "answers": [
                    _d("""
                        *{settings} → Shortcuts → Global* lets you change or disable the quick capture hotkey. If the
                        field turns red, another app has already registered that combination and the OS won't give it to
                        Lumen.
                    """),
                    "I use {mod}+Alt+N; nothing else seems to want that one.",
                ],
            },
        ],
    },
    {
        "key": "vim-mode", "uses": 2, "slots": ["desktop"], "nature": "howto", "tags": ["shortcuts", "editor"],
        "variants": [
            {
                "titles": ["Is there a Vim mode in the editor?"],
                "bodies": [_d("""
                    I live in Vim everywhere else. Does Lumen's editor have Vim keybindings, and if yes, how complete are
                    they?
                """)],
                "answers": [_d("""
                    *{settings} → Editor → Keybindings → Vim*. It covers motions, text objects, registers, visual block,
                    `:s` substitutions and macros. Ex commands beyond `:w`, `:q` and `:s` aren't there.
                """)],
            },
            {
                "titles": ["Remapping keys in Vim mode: jk to leave insert mode"],
                "bodies": [_d("""
                    Vim mode is great, but I need `jk` to escape insert mode like in my `.vimrc`. Is there a way to map
                    keys?
                """)],
                "answers": [_d("""
                    Mappings go into *Editor → Keybindings → Vim → Startup commands*, one per line:

                    ```vim
                    imap jk <Esc>
                    nmap j gj
                    nmap k gk
                    ```

                    The last two make j/k move by visual line, which feels much better with wrapped paragraphs.
                """)],
            },
        ],
    },
    {
        "key": "search-missing", "uses": 2, "slots": ["synced"], "tags": ["search", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Search doesn't find notes that definitely contain the word",
                           "Search results incomplete on {platform} since {version}",
                           "New notes don't show up in search on {platform}"],
                "bodies": [_d("""
                    I search for `kubernetes` and get 4 results, but I know there are at least 30 notes with that word
                    (some of them in the title!). Other words work. {platform}, Lumen {version}.
                """)],
                "answers": [
                    _d("""
                        Sounds like the local search index is incomplete, typically after a crash during indexing.
                        Rebuild it: *{settings} → Search → Rebuild index*. With a few thousand notes it takes a minute or
                        two; search works (partially) while it runs.
                    """),
                    _d("""
                        Also check you're not in a notebook scope: if the search box shows a notebook chip (`in:Work`) on
                        the left, you're only searching that notebook. Backspace removes it.
                    """),
                ],
                "comments": [("Does searching with quotes (\"kubernetes\") make a difference?", "No, same 4 results."),
                             "Did the missing notes come from an import? Imported notes used to be indexed last."],
            },
            {
                "titles": ["Searching for a word with an accent finds nothing",
                           "Search ignores accents in my French notes on {platform}"],
                "bodies": [_d("""
                    My notes are in French and Spanish. Searching for `été` finds nothing, `ete` finds some notes but not
                    all of them. What's the trick?
                """)],
                "answers": [
                    _d("""
                        Check the language setting: *Settings → Search → Languages*. Lumen stems words per language, and
                        accents are folded only for the languages ticked there. Add French and Spanish and rebuild the
                        index.
                    """),
                    "After changing the languages, *Rebuild index* is needed; otherwise only new notes benefit.",
                ],
            },
        ],
    },
    {
        "key": "search-pdf", "uses": 2, "nature": "howto", "tags": ["search", "attachments"],
        "variants": [
            {
                "titles": ["Can Lumen search inside PDF attachments?"],
                "bodies": ["I attach lots of PDFs (papers, contracts). Does search look inside them, or only at the note text?"],
                "answers": [_d("""
                    PDFs with a text layer are indexed on all plans. Scanned PDFs go through OCR on Pro only, on the
                    server after upload, so it can take a few minutes. Results from attachments show a paperclip icon.
                    Use `has:pdf` to narrow down.
                """)],
            },
            {
                "titles": ["Text in photos of whiteboards isn't searchable"],
                "bodies": [_d("""
                    I photograph whiteboards in meetings. I read that Lumen can search text in images (I'm on Pro), but it
                    finds nothing in mine.
                """)],
                "answers": [_d("""
                    OCR works best with printed text; handwriting on a whiteboard is hit and miss. Taking the photo
                    straight on, with the *Document* mode of the camera in the mobile app, makes a real difference. Give
                    it a few minutes after upload too, OCR runs on the server.
                """)],
            },
        ],
    },
    {
        "key": "attach-size", "uses": 2, "slots": ["anyplatform"], "tags": ["attachments", "{platform_tag}"],
        "variants": [
            {
                "titles": ["\"Attachment too large\" on {platform} for a 40 MB PDF", "What's the maximum attachment size?"],
                "bodies": [_d("""
                    I'm on {platform} and dragging a 40 MB PDF into a note gives *Attachment too large*. The help page
                    says Pro allows much bigger files, and I'm on Pro.
                """)],
                "answers": [_d("""
                    If you're on Pro and see the Free limit, the app hasn't refreshed your plan: sign out and back in, or
                    *Settings → Account → Refresh plan*.
                """)],
            },
            {
                "titles": ["Attachment upload fails for a 300 MB video",
                           "Uploading a big video to a note on {platform} fails at 100%"],
                "bodies": [_d("""
                    Trying to attach a video recording of a workshop (about 300 MB). Upload goes to 100% and then fails.
                    Is there a limit?
                """)],
                "answers": [_d("""
                    For anything over the limit, put the file in your cloud storage and paste the link. Lumen shows a
                    preview card for most storage providers. Video playback inside notes isn't great anyway.
                """)],
            },
        ],
        "answers": ["Limits per file: **25 MB on Free, 250 MB on Pro and Teams**. The plan comparison page has the rest."],
    },
    {
        "key": "disk-usage", "uses": 2, "slots": ["desktop"], "tags": ["attachments", "performance", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Lumen uses 14 GB of disk on {platform}, how do I shrink it?"],
                "bodies": [_d("""
                    My laptop's SSD is full and Lumen's folder (`{datadir}`) is 14 GB. Most of my notes are text. What is
                    taking all that space?
                """)],
                "answers": [_d("""
                    Usually it's three things: downloaded attachments, local backups and the search index. *{settings}
                    → Storage* breaks it down. You can:

                    - switch attachments to *Download on demand* and click **Clear downloaded attachments**;
                    - reduce *Local backups → Keep* from 7 to 2;
                    - delete old versions with **Compact database**.
                """)],
            },
            {
                "titles": ["Can I move Lumen's data folder to another drive on {platform}?"],
                "bodies": [_d("""
                    I'd like to keep Lumen's data on my second drive. Is there a supported way to move the data folder on
                    {platform}?
                """)],
                "answers": [_d("""
                    Quit Lumen, move the folder, then start Lumen with `--data-dir` pointing to the new place (or set
                    `LUMEN_DATA_DIR`). A symlink also works but some backup tools don't follow it.
                """)],
            },
        ],
    },
    {
        "key": "encryption-forgot", "uses": 2, "nature": "account", "tags": ["encryption", "account"],
        "variants": [
            {"titles": ["Forgot the passphrase of a locked notebook"],
             "bodies": [_d("""
                 I locked a notebook with a passphrase last year and I can't remember it. Is there any way to recover
                 it? I do have my account password.
             """)]},
            {"titles": ["Can support unlock an encrypted notebook for the family?"],
             "bodies": [_d("""
                 My father passed away and his notes are in a locked notebook. We have access to his account. Can Lumen
                 support unlock it for the family?
             """)]},
        ],
        "answers": [
            _d("""
                I'm sorry, but no one can: locked notebooks are end-to-end encrypted with a key derived from the
                passphrase, and Lumen never has the passphrase or the key. The account password doesn't help.

                The only way back is the **recovery key** shown when the notebook was locked (a 24-word phrase).
                Search password managers, printouts and other notes for it.
            """),
            _d("""
                If a device still has the notebook **unlocked** (the mobile apps can keep it unlocked with Face ID or a
                fingerprint), don't sign out there! Open it and export the notes, or set a new passphrase from that
                device: *Notebook → Security → Change passphrase* only needs the device to be unlocked.
            """),
        ],
    },
    {
        "key": "encryption-how", "uses": 2, "nature": "account", "tags": ["encryption", "sync"],
        "titles": [
            "Is Lumen Sync end-to-end encrypted?",
            "Which parts of my data can Lumen staff read?",
        ],
        "bodies": [
            _d("""
                For work I need to know exactly what is encrypted where. Are normal notebooks end-to-end encrypted, or
                only locked ones? And who at Lumen could technically read my notes?
            """),
        ],
        "answers": [
            _d("""
                - **Normal notebooks**: encrypted in transit (TLS) and at rest on the servers, but Lumen holds the keys.
                  That's what makes server-side search, OCR, public links and web access possible.
                - **Locked notebooks**: end-to-end encrypted (XChaCha20-Poly1305, key from your passphrase with
                  Argon2id). The server only sees ciphertext, titles included.

                The [security white paper](https://lumen.example/security) goes into detail.
            """),
            _d("""
                Operationally: support staff cannot open note contents, even of normal notebooks, without you granting
                temporary access from *Settings → Account → Support access*. Access is logged and visible to you.
            """),
        ],
    },
    {
        "key": "backup-restore", "uses": 2, "slots": ["desktop"], "nature": "howto", "tags": ["backup", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Accidentally overwrote a long note, can I get yesterday's version back?",
                           "How do I get back an older version of a note?"],
                "bodies": [_d("""
                    I pasted over the whole content of a long note and only noticed today. Undo history is gone. Is there
                    a way to get back the version from yesterday?
                """)],
                "answers": [
                    _d("""
                        Start with **Note → History**: every synced version is there (30 days on Free, a year on Pro).
                        Pick yesterday's version and click *Restore*; the current text becomes a new version, so nothing is
                        lost.
                    """),
                    "If it's older than your plan's history, the daily local backups are the next place to look (see the other answers).",
                ],
            },
            {
                "titles": ["Where are the automatic backups stored on {platform}?", "How do I restore a notebook from a local backup?"],
                "bodies": [_d("""
                    The docs say Lumen makes automatic local backups. Where are they on {platform}, and how do I restore
                    only one notebook from them?
                """)],
                "answers": [
                    _d("""
                        Local backups are in `{datadir}/backups`, one zip per day, the last 7 kept. To restore part of
                        one: *{settings} → Backups → Open backup…* shows its notebooks in a read-only window; select what
                        you need and **Copy to my notebooks**.
                    """),
                    "Before anything risky (a big import, a plugin that rewrites notes) I click *Backups → Back up now*. Cheap insurance.",
                ],
            },
        ],
    },
    {
        "key": "backup-cli", "uses": 2, "tags": ["backup", "cli", "linux"],
        "variants": [
            {"titles": ["Automating backups to my NAS with lumen-cli",
                        "lumen-cli export in a cron job says \"not signed in\""],
             "bodies": [_d("""
                 I want a nightly Markdown export of all notebooks to my NAS. The CLI works interactively, but in cron
                 it fails with `error: not signed in`. How do people run it unattended?
             """)]},
            {"titles": ["Best way to back up Lumen from a headless server?"],
             "bodies": [_d("""
                 I have a small Linux box that runs my backups. Can I run lumen-cli there without a desktop session, and
                 how do I keep it from downloading everything every night?
             """)]},
        ],
        "answers": [
            _d("""
                Use a token instead of the interactive login. Create a read-only API token, then:

                ```bash
                export LUMEN_TOKEN=lum_pat_...
                lumen export --all --format md --attachments --out /mnt/nas/lumen/$(date +%F)
                ```

                In cron, put the token in a file readable only by you and `export LUMEN_TOKEN=$(cat ~/.lumen-token)` at
                the top of the script. `lumen login` stores a session in the desktop keyring, which cron can't reach.
            """),
            _d("""
                Add `--incremental --state ~/.cache/lumen-export.json` and it only rewrites notes that changed since
                the last run; my nightly run went from 6 minutes to 15 seconds. Rotate old folders with something like:

                ```bash
                find /mnt/nas/lumen -maxdepth 1 -type d -mtime +30 -exec rm -rf {} +
                ```
            """),
            _d("""
                Locked notebooks are skipped by the CLI unless you pass `--unlock` and type the passphrase, which
                defeats unattended runs. That's deliberate; keep a separate, manual backup for those.
            """),
        ],
    },
    {
        "key": "templates-date", "uses": 3, "nature": "howto", "tags": ["templates"],
        "variants": [
            {
                "titles": ["Change the date format in templates"],
                "answers": _DATE_FORMAT_ANSWERS,
                "bodies": [_d("""
                    My daily note template has `{{date}}` and it prints `2024-05-14`. I'd like `Tuesday 14 May`. Is there
                    a way to format it?
                """)],
            },
            {
                "titles": ["Template placeholder for tomorrow's date?"],
                "answers": _DATE_FORMAT_ANSWERS,
                "bodies": [_d("""
                    For my planning template I need tomorrow's date and the ISO week number. Which placeholders exist?
                """)],
            },
            {
                "titles": ["Templates: how do I put the cursor somewhere specific?"],
                "bodies": [_d("""
                    When I insert my meeting template, the cursor ends up at the very end of the note and I have to
                    scroll back up to the agenda. Can the template say where the cursor should go?
                """)],
                "answers": [
                    _d("""
                        Put `{{cursor}}` where you want it; it's removed when the template is applied and the cursor
                        lands there. There's also `{{selection}}`, which inserts the text that was selected when you ran
                        the template.
                    """),
                    "Full list of placeholders: [Template placeholders](https://lumen.example/docs/templates) in the "
                    "docs. It's short, worth a read.",
                ],
            },
        ],
        "answers": [],
    },
]

QUESTIONS += [
    {
        "key": "recurring-tasks", "uses": 3, "slots": ["mobile"], "tags": ["tasks", "{mobile_tag}"],
        "variants": [
            {
                "titles": ["Recurring tasks: repeat every other Monday?"],
                "bodies": [_d("""
                    Is there a way to make a task repeat, for example every other Monday? I'm using `@due(…)` dates now
                    and re-typing them every time, mostly on my {device}.
                """)],
                "answers": [
                    _d("""
                        Add `@repeat(…)` next to the due date:

                        ```markdown
                        - [ ] Water the plants @due(2024-04-01) @repeat(every 2 weeks on monday)
                        ```

                        When you tick it, Lumen unticks it and moves the due date to the next occurrence. Natural
                        language works for the rule; `@repeat(every weekday)` and `@repeat(monthly on the last friday)` too.
                    """),
                    "On mobile, long-press a task → *Repeat…* gives you a picker, so no typing needed.",
                ],
                "tags": ["tasks"],
            },
            {
                "titles": ["Reminders don't fire on my {device}", "Task reminders arrive hours late on {mobile}"],
                "bodies": [_d("""
                    I set a reminder on a task (`@remind(2024-04-02 08:30)`) and nothing happened on my {device}.
                    Notifications for Lumen are enabled.
                """)],
                "answers": [
                    _d("""
                        On {mobile}, reminders are scheduled by the app when it syncs. Battery savers that stop
                        background work prevent that. Allow Lumen to run in the background (on Android: *Battery →
                        Unrestricted*) and open the app once after setting the reminder.
                    """),
                    "Focus modes / Do Not Disturb silently swallow them too. Add Lumen to the allowed apps if reminders matter to you.",
                ],
            },
            {
                "titles": ["Task due dates vs. reminders, what's the difference?"],
                "bodies": [_d("""
                    I see both `@due(…)` and `@remind(…)` in the docs. Do I need both? Which one makes my phone buzz?
                """)],
                "answers": [_d("""
                    A due date just puts the task in *Today* / *Overdue* in the Tasks view; a reminder sends a
                    notification at a given time. You can have both on one task, e.g. due Friday, reminder Thursday 9:00.
                """)],
            },
        ],
    },
    {
        "key": "md-tables", "uses": 2, "nature": "howto", "tags": ["markdown", "editor"],
        "variants": [
            {
                "titles": ["Editing Markdown tables is painful, any tips?"],
                "bodies": [_d("""
                    I keep a lot of comparison tables in Lumen. Keeping the columns aligned by hand in Markdown is
                    tedious. Am I missing a table editor?
                """)],
                "answers": [
                    _d("""
                        Put the cursor in a table and press **Tab**: Lumen re-aligns the columns and moves to the next
                        cell. Right-click inside a table for *Insert row/column*, *Sort by column* and *Delete column*.
                    """),
                    "You can also paste cells from a spreadsheet; they become a Markdown table automatically.",
                ],
            },
            {
                "titles": ["How do I put a pipe character inside a table cell?"],
                "bodies": [_d("""
                    I need a literal `|` in a table cell (it's a shell command). It breaks the table. Escaping?
                """)],
                "answers": [_d("""
                    Escape it with a backslash: `\\|`. It works inside inline code in tables too, e.g. `` `ls \\| wc -l` ``,
                    which renders as `ls | wc -l`.
                """)],
            },
        ],
    },
    {
        "key": "md-math", "uses": 2, "nature": "howto", "tags": ["markdown", "editor"],
        "variants": [
            {"titles": ["Does Lumen support LaTeX math?"],
             "bodies": ["I'm taking lecture notes with a lot of formulas. Can I write LaTeX in Lumen, inline and as blocks?"]},
            {"titles": ["Inline math with single dollar signs isn't rendered"],
             "bodies": ["`$$…$$` blocks render nicely, but `$x^2$` inline stays as text. Is inline math supported?"]},
        ],
        "answers": [
            _d("""
                Yes, with KaTeX. Blocks with `$$`:

                ```markdown
                $$
                \\nabla \\cdot \\mathbf{E} = \\frac{\\rho}{\\varepsilon_0}
                $$
                ```

                Inline math is **off by default** because people write prices like $5 and $10. Turn it on in
                *Settings → Editor → Markdown → Inline math ($…$)*.
            """),
            _d("""
                If you need both prices and inline math, keep the setting off and use `\\(x^2\\)` for inline math;
                that syntax is always on.
            """),
        ],
    },
    {
        "key": "paste-format", "uses": 2, "slots": ["desktop"], "tags": ["editor", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Pasting from a web page brings weird formatting"],
                "bodies": [_d("""
                    When I paste from web pages, I get random bold, huge headings and sometimes tables that weren't
                    there. I just want the text with links.
                """)],
                "answers": [_d("""
                    {mod}+Shift+V pastes as plain text (links are kept as Markdown links). If you want that always:
                    *Settings → Editor → Paste → Always paste as plain text*, and then {mod}+Shift+V pastes *with*
                    formatting.
                """)],
            },
            {
                "titles": ["Pasting from Word turns bullet points into a table"],
                "bodies": [_d("""
                    Copying a bulleted list from Word on {platform} gives me a table with one bullet per row. Any fix?
                """)],
                "answers": [_d("""
                    Word puts the list into an HTML table for some layouts. Known issue; the workaround is plain-text
                    paste ({mod}+Shift+V), then select the lines and press {mod}+Shift+8 to make them a list again.
                """)],
            },
        ],
    },
    {
        "key": "perf-large", "uses": 2, "slots": ["desktop", "notecount"], "tags": ["performance", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Lumen gets slow with {notes} notes",
                           "Sidebar takes seconds to open a notebook with thousands of notes on {platform}"],
                "bodies": [_d("""
                    My account has grown to {notes} notes and Lumen on {platform} feels sluggish: switching notes takes a
                    second, search is slow, the fan spins. Any tuning tips?
                """)],
                "answers": [
                    _d("""
                        First, start in safe mode (hold Shift while launching). If it's fast there, a plugin is the
                        problem; plugins that scan all notes (backlink counters, tag clouds) are the usual suspects.

                        Otherwise: *Settings → Appearance → Reduce animations*, and turn off *Show note previews in list*.
                        With {notes} notes the previews alone are a lot of work.
                    """),
                    _d("""
                        Version {version} had a regression with large sidebars that was fixed in the following point
                        release. If you're on it, updating may be all you need.
                    """),
                ],
            },
            {
                "titles": ["Typing lag in one very long note on {platform}"],
                "bodies": [_d("""
                    In one long note (a log I append to daily, ~40k words) typing lags noticeably. Short notes are fine.
                """)],
                "answers": [
                    _d("""
                        Lumen renders live previews around the cursor, and very long notes with many images or diagrams
                        get slow. Split the log into one note per month (there's a *Split note at headings* command in the
                        palette); links keep working.
                    """),
                    "For that one note, *Note → Source mode* turns off live preview; typing is instant again.",
                ],
            },
        ],
    },
    {
        "key": "perf-startup", "uses": 2, "slots": ["desktop"], "tags": ["performance", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Lumen takes 30 seconds to start on {platform}"],
                "bodies": [_d("""
                    Since a few weeks, Lumen on {platform} takes about 30 seconds to show anything after launching. My
                    computer is not slow. Is there a way to see what it's doing?
                """)],
                "answers": [_d("""
                    *Help → Performance report* records what happens during startup and shows the slow parts. The usual
                    culprits: plugins doing work on load, a huge search index being verified after an unclean shutdown,
                    or an antivirus scanning `{datadir}`.
                """)],
            },
            {
                "titles": ["High CPU usage on {platform} even when idle"],
                "bodies": [_d("""
                    Lumen sits at 15–20% CPU on {platform} even when I'm not doing anything with it. Battery life has
                    suffered. Is that normal?
                """)],
                "answers": [_d("""
                    Idle CPU is almost always the search indexer catching up or a plugin polling something. Look at
                    *Help → Background tasks*. If indexing never finishes, *Rebuild index* once fixes it.
                """)],
            },
        ],
    },
    {
        "key": "ios-widget", "uses": 2, "tags": ["ios"],
        "variants": [
            {
                "titles": ["iOS home screen widget is blank"],
                "bodies": ["The *Recent notes* widget on my iPhone shows an empty grey box. Removing and re-adding it didn't help."],
                "answers": [_d("""
                    Widgets can't read notebooks that are **locked** or not kept offline. Blank widget = nothing it is
                    allowed to show. Pick a notebook in the widget's settings (long-press → *Edit widget*) that has
                    *Keep offline* on.
                """)],
            },
            {
                "titles": ["Lock screen widget for quick capture on iPhone?"],
                "bodies": ["Is there a lock screen widget to start a quick note on iOS? I've seen people with one."],
                "answers": [_d("""
                    Yes: long-press the lock screen → *Customise* → add the **Lumen: Quick capture** widget. It opens
                    straight into a new note. You can also map it to the Action Button on newer iPhones.
                """)],
            },
        ],
    },
    {
        "key": "android-share", "uses": 2, "tags": ["android", "web-clipper"],
        "variants": [
            {
                "titles": ["Android share sheet always saves to the wrong notebook"],
                "bodies": [_d("""
                    When I share something from Chrome to Lumen on Android, it goes to a notebook I deleted months ago (it
                    recreates it!). How do I change the target?
                """)],
                "answers": [_d("""
                    The share target notebook is set in *Settings → Share & capture → Default notebook*. If it points to
                    a deleted notebook, the app recreates it. Pick another one there, or choose *Ask every time*.
                """)],
            },
            {
                "titles": ["Sharing a web page to Lumen on Android only saves the URL"],
                "bodies": [_d("""
                    Sharing a web page from my browser to Lumen saves just the link, not the article. On desktop, the web
                    clipper saves the whole page.
                """)],
                "answers": [_d("""
                    In the share sheet, tap **Clip article** instead of **Save link** (the two Lumen entries). The choice
                    is remembered. Article clipping happens on the server, so it needs a connection.
                """)],
            },
        ],
    },
    {
        "key": "linux-wayland", "uses": 2, "tags": ["linux", "editor"],
        "variants": [
            {
                "titles": ["Blurry text on Linux with Wayland and fractional scaling"],
                "bodies": [_d("""
                    On GNOME with Wayland and 125% scaling, Lumen's text looks blurry while other apps are sharp.
                    AppImage version.
                """)],
                "answers": [_d("""
                    Lumen runs through XWayland by default. Start it with native Wayland:

                    ```bash
                    lumen --ozone-platform-hint=auto --enable-features=WaylandWindowDecorations
                    ```

                    To make it permanent, copy the `.desktop` file to `~/.local/share/applications/` and add those flags
                    to the `Exec=` line.
                """)],
            },
            {
                "titles": ["Flatpak version can't open attachments with external apps"],
                "bodies": [_d("""
                    Using the Flatpak. Double-clicking a PDF attachment does nothing. On the .deb version it opens in my
                    PDF viewer.
                """)],
                "answers": [_d("""
                    The Flatpak needs the portal to open files with other apps. Check `flatpak info --show-permissions
                    com.lumen.Lumen` and that `xdg-desktop-portal` plus your desktop's portal backend are installed. The
                    same issue hit me on a minimal Arch install.
                """)],
            },
        ],
    },
    {
        "key": "account-2fa", "uses": 2, "nature": "account", "tags": ["account"],
        "variants": [
            {
                "titles": ["Lost my phone, can't sign in because of two-factor authentication"],
                "bodies": [_d("""
                    My phone was stolen, and with it the authenticator app. Lumen asks for the 6-digit code on my new
                    laptop. I'm still signed in on my old laptop. What now?
                """)],
                "answers": [
                    _d("""
                        Use one of your **backup codes** (you got ten when enabling 2FA). If you don't have them: on the
                        old laptop where you're still signed in, go to *Settings → Account → Security* and generate new
                        backup codes or move 2FA to a new authenticator. That page asks for your password, not the code.
                    """),
                    _d("""
                        If you have neither backup codes nor a signed-in device, account recovery goes through support
                        and takes a few days, on purpose, because it's exactly what an attacker would try.
                    """),
                ],
            },
            {
                "titles": ["Two-factor authentication with a hardware security key?"],
                "bodies": ["Does Lumen support security keys (YubiKey) for 2FA, or only authenticator apps?"],
                "answers": [_d("""
                    Yes, passkeys and security keys (FIDO2/WebAuthn) are supported under *Settings → Account → Security →
                    Add a security key*. Register two keys so you have a spare.
                """)],
            },
        ],
    },
    {
        "key": "account-email", "uses": 2, "nature": "account", "tags": ["account"],
        "variants": [
            {
                "titles": ["How do I change the e-mail address on my account?"],
                "bodies": [_d("""
                    I signed up with my old work e-mail and I'm leaving that job. How do I change the address without
                    losing anything?
                """)],
                "answers": [_d("""
                    *Settings → Account → E-mail addresses → Add*, verify the new address, then make it **primary**.
                    Remove the old one afterwards. Do it before you lose access to the old mailbox, because removing it
                    sends a confirmation there.
                """)],
            },
            {
                "titles": ["Merge two Lumen accounts into one"],
                "bodies": [_d("""
                    I accidentally created a second account with a different e-mail and have notes in both. Can they be
                    merged?
                """)],
                "answers": [_d("""
                    Accounts can't be merged, but moving notes is easy: in the account you want to give up, share the
                    notebooks with the other account (*Can manage*), then transfer ownership. Or export and import as
                    Markdown, which loses version history.
                """)],
            },
        ],
    },
    {
        "key": "clipper", "uses": 3, "slots": ["browser"], "tags": ["web-clipper"],
        "variants": [
            {
                "titles": ["Web clipper in {browser} only saves the link", "Clipping in {browser} saves an empty note"],
                "bodies": [_d("""
                    Installed the web clipper from {browser_store}. Clicking it saves a note with just the page title and
                    URL, no content. I selected *Article*.
                """)],
                "answers": [
                    _d("""
                        In {browser}, check the extension has permission for the site: some browsers now ask per site.
                        Click the extension icon → *Allow on this site*, then clip again.
                    """),
                    _d("""
                        If the desktop app isn't running, clipping happens on the server, and some sites block it (paywalls,
                        cookie walls). With the desktop app running the extension clips locally and gets the page as you
                        see it.
                    """),
                ],
            },
            {
                "titles": ["{browser} extension: \"Could not connect to Lumen\""],
                "bodies": [_d("""
                    The {browser} extension says *Could not connect to Lumen* every time. The desktop app is running and
                    I'm signed in.
                """)],
                "answers": [_d("""
                    The extension clips through the desktop app when it's running (faster, works offline) and through the
                    server otherwise. *Could not connect* means the extension found neither: enable *Settings →
                    Integrations → Allow browser extension* in the desktop app, and the extension connects to it locally.
                """)],
            },
            {
                "titles": ["Clipping pages behind a login with the {browser} extension"],
                "bodies": [_d("""
                    Most of what I clip is on our company intranet. The clipper in {browser} saves the login page instead
                    of the article.
                """)],
                "answers": [_d("""
                    Pages behind a login can only be clipped locally (the server can't log in as you). Make sure the
                    desktop app is running and the extension shows the green dot; otherwise the server fallback only
                    gets the login page.
                """)],
            },
        ],
    },
    {
        "key": "cli-install", "uses": 2, "tags": ["cli", "linux"],
        "variants": [
            {
                "titles": ["Installing lumen-cli on Linux without npm"],
                "bodies": ["I'd like lumen-cli on a server without installing Node.js. Are there standalone binaries?"],
                "answers": [_d("""
                    Yes, there are static binaries for x86_64 and arm64 on the releases page
                    (<https://lumen.example/cli>). On Arch it's in the AUR as `lumen-cli-bin`.

                    ```bash
                    curl -LO https://lumen.example/cli/latest/lumen-linux-x86_64.tar.gz
                    tar xf lumen-linux-x86_64.tar.gz && sudo install lumen /usr/local/bin/
                    ```
                """)],
            },
            {
                "titles": ["lumen-cli: \"keyring not available\" on a server"],
                "bodies": ["`lumen login` on a server fails with `keyring not available`. It's a minimal Debian box without a desktop."],
                "answers": [_d("""
                    Without a keyring, skip `lumen login` and use a token: `export LUMEN_TOKEN=…`. The CLI reads it before
                    looking at the keyring. `--token-file` works too, if you prefer not to put it in the environment.
                """)],
            },
        ],
    },
    {
        "key": "dark-mode", "uses": 3, "slots": ["desktop"], "tags": ["editor", "{platform_tag}"],
        "variants": [
            {
                "titles": ["Dark mode doesn't follow the system setting on {platform}"],
                "bodies": [_d("""
                    {platform} switches to dark mode at sunset, but Lumen stays light until I restart it. The theme is
                    set to *Follow system*.
                """)],
                "answers": [_d("""
                    *Follow system* only checks at startup in {version}, unfortunately; live switching is coming. Until
                    then, {mod}+K → *Toggle dark mode* is the quickest way, and you can bind it to a shortcut.
                """)],
            },
            {
                "titles": ["Custom theme colours reset after every restart on {platform}"],
                "bodies": [_d("""
                    I tweaked the accent colour and the editor font in *Appearance*, and every time I restart Lumen on
                    {platform} they're back to the defaults. Is something not being saved?
                """)],
                "answers": [_d("""
                    Settings that reset on restart usually mean Lumen can't write its settings file. Check the
                    permissions of `{datadir}/settings.json`; after restoring from a backup it sometimes ends up
                    read-only.
                """)],
            },
            {
                "titles": ["Different colours for the editor and the sidebar?"],
                "bodies": [_d("""
                    I like a light editor but a dark sidebar. Themes seem to be all-or-nothing. Is there a way?
                """)],
                "answers": [_d("""
                    Per-area colours need a CSS snippet. For example, in *Appearance → CSS snippets*:

                    ```css
                    .sidebar { --background-primary: #1f2430; --text-normal: #d8dee9; }
                    ```

                    keeps the sidebar dark while the editor follows the theme.
                """)],
            },
        ],
    },
    {
        "key": "web-app", "uses": 2, "slots": ["browser"], "tags": ["web", "offline"],
        "variants": [
            {
                "titles": ["Does the web app work offline?"],
                "bodies": [_d("""
                    On my work computer I can't install apps, so I use the web app in {browser}. Can it work offline, like
                    on a train?
                """)],
                "answers": [_d("""
                    Partly. Install it as an app from the browser (the *Install* icon in the address bar) and turn on
                    *Settings → Offline → Keep recent notes offline*. It then caches your last 500 notes and syncs edits
                    when you're back online. Search only covers the cached notes while offline.
                """)],
            },
            {
                "titles": ["Web app in {browser} logs me out every day"],
                "bodies": [_d("""
                    The web app in {browser} asks me to sign in again every morning, even though I tick *Keep me signed
                    in*. Other sites remember me.
                """)],
                "answers": [_d("""
                    Being logged out daily is almost always the browser clearing cookies on exit (a privacy setting or an
                    extension). Add an exception for `app.lumen.example` and it will stick.
                """)],
            },
        ],
    },
    {
        "key": "rename-tag", "uses": 3, "nature": "howto", "tags": ["notebooks", "search"],
        "variants": [
            {
                "titles": ["Rename a tag across all notes at once?"],
                "bodies": [_d("""
                    I've been using `#todo-later` and want to rename it to `#someday` everywhere, in about 300 notes. Is
                    there a way to do that without editing each note?
                """)],
                "answers": [_d("""
                    Right-click the tag in the sidebar → **Rename**. It rewrites the tag in every note (including inline
                    `#tags` in the text) and creates one undo step. If the new name already exists, the two are merged.
                """)],
            },
            {
                "titles": ["Nested tags or nested notebooks, which should I use?"],
                "bodies": [_d("""
                    Starting fresh after an import. I can't decide between a deep notebook hierarchy and a flat set of
                    notebooks with nested tags. What do experienced users do, and what are the trade-offs in Lumen?
                """)],
                "answers": [
                    _d("""
                        Rule of thumb that has worked for me for years: **a note lives in exactly one notebook, but can
                        have many tags**. Notebooks for *where it belongs* (Work, Personal, a project), tags for *what it
                        is about* or *what state it is in*.
                    """),
                    "Sharing and offline settings work per notebook, which is another reason to keep notebooks few and meaningful.",
                ],
            },
            {
                "titles": ["Tags with different capitalisation show up twice in the sidebar"],
                "bodies": ["I have both `#Work` and `#work` in the sidebar after an import. Search treats them the same. How do I clean this up?"],
                "answers": [_d("""
                    Tags are case-insensitive in search, but the sidebar shows each spelling until you merge them.
                    Right-click → *Merge into…* and pick the spelling you want to keep.
                """)],
            },
        ],
    },
    {
        "key": "backlinks", "uses": 2, "nature": "howto", "tags": ["notebooks", "editor"],
        "variants": [
            {
                "titles": ["Backlinks panel doesn't show links from daily notes"],
                "bodies": [_d("""
                    I link to project notes from my daily notes all the time, but the project notes' backlinks panel is
                    empty. Links in normal notes show up fine.
                """)],
                "answers": [_d("""
                    Check *Settings → Daily notes → Exclude from backlinks*. Some people turn it on to keep backlinks
                    clean, and it's on by default if you imported from certain other apps.
                """)],
            },
            {
                "titles": ["Turn unlinked mentions into links in bulk?"],
                "bodies": [_d("""
                    The *Unlinked mentions* section lists 80 notes that mention a person's name without linking. Is there
                    a way to link them all at once?
                """)],
                "answers": [_d("""
                    Yes: in the backlinks panel, hover *Unlinked mentions* and click **Link all**. It shows a preview of
                    every change first, and you can untick the false positives.
                """)],
            },
        ],
    },
    {
        "key": "mobile-toolbar", "uses": 2, "slots": ["mobile"], "tags": ["editor", "{mobile_tag}"],
        "variants": [
            {
                "titles": ["Customise the Markdown toolbar above the keyboard on {mobile}"],
                "bodies": [_d("""
                    The toolbar above the keyboard on my {device} has buttons I never use and misses the ones I need
                    (checkbox, code). Can I change it?
                """)],
                "answers": [_d("""
                    Long-press any toolbar button → **Edit toolbar**. Drag buttons in and out; plugins' commands can be
                    added too. The order syncs between your mobile devices.
                """)],
            },
            {
                "titles": ["Typing on {device}: the editor jumps when the keyboard opens"],
                "bodies": [_d("""
                    On my {device}, when I tap into a long note, the view jumps around and the cursor line ends up hidden
                    behind the keyboard.
                """)],
                "answers": [_d("""
                    The jumping is a known issue with some third-party keyboards on {mobile}. Turning on *Settings →
                    Editor → Keep cursor above keyboard* fixes it for most people.
                """)],
            },
        ],
    },
    {
        "key": "teams-admin", "uses": 3, "nature": "account", "tags": ["account", "sharing"],
        "variants": [
            {
                "titles": ["Lumen Teams: remove someone who left, but keep their notes"],
                "bodies": [_d("""
                    One of our designers left the company. I'm the Teams admin. I want to remove her seat but keep
                    everything she wrote in our team space, and ideally her private notebooks too.
                """)],
                "answers": [_d("""
                    *Admin → Members → … → Remove from team* asks what to do with the person's content: notes in team
                    spaces stay (they belong to the team), and you can **transfer their private notebooks** to another
                    member. Do the transfer before removing; afterwards the private notebooks go with the personal account.
                """)],
            },
            {
                "titles": ["Teams admin: enforce two-factor authentication for everyone?"],
                "bodies": ["We're on Lumen Teams (12 people). Can I require 2FA for everyone, and see who hasn't set it up?"],
                "answers": [_d("""
                    *Admin → Security → Require two-factor authentication*. Members without 2FA get a grace period
                    (7 days by default) and then must set it up at next sign-in. The Members list has a 2FA column.
                """)],
            },
            {
                "titles": ["How are Teams seats billed when people join mid-month?"],
                "bodies": ["We add and remove freelancers often. How are seats billed when someone joins on the 20th?"],
                "answers": [_d("""
                    Seats are prorated by day: someone added on the 20th costs about a third of a month on the next
                    invoice. Removed seats are credited the same way.
                """)],
                "tags": ["billing"],
            },
        ],
    },
    {
        "key": "invoice", "uses": 2, "nature": "account", "tags": ["billing", "account"],
        "variants": [
            {
                "titles": ["Add a VAT number and company address to invoices"],
                "bodies": [_d("""
                    Our accountant needs our company name, address and VAT number on the Lumen invoices. I can't find
                    where to enter them.
                """)],
                "answers": [_d("""
                    *Settings → Account → Billing → Billing details*. With a valid EU VAT number, reverse charge applies
                    and VAT is removed from future invoices. Existing invoices can be re-issued with the new details by
                    billing support.
                """)],
            },
            {
                "titles": ["Where can I download invoices from last year?"],
                "bodies": ["I need all of last year's invoices for my tax return. The billing page only shows the latest one."],
                "answers": [_d("""
                    Click **View all** under the latest invoice; it lists every invoice with a PDF link. There's also a
                    *Download all as zip* button per year.
                """)],
            },
        ],
    },
    {
        "key": "bulk-move", "uses": 2, "slots": ["desktop"], "nature": "howto", "tags": ["notebooks", "shortcuts"],
        "variants": [
            {
                "titles": ["Move hundreds of notes to another notebook at once"],
                "bodies": [_d("""
                    I need to move about 400 notes from *Inbox* into *Archive*. Dragging them one at a time is not an
                    option. {platform}.
                """)],
                "answers": [_d("""
                    For very large moves the CLI is handy: `lumen move --query 'in:Inbox before:2024-01-01' --to
                    "Archive"`. Run it with `--dry-run` first.
                """)],
            },
            {
                "titles": ["Select all notes matching a search and tag them"],
                "bodies": ["I searched for `client:acme` and have 120 results. Can I add a tag to all of them in one go?"],
            },
        ],
        "answers": [_d("""
            In the note list, {mod}+A selects everything shown (a search result works too), then right-click →
            **Move to…** or **Add tag…**. Shift-click selects a range.
        """)],
    },
    {
        "key": "broken-images", "uses": 3, "slots": ["mobile"], "tags": ["attachments", "{mobile_tag}", "sync"],
        "variants": [
            {
                "titles": ["Images show as broken on my {device}"],
                "bodies": ["Notes with images I added on my laptop show a broken-image icon on my {device}. The text syncs fine."],
                "answers": [_d("""
                    Broken images on mobile are usually attachments that weren't downloaded yet while offline, or were
                    evicted from the cache. Pull to refresh in the note; if that fixes it, turn on **Keep offline** for
                    the notebook.
                """)],
            },
            {
                "titles": ["Photos attached on {mobile} never appear on my desktop"],
                "bodies": ["Photos I attach on {mobile} show up as *Uploading…* forever on my desktop. It's been two days."],
                "answers": [
                    _d("""
                        *Uploading…* forever means the phone never finished the upload. Open the app, go to *Settings →
                        Sync → Queue* and check for failed uploads; *Only on Wi-Fi* is the usual reason.
                    """),
                    _d("""
                        Also check your plan's upload limit: on Free, once the monthly 100 MB is used up, new attachments
                        stay on the device that added them until the next month.
                    """),
                ],
            },
            {
                "titles": ["PDF attachments won't open on my {device}"],
                "bodies": ["Tapping a PDF attachment on my {device} shows a spinner and then nothing. Small images work."],
                "answers": [_d("""
                    The {mobile} app opens PDFs in its own viewer, and large ones have to download completely first;
                    watch for the progress ring on the attachment. If it still fails, long-press → *Open in…* to use
                    another app.
                """)],
            },
        ],
    },
    {
        "key": "export-json", "uses": 2, "nature": "howto", "tags": ["export", "api"],
        "variants": [
            {
                "titles": ["Export notes with metadata (dates, tags) as JSON?"],
                "bodies": [_d("""
                    I want to analyse my notes (word counts over time, tag usage). Is there an export that includes
                    created/updated dates and tags, not just the text?
                """)],
                "answers": [_d("""
                    *File → Export → JSON* gives one file with every note's `id`, `title`, `notebook`, `tags`, `created`,
                    `updated` and the Markdown body. For analysis that's much easier than parsing Markdown files.
                """)],
            },
            {
                "titles": ["Keep creation dates when exporting to Markdown"],
                "bodies": ["When I export to Markdown, all files get today's date. I'd like to keep the original creation dates."],
                "answers": [_d("""
                    Tick **Options → Add front matter**: each file starts with a YAML block containing the dates and
                    tags. *Set file times* additionally sets the files' modification times to the note's.
                """)],
            },
        ],
    },
    {
        "key": "proxy", "uses": 2, "tags": ["sync", "windows"],
        "variants": [
            {
                "titles": ["Sync fails behind our corporate proxy"],
                "bodies": [_d("""
                    At the office, Lumen on Windows can't sync (*Network error*), but the browser works fine. We have a
                    proxy configured through a PAC file.
                """)],
                "answers": [_d("""
                    Lumen uses the system proxy settings, including PAC files, since 4.7. If you're on that or later,
                    check *Settings → Network → Proxy* isn't set to *No proxy*. You can also start Lumen with
                    `--proxy-pac-url=http://…/proxy.pac`.
                """)],
            },
            {
                "titles": ["Can't sign in on the work network: certificate error"],
                "bodies": [_d("""
                    Signing in at work fails with *unable to verify the first certificate*. At home it works. I think our
                    firewall inspects TLS traffic.
                """)],
                "answers": [_d("""
                    TLS inspection replaces certificates with the company's own CA. Lumen uses the system certificate
                    store on Windows, so your IT department needs to have deployed their CA there (most do). If they only
                    deployed it for the browser, *Settings → Network → Extra CA certificates* lets you add the file.
                """)],
                "tags": ["account"],
            },
        ],
    },
    {
        "key": "history", "uses": 2, "nature": "account", "tags": ["backup"],
        "variants": [
            {
                "titles": ["How far back does note version history go?"],
                "bodies": [_d("""
                    Before I rely on it: how long does Lumen keep old versions of a note, and does it count against my
                    storage?
                """)],
                "answers": [_d("""
                    30 days on Free, 1 year on Pro, unlimited on Teams. Versions don't count against storage. Within an
                    hour versions are merged, so you see one version per hour of editing, not per keystroke.
                """)],
                "tags": ["billing"],
            },
            {
                "titles": ["Restore a deleted notebook from months ago?"],
                "bodies": ["I deleted a notebook in spring and emptied the trash. Is there any way to get it back?"],
                "answers": [_d("""
                    Emptied trash is kept on the server for 30 more days for exactly this case; support can restore it in
                    that window. After that it's gone, unless a local backup has it (the `backups` folder in the desktop
                    app's data folder, or your own exports).
                """)],
            },
        ],
    },
    {
        "key": "api-create", "uses": 2, "slots": ["lang"], "nature": "howto", "tags": ["api"],
        "variants": [
            {
                "titles": ["Create a note in a specific notebook through the API",
                           "POST /v2/notes from {lang}: every note lands in the Inbox"],
                "bodies": [_d("""
                    I'm creating notes from {lang} with `POST /v2/notes`. They all end up in my Inbox. How do I target a
                    notebook? I tried `"notebook": "Work"`.
                """)],
                "answers": [_d("""
                    The field is `notebook_id`, not the name. Get IDs from `GET /v2/notebooks`:

                    ```bash
                    curl -s -H "Authorization: Bearer $LUMEN_TOKEN" https://api.lumen.example/v2/notebooks \\
                      | jq -r '.items[] | "\\(.id)  \\(.name)"'
                    ```

                    Then `POST /v2/notes` with `{"title": "…", "body_md": "…", "notebook_id": "nb_…"}`. The
                    [API reference](https://lumen.example/docs/api/v2#notes) lists every field.
                """)],
            },
            {
                "titles": ["Append text to an existing note with the API?"],
                "bodies": [_d("""
                    I'd like to append a line to my daily note from a {lang} script, without fetching and re-uploading the
                    whole note. Is there an endpoint for that?
                """)],
                "answers": [_d("""
                    `POST /v2/notes/{id}/append` with `{"text": "- 14:02 something"}` appends without a full
                    round-trip, and there is a shortcut for the daily note: `POST /v2/daily/today/append`. Both create the
                    note from your template if it doesn't exist.
                """)],
            },
        ],
    },
    {
        "key": "plugins-mobile", "uses": 2, "tags": ["plugins", "ios", "android"],
        "variants": [
            {
                "titles": ["Do plugins work on the mobile apps?"],
                "bodies": [_d("""
                    I rely on a couple of plugins on desktop (Kanban, Natural Dates). On my phone the notes just show raw
                    Markdown. Do plugins run on mobile at all?
                """)],
                "answers": [_d("""
                    Plugins that declare `"mobile": true` in their manifest run on iOS and Android; Kanban and Natural
                    Dates both do. Turn on *Settings → Plugins → Sync plugins* on the phone, and they're installed from
                    your desktop list.
                """)],
            },
            {
                "titles": ["Plugin settings don't sync between desktop and phone"],
                "bodies": ["I configured a plugin carefully on my laptop. On my phone it runs with default settings. Is that expected?"],
                "answers": [_d("""
                    Plugin settings sync only if the plugin stores them with `lumen.settings` (synced) rather than
                    `localStorage` (per device). Worth an issue on the plugin's repository; it's a small change.
                """)],
            },
        ],
    },
]

# --- tips ----------------------------------------------------------------------

TIPS = [
    {
        "key": "shortcut-series", "slots": ["shortcut"], "unique": "shortcut", "series_author": "grumpycat_dev",
        "every_days": 7,
        "tags": ["shortcuts"],
        "titles": ["Shortcut of the week #{sc_no}: {sc_keys} {sc_what}"],
        "bodies": [
            _d("""
                `{sc_keys}` {sc_what}.

                {sc_body}

                Bonus: {sc_extra}

                *(On macOS read Cmd for Ctrl/Cmd. Suggestions for next week welcome below.)*
            """),
        ],
        "replies": [
            "I've used Lumen daily for two years and didn't know this one. Thanks, keep this series going!",
            "Works on the iPad with a hardware keyboard too, in case anyone wondered.",
            "Suggestion for a future week: the shortcut to fold all headings. I always forget it.",
        ],
    },
    {
        "key": "template-series", "slots": ["template"], "unique": "template", "tags": ["templates", "{tpl_tags}"],
        "titles": ["Template share: my {tpl_name} template", "My {tpl_name} template, after a lot of iterations"],
        "bodies": [
            "{tpl_intro}\n\n```markdown\n{tpl_code}\n```\n\nSave it as a note in your *Templates* notebook and apply it with "
            "Ctrl/Cmd+K → *Insert template*. Improvements welcome!",
        ],
        "replies": [
            "Stole this immediately. I added a *Mood* line at the top, otherwise unchanged.",
            "Thanks for sharing! The query block is clever, I didn't know templates could contain queries.",
            "Nice. One tweak: `{{date:YYYY-MM-DD}}` in the title makes these sort properly in the sidebar.",
        ],
    },
    {
        "key": "plugin-series", "slots": ["plugin"], "unique": "plugin", "series_author": "marcus.h",
        "every_days": 21,
        "tags": ["plugins", "{plugin_tag}"],
        "titles": ["Plugin spotlight: {plugin}, {plugin_pitch}"],
        "bodies": [
            _d("""
                This week's community plugin: **{plugin}** (`{plugin_id}`).

                {plugin_body}

                Tip: {plugin_tip}

                Install it from *Settings → Plugins → Browse*, or with the palette: Ctrl/Cmd+K → `install {plugin_id}`.
                As always, community plugins are reviewed before they're listed, but they're not made by us.
            """),
        ],
        "replies": [
            "Been using this one for months, it's excellent. The author answers issues quickly too.",
            "Does it work on mobile? Some plugins are desktop only and the listing doesn't always say.",
            "Installed, and it already replaced two of my own hacks. Thanks for the spotlight.",
        ],
    },
    {
        "key": "search-series", "slots": ["operator"], "unique": "operator", "series_author": "sofia.rossi",
        "every_days": 17,
        "tags": ["search"],
        "titles": ["Search tip: {op_title}"],
        "bodies": [
            _d("""
                {op_body}

                Example I use almost daily:

                ```text
                {op_example}
                ```

                Operators combine freely, and any search can be saved to the sidebar with the star icon.
            """),
        ],
        "replies": [
            "Adding this to my saved searches right now.",
            "Is there a page listing all the operators? I keep discovering new ones through these posts.",
            "Didn't know this existed. My search life just got a lot better.",
        ],
    },
    {
        "key": "daily-workflow", "tags": ["templates", "tasks", "shortcuts"],
        "titles": ["My daily-note workflow after two years of tweaking"],
        "bodies": [
            _d("""
                People keep asking about my setup, so here it is. Everything revolves around the daily note:

                1. **Morning**: Ctrl/Cmd+Shift+D opens today's note from my template. The *Carried over* query shows
                   yesterday's open tasks; I drag the ones I'll do today into *Today*.
                2. **During the day**: quick capture (Ctrl/Cmd+Shift+Space) dumps everything into the log with a
                   timestamp. No sorting, no thinking.
                3. **Evening**: five minutes to move log entries into proper notes with Ctrl/Cmd+L links.

                The trick is that I never decide *where* something goes at capture time. That is what kept me from
                sticking with every other system.
            """),
        ],
    },
    {
        "key": "inbox-notebook", "tags": ["sync", "shortcuts"],
        "titles": ["Use an Inbox notebook and empty it weekly"],
        "bodies": [
            _d("""
                Set *Settings → Quick capture → Target* to a notebook called **Inbox**, and do the same for the share
                sheet on your phone and for the web clipper. Everything new lands in one place.

                Then, once a week, go through it with the notebook open in a split pane: move, merge or delete. The
                sidebar shows a count next to the Inbox, which is a surprisingly good motivator to keep it at zero.
            """),
        ],
    },
    {
        "key": "selective-offline", "tags": ["offline", "android", "ios"],
        "titles": ["Save gigabytes on your phone with per-notebook offline settings"],
        "bodies": [
            _d("""
                My phone had 11 GB of Lumen data because *Download everything* was on. What I do now:

                - *Settings → Sync → Download everything* **off**;
                - long-press the notebooks I need on the go (Work, Trip, Recipes) → **Keep offline**;
                - *Settings → Storage → Clear downloaded attachments* once.

                Down to 900 MB, and I haven't missed anything in three months.
            """),
        ],
    },
    {
        "key": "cron-backup", "tags": ["backup", "cli", "linux"],
        "titles": ["A tiny nightly backup script with lumen-cli and a read-only token"],
        "bodies": [
            _d("""
                Sharing my backup script; it has saved me twice already. Create a **read-only** API token first.

                ```bash
                #!/bin/sh
                set -eu
                export LUMEN_TOKEN="$(cat "$HOME/.config/lumen/backup-token")"
                dest="/srv/backup/lumen/$(date +%F)"
                lumen export --all --format md --attachments --incremental \\
                  --state "$HOME/.cache/lumen-export.json" --out "$dest"
                find /srv/backup/lumen -maxdepth 1 -type d -mtime +45 -exec rm -rf {} +
                ```

                Cron entry: `15 3 * * * /home/me/bin/lumen-backup`. Read-only tokens can't modify anything, so a leaked
                token only exposes, never destroys.
            """),
        ],
    },
    {
        "key": "api-csv", "tags": ["api", "export"],
        "titles": ["Export all tasks to CSV with 25 lines of Python"],
        "bodies": [
            _d("""
                Our manager wanted a spreadsheet of open tasks. Here's what I used (API v2, token in `LUMEN_TOKEN`):

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

                with open("tasks.csv", "w", newline="") as f:
                    csv.writer(f).writerows([("task", "due", "note"), *rows])
                ```

                The `/v2/tasks` endpoint accepts the same query syntax as the search box.
            """),
        ],
    },
    {
        "key": "webhook-chat", "tags": ["webhooks", "api", "sharing"],
        "titles": ["Post to your team chat when someone edits the shared runbook"],
        "bodies": [
            _d("""
                We keep our on-call runbook in a shared notebook. A webhook on that notebook plus a 20-line relay tells
                the team channel when a page changes:

                1. *Notebook → Integrations → Webhooks → Add*, event `note.updated`, scope: this notebook.
                2. Point it at a small function that verifies `X-Lumen-Signature` and forwards the `title`, `editor`
                   and `url` fields to the chat's incoming webhook.

                Debounce by note ID for five minutes, otherwise every autosave pings the channel.
            """),
        ],
    },
    {
        "key": "css-snippet", "tags": ["editor", "markdown"],
        "titles": ["CSS snippet: wider editor and nicer code blocks"],
        "bodies": [
            _d("""
                *Settings → Appearance → CSS snippets → Add* and paste:

                ```css
                .editor { --content-width: 54rem; }
                .editor pre { border-radius: 8px; padding: 0.9rem 1rem; }
                .editor code { font-family: "JetBrains Mono", ui-monospace, monospace; font-size: 0.92em; }
                .editor h2 { border-bottom: 1px solid var(--border-subtle); padding-bottom: 0.2rem; }
                ```

                Snippets sync across desktops; the mobile apps ignore them.
            """),
        ],
    },
    {
        "key": "callouts", "tags": ["markdown", "editor"],
        "titles": ["Callout blocks: warnings and notes that stand out"],
        "bodies": [
            _d("""
                Lumen renders blockquotes that start with a type in brackets as callouts:

                ```markdown
                > [!warning] Before you deploy
                > Run the migration on staging first.

                > [!tip]- Click to expand
                > Folded by default thanks to the minus sign.
                ```

                Types: `note`, `tip`, `warning`, `danger`, `question`, `quote`. They export to HTML and PDF too, and
                degrade to a plain blockquote in other Markdown tools.
            """),
        ],
    },
    {
        "key": "avoid-conflicts", "author": "benji", "tags": ["sync", "offline"],
        "titles": ["Five habits that make sync conflicts (almost) disappear"],
        "bodies": [
            _d("""
                From the sync team, the habits that cut conflicts the most in our data:

                1. Turn on **Sync before sleep** on laptops (*Settings → Sync*).
                2. On mobile, **pull to refresh** before editing a note you changed elsewhere recently.
                3. Let daily notes be created **after the first sync of the day** (*Settings → Daily notes*).
                4. Avoid plugins that rewrite many notes on a schedule (auto-formatters), or run them on one device only.
                5. Keep all devices on the **same version**; the merge logic improves with nearly every release.

                And when a conflict copy does appear: *Note → Compare with…* shows both side by side.
            """),
        ],
    },
    {
        "key": "compress-images", "tags": ["attachments", "performance"],
        "titles": ["Shrink photo attachments automatically on upload"],
        "bodies": [
            _d("""
                Phone photos are 4–8 MB each. *Settings → Attachments → Images → Resize on upload* with *Max 2560 px* and
                *Quality 85* cut my attachment storage by 70% and nobody could tell the difference.

                The original is not kept, so leave it off for notebooks where you need full resolution (I use a
                *Photos* notebook with the setting overridden).
            """),
        ],
    },
    {
        "key": "template-cursor", "tags": ["templates", "editor"],
        "titles": ["Templates can wrap the selected text with {{selection}}"],
        "bodies": [
            _d("""
                Lesser-known placeholder: `{{selection}}`. Make a template like

                ```markdown
                > [!question] Open question
                > {{selection}}
                ```

                then select some text and insert the template: the text ends up inside the callout. I have a handful
                of these bound to shortcuts in *Settings → Shortcuts → Templates*.
            """),
        ],
    },
    {
        "key": "link-expiry", "tags": ["sharing"],
        "titles": ["Give public links an expiry date by default"],
        "bodies": [
            _d("""
                *Settings → Sharing → Default link expiry* sets an expiry for every new public link (mine is 30 days).
                Old links I forgot about used to pile up; now they clean themselves up. You can still make one
                permanent in the share dialog when you really mean it.
            """),
        ],
    },
    {
        "key": "recovery-key", "tags": ["encryption", "backup"],
        "titles": ["Store your locked-notebook recovery key before you need it"],
        "bodies": [
            _d("""
                A PSA after reading yet another sad thread: when you lock a notebook, Lumen shows a 24-word **recovery
                key** once. Nobody (including Lumen) can open the notebook without it or the passphrase.

                - Put it in your password manager **and** print it.
                - You can show it again from an unlocked device: *Notebook → Security → Show recovery key*.
                - Test it once: *Notebook → Security → Verify recovery key*.
            """),
        ],
    },
    {
        "key": "evernote-tags", "tags": ["import", "search"],
        "titles": ["Cleaning up thousands of imported Evernote tags"],
        "bodies": [
            _d("""
                After importing from Evernote I had 1,400 tags, most used once. What worked:

                1. *Sidebar → Tags → Sort by count*, ascending.
                2. Select the one-off tags (Shift-click), right-click → **Merge into…** a broader tag, or **Delete tag**
                   (notes are kept, only the tag goes).
                3. Rename `parent/child` style tags with **Rename** — it updates every note at once.

                Took an evening and I'm down to 60 tags that I actually use.
            """),
        ],
    },
    {
        "key": "ios-shortcuts", "author": "kenji.sato", "tags": ["ios", "shortcuts", "tasks"],
        "titles": ["Append to today's daily note from Siri with the Shortcuts app"],
        "bodies": [
            _d("""
                The iOS app exposes an **Append to daily note** action in the Shortcuts app. My shortcut:

                1. *Dictate text*
                2. *Append to daily note* — Text: `- {Current Date HH:mm} {Dictated Text}`, Section: `Log`

                Name it "Log this" and you can say "Hey Siri, log this" while driving. It works offline and syncs later.
            """),
        ],
    },
    {
        "key": "android-tile", "tags": ["android", "shortcuts"],
        "titles": ["Quick capture from the Android quick settings panel"],
        "bodies": [
            _d("""
                Swipe down twice, tap the pencil to edit tiles and drag **Lumen capture** into the active area. One
                swipe and one tap from anywhere, even on the lock screen (it asks to unlock only when you save).
            """),
        ],
    },
    {
        "key": "weekly-query", "tags": ["tasks", "search"],
        "titles": ["A saved search for everything I'm waiting on from other people"],
        "bodies": [
            _d("""
                I tag tasks that depend on someone else with `#waiting`:

                ```markdown
                - [ ] Contract draft from legal #waiting @due(2024-06-14)
                ```

                and keep a saved search `is:task -is:done tag:waiting` pinned in the sidebar. Monday mornings I go
                through it and send reminders. It is the single most useful thing in my setup.
            """),
        ],
    },
    {
        "key": "split-long-note", "tags": ["performance", "editor"],
        "titles": ["Split a huge note into one note per heading"],
        "bodies": [
            _d("""
                My "work log" had grown to 60k words and was getting slow. Palette → **Split note at headings**
                creates one note per `##` heading, links them from an index note, and keeps backlinks pointing to the
                right place. Lumen got noticeably snappier afterwards.
            """),
        ],
    },
]

# --- generic fragments ---------------------------------------------------------

QUESTION_OPENERS = [
    "", "", "", "", "",
    "Long-time lurker, first post.",
    "Apologies if this has been asked before; search didn't turn anything up.",
    "Hi all,",
    "Quick one, hopefully.",
]

QUESTION_CLOSERS = [
    "", "", "",
    "Thanks in advance!",
    "Any ideas?",
    "Thanks!",
    "Cheers.",
]
TROUBLE_CLOSERS = ["Anyone else seeing this?", "Happy to post logs if that helps.", "This has been bugging me for a week."]

ENV_LINES = ["*Lumen {version} on {platform}*", "Version: {version} ({platform})", "*Lumen {version}*"]

# Answers that may join any question of a given nature, with their quality:
# 1 helpful, 0 so-so, -1 not really an answer (those attract downvotes).
GENERIC_ANSWERS = {
    "trouble": [
        (0, "Which version are you on? A lot of issues like this were fixed in the last couple of releases, so *Help "
            "→ Check for updates* first. If you're already on the latest, *Help → Show logs* usually says what's "
            "wrong; post the last twenty lines here (remove anything private)."),
        (1, _d("""
            I had something very similar. In my case it was a plugin. Start Lumen in **safe mode** (hold Shift while
            launching); if the problem is gone, re-enable plugins one by one until it comes back. Tedious, but it found
            the culprit in ten minutes.
        """)),
        (0, "It might be worth opening a ticket with support at the same time (*Help → Contact support*). They can "
            "look at the server side of your account, which nobody here can."),
        (-1, "Same problem here, following. Sorry, I know this isn't an answer, but I wanted to say it's not just you."),
        (0, _d("""
            Signing out and back in fixed a similar problem for me, **but** export your notes first (File → Export → All
            notebooks) if anything might be unsynced, because signing out clears the local cache.
        """)),
        (1, _d("""
            Not a fix, but a reliable workaround: quit Lumen completely (from the tray or menu bar icon, not just by
            closing the window), wait a few seconds and start it again. Several of these "stuck" states only clear on a
            real restart.
        """)),
    ],
    "howto": [
        (0, "There's a page about this in [the docs](https://lumen.example/docs), although it's a bit behind the app. "
            "The answers here are more current."),
        (1, _d("""
            Not exactly what you asked, but worth knowing: the command palette (Ctrl/Cmd+K) lists every action by name.
            Typing a keyword for what you want often finds the option faster than digging through Settings.
        """)),
        (-1, "Following, I'd like to know this too."),
        (0, "I asked support something similar last year and they said it was on the roadmap. Worth checking the "
            "changelog of the latest release."),
    ],
    "account": [
        (1, "Billing and account support is quick in my experience: *Settings → Account → Billing → Get help*. They "
            "answered me within a day, including on a weekend."),
        (0, "The [help centre](https://lumen.example/help) has an article on this, but check the date on it; plans "
            "changed last year."),
        (-1, "Following, same question here."),
    ],
}

ANSWER_OPENERS = ["", "", "", "", "", "", "", "Hi {asker}! ", "Hi {asker}, "]
ANSWER_CLOSERS = ["", "", "", "", "", "Hope that helps!", "Good luck!", "Let us know if that works."]

GENERIC_REPLIES = [
    "Nice, didn't know about this. Adding it to my setup right away.",
    "I do something similar with a template instead; works well together with this.",
    "Thanks for writing this up! Going to try it this week.",
    "Bookmarked. This community needs a \"best tips\" page.",
    "Great tip. I'd add: keep a note with all these tweaks, so you can redo them on a new machine.",
    "Simple and effective, the best kind of tip. Thanks for sharing.",
]

TIP_AUTHOR_THANKS = ["Thanks!", "Glad it helps!", "Glad it's useful!", "Thanks, let me know how it goes."]

# (comment from someone else, the asker's possible reply or None)
QUESTION_COMMENTS = {
    "trouble": [
        ("Which version of Lumen is this? (Help → About)", "{version}, installed from the website."),
        ("Does it also happen in safe mode (hold Shift while starting)?", "Yes, same in safe mode."),
        ("+1, seeing the same on {platform}.", None),
        ("Could you post a screenshot? Hard to tell from the description alone.",
         "I'll add one tonight, I'm not at that computer right now."),
        ("Did this start after the latest update?", "Now that you mention it, yes, I think it did."),
        ("There was a long thread about something similar last spring, worth searching for.",
         "Found it, thanks, but the fix there didn't work for me."),
        ("Same here. Following.", None),
    ],
    "howto": [
        ("Good question, I've wondered about this too.", None),
        ("Which platform are you on? The answer is a bit different on mobile.", "Desktop, mostly."),
        ("What are you trying to achieve in the end? There may be an easier way.",
         "Mostly to save time; I do this every week."),
    ],
    "account": [
        ("Did you already contact billing support? They can see things we can't.", "Not yet, I wanted to check here first."),
        ("Which plan are you on?", "Pro, monthly."),
        ("Following, I have a similar situation.", None),
    ],
}

ANSWER_COMMENTS = {
    "good": [
        "Confirmed, this works for me too.",
        "This should really be in the docs.",
        "Worked for me, thanks!",
        "Good explanation, thanks for taking the time.",
        "Can confirm on {platform} as well.",
        "Do you know if this changed in {version}?",
    ],
    "so-so": [
        "I'm on the latest version and still see it, so probably not that.",
        "That's a workaround rather than a fix, but fair enough.",
        "Tried that already, unfortunately.",
    ],
    "weak": [
        "Please upvote the question instead of posting +1 answers; that helps it get attention.",
        "This doesn't really answer the question.",
    ],
}

ASKER_THANKS = [
    "That did it, thank you!",
    "Perfect, that was exactly it. Thanks!",
    "Thank you! Marking this as accepted.",
    "Works now. I owe you a coffee.",
]

ASKER_NOT_YET = [
    "Tried this, no luck unfortunately. Still the same.",
    "Thanks, I'll try this tonight and report back.",
    "Hmm, I don't see that option. Maybe it's a newer version?",
]

TIP_COMMENTS = [
    "Does this work on the web app too?",
    "Great tip.",
    "Simple and effective. Thanks!",
    "I wish I had read this a year ago.",
    "Saving this one.",
]

SELF_ANSWER_PREFIXES = [
    "Answering my own question for the next person: ",
    "Figured it out. ",
    "Update, solved: ",
]
