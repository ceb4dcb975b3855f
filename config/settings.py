"""Guildhall settings.

With no environment at all the site runs on its embedded default: SQLite
under ``var/``, database search, console e-mail, local-memory cache.
Production sets ``DJANGO_SECRET_KEY``, ``DATABASE_URL`` and friends
(see docs/deploy.md).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.db_routing import pin_seconds, replica_databases
from config.env import cache_from_url, flag, media_storage, social_providers, throttles

CONFIG_DIR = Path(__file__).resolve().parent
BASE_DIR = CONFIG_DIR.parent
# The site's templates/ and static/ sit at the top of the checkout (`make run`, editable installs); an
# installed wheel carries them inside this package (pyproject.toml, [tool.setuptools]). Looking here first
# means an unrelated top-level "templates" directory in site-packages is never picked up.
INSTALLED_FROM_WHEEL = (CONFIG_DIR / "templates").is_dir()
SITE_DIR = CONFIG_DIR if INSTALLED_FROM_WHEEL else BASE_DIR
# var/ defaults to the checkout's; an installed site keeps it in the working directory, never site-packages.
VAR_DIR = Path(os.environ.get("GUILDHALL_VAR_DIR", (Path.cwd() if INSTALLED_FROM_WHEEL else BASE_DIR) / "var"))

_secret = os.environ.get("DJANGO_SECRET_KEY", "")
# Development is the default only while no secret key is configured:
# a production deployment sets one and so gets DEBUG off unless it asks.
DEBUG = flag(os.environ, "DJANGO_DEBUG", default=not _secret)
DEVELOPMENT_SECRET_KEY = "guildhall-insecure-development-key-do-not-use-in-production"
SECRET_KEY = _secret or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

_social_apps, SOCIALACCOUNT_PROVIDERS = social_providers(os.environ)

INSTALLED_APPS = [
    "community",
    "rewards",
    "search",  # after rewards: its event handlers read reputation totals rewards has just updated
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",  # knowledge topic hubs: /knowledge/topics/<tag>/
    "wagtail.contrib.settings",  # the community brand (community/site/models.py CommunityBrand)
    "wagtail.contrib.simple_translation",  # the CMS's "Translate" action: a page copied into another locale
    "wagtail.locales",  # Settings → Locales in the CMS
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API (community/api): its Swagger UI from our static files, never a CDN
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",  # two-factor: TOTP, recovery codes, passkeys (community/core/two_factor.py)
    *_social_apps,
    "csp",  # the Content-Security-Policy header (config/csp.py)
]

MIDDLEWARE = [
    "config.csp.PolicyMiddleware",  # outermost: every response gets the policy, cache hits and the NUL 400 too
    "config.input_guard.RefuseNulMiddleware",  # a NUL anywhere: 400 before anything reads it
    "config.page_cache.PageCacheMiddleware",  # first: a hit skips everything below (config/page_cache.py)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.db_routing.PinToPrimaryMiddleware",  # removes itself without DATABASE_REPLICA_URLS
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the switcher's cookie, else Accept-Language, else the default
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community.core.middleware.StandingMiddleware",  # a member's permissions for page reads, from the cache
    "community.core.language.MemberLanguageMiddleware",  # a signed-in member's saved language wins
    "community.core.flair.FlairMiddleware",  # reputation and badges beside every name, one query per page
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.core.two_factor.RequireTwoFactorMiddleware",  # staff without 2FA: set it up first (if required)
    "rewards.middleware.VisitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "community.core.context_processors.frame_urls",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rewards.context_processors.new_awards",
                "rewards.context_processors.recognition",
                "community.notifications.context_processors.inbox",
                "community.privacy.context_processors.deletion",  # {{ deletion_on }}: the grace period's banner
                "community.site.brand.context",  # {{ community_brand.brand_name }}: the CMS's brand setting
            ],
            # Feature widgets on forum pages (docs/architecture.md): template tags of the feature packages.
            "libraries": {
                "forum_fragments": "community.forum.templatetags.forum_fragments",
                "regions": "community.core.templatetags.regions",
                "dates": "community.core.templatetags.dates",
                "flair": "community.core.templatetags.flair",
                "follow": "community.notifications.templatetags.follow",
                "knowledge": "community.knowledge.templatetags.knowledge",
                "team": "community.team.templatetags.team",
                "onboarding": "community.onboarding.templatetags.onboarding",
                "feeds": "community.feeds.templatetags.feeds",
                "bounties": "community.bounties.templatetags.bounties",
            },
        },
    },
]

# Widgets render with the templates above, so templates/wagtailadmin/widgets/ can replace the inline scripts of
# Wagtail's date and time pickers, which the CMS's Content-Security-Policy blocks (config/csp.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'guildhall.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while the dev server writes; no "database is locked" on a click.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # The development server starts a thread per request, which persistent connections would leak; under
    # gunicorn (one thread per worker) DATABASE_CONN_MAX_AGE=60 saves opening the file on every request.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
    # The ledger's covering index (INCLUDE points) is PostgreSQL's; SQLite builds it on the key columns alone,
    # which serves the embedded default's sizes: the warning would only repeat that on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Read replicas (config/db_routing.py): DATABASE_REPLICA_URLS adds replica_1..n; safe requests read there,
# writes and a browser's reads for DATABASE_PIN_SECONDS after its last write stay on the primary.
DATABASES.update(
    replica_databases(
        os.environ.get("DATABASE_REPLICA_URLS", ""),
        engine=DATABASES["default"]["ENGINE"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
)
DATABASE_ROUTERS = ["config.db_routing.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []
DATABASE_PIN_SECONDS = pin_seconds(os.environ.get("DATABASE_PIN_SECONDS"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.Member"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's and allauth's backends, whose member row comes from the shared cache on page reads (community/core/auth.py).
AUTHENTICATION_BACKENDS = [
    "community.core.auth.CachedModelBackend",
    "community.core.auth.CachedAllauthBackend",
]

# French and English (docs/i18n.md). A member's language comes from their saved preference, else the footer's
# switcher (a cookie), else the browser's Accept-Language, else GUILDHALL_LANGUAGE (community/core/language.py).
LANGUAGES = [("en", "English"), ("fr", "Français")]
LANGUAGE_CODE = os.environ.get("GUILDHALL_LANGUAGE", "en").strip() or "en"
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"GUILDHALL_LANGUAGE={LANGUAGE_CODE!r}: choose one of {', '.join(dict(LANGUAGES))}")
LOCALE_PATHS = [SITE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploaded files (the composer's images): on disk under MEDIA_ROOT, or with GUILDHALL_MEDIA_STORAGE=s3 in an
# S3-compatible bucket through django-storages (the "s3" extra; docs/deploy.md). Either way they are read through
# Django's storage API and served by the site itself (community/composer/views.py).
STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.static_storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# The cache: local memory per process by default (one process, `make run`); production sets CACHE_URL to a
# Redis every process shares, so an event handled by one worker invalidates what all of them serve, and
# rate limits count across workers (docs/deploy.md).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHES = {"default": cache_from_url(CACHE_URL, key_prefix=os.environ.get("CACHE_KEY_PREFIX", "guildhall"))}
# Sessions are read from the cache (written through to the database): no query per member request for them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous pages (config/page_cache.py): fresh through event-bumped versions; the age limit is only a ceiling.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Names the release in the keys of cached pages and fragments (config/page_cache.py release()); unset, a digest of
# the code, templates and static files stands in. Set it to the commit if files differ between nodes.
GUILDHALL_RELEASE = os.environ.get("GUILDHALL_RELEASE", "").strip()
PAGE_CACHE_MAX_BYTES = 512 * 1024
# Query parameters that make a different page; any other (utm_source, a typo) is served fresh, never stored.
PAGE_CACHE_QUERY_PARAMS = (
    "page",
    "p",
    "sort",
    "q",
    "tab",
    "kind",
    "period",
    "tag",
    "status",
    "user",
    "show",
    "state",
    "lang",
)

# E-mail: the console in development, SMTP (EMAIL_URL-style variables) in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = flag(os.environ, "EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Guildhall <community@localhost>")

# Accounts (django-allauth): e-mail is the login; the username is the public handle.
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory")
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "community.core.validators.username_validators"
ACCOUNT_FORMS = {"signup": "community.forum.forms.HoneypotSignupForm"}
ACCOUNT_ADAPTER = "community.site.accounts.AccountAdapter"  # the forum's, signing e-mails with the brand
# Failed log-ins: per IP, and per account with growing windows (5 in 5 minutes, 20 an hour, 50 a day), never for
# a browser the member signed in from before; a refused member signs in with a code sent by e-mail
# (community/forum/accounts.py, docs/security.md).
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_LIMITS", "20/m/ip,5/5m/key,20/h/key,50/d/key"),
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Behind the documented reverse proxy every visitor arrives from the proxy's address: the number of proxies
# whose X-Forwarded-For entries to trust, so limits per IP count visitors, not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
# Two-factor (allauth.mfa, docs/security.md): an authenticator app with recovery codes, and passkeys, which
# also sign in on their own from the log-in page. Every log-in with a password or an e-mailed code then asks for
# the second factor, on the member's usual browser too (community/core/two_factor.py).
MFA_ADAPTER = "community.core.two_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Guildhall"
# Passkeys are checked against an https origin; development and tests run on http://localhost (browsers take a
# passkey on localhost, never on an IP address such as 127.0.0.1), so only DEBUG accepts plain http.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Wagtail
WAGTAIL_SITE_NAME = "Guildhall"
# CMS pages in every site language (docs/i18n.md, "Knowledge pages in two languages"): one page tree per locale,
# same URLs; a reader gets the page of their language, else the default language's with a note.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_BASE_URL = os.environ.get("GUILDHALL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (django-csp 4, docs/security.md): only this site's own scripts, styles, images and
# fonts; no inline script, event handler or style attribute anywhere, so public pages need no nonce and the page
# cache can share them. The CMS gets the differences listed in config/csp.py (CMS_DIRECTIVES), never more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Production is HTTPS only (below): a stray http:// address of our own is fetched over HTTPS.
        "upgrade-insecure-requests": not DEBUG and flag(os.environ, "DJANGO_SSL_REDIRECT", default=True),
    }
}
# The CMS shows the default avatar instead of asking gravatar.com for one (no request to another host).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Tags: lower-case, compared case-insensitively.
TAGGIT_CASE_INSENSITIVE = True

# Community rules that are settings rather than CMS-editable rewards rules.
GUILDHALL = {
    # Moderators and staff must use two-factor authentication (community/core/two_factor.py); off in the
    # embedded demo, recommended in production (docs/deploy.md).
    "REQUIRE_MFA_FOR_STAFF": flag(os.environ, "REQUIRE_MFA_FOR_STAFF", default=False),
    "THREADS_PER_PAGE": 30,
    "MAX_TAGS": 5,
    "TITLE_MIN": 10,
    "TITLE_MAX": 150,
    "BODY_MIN": 20,
    "BODY_MAX": 30_000,
    "COMMENT_MIN": 2,
    "COMMENT_MAX": 600,
    # Moderation
    "NEW_MEMBER_REPUTATION": 10,  # below this, a member is "new" for rate limits
    "NEW_MEMBER_POSTS_PER_HOUR": 3,  # threads + answers an hour for new members
    "LATE_ANSWER_DAYS": 30,  # answers to threads older than this go to the late-answers queue
    # Community care (docs/community-team.md)
    "EXPERT_ROUTING_DELAY_HOURS": 2,  # a question unanswered this long is offered to its tags' experts…
    "EXPERT_ROUTING_MAX_AGE_DAYS": 7,  # …unless it is older than this (then it is on the KPI list instead)
    "EXPERTS_PER_QUESTION": 3,  # how many experts each such question is offered to
    "EXPERT_REQUESTS_PER_DAY": 3,  # never more requests than this to one member in 24 hours
    "EXPERTS_PER_TAG": 5,  # shown on the tag page ("who knows this")
    "EXPERT_MIN_POINTS": 10,  # expertise points needed to count as an expert (community/team/experts.py)
    "NOTIFICATIONS_PER_PAGE": 25,
    # Members' data rights (community/privacy, docs/deploy.md): days before a deleted account is erased,
    # days an archive's download link lives, hours between two archives of one member.
    "DELETION_GRACE_DAYS": int(os.environ.get("GUILDHALL_DELETION_GRACE_DAYS", "14")),
    "DATA_EXPORT_DAYS": 7,
    "DATA_EXPORT_EVERY_HOURS": 24,
    # Days a fulfilled or rejected redemption keeps its fulfilment details (address, size, phone) before
    # manage.py rewards_erase_fulfilment_details blanks them (rewards/actions/redemptions.py, docs/deploy.md).
    "FULFILMENT_RETENTION_DAYS": int(os.environ.get("GUILDHALL_FULFILMENT_RETENTION_DAYS", "90")),
    # Rewards
    "ENTHUSIAST_DAYS": 30,  # distinct days of use for the Enthusiast badge
    "SERIAL_VOTES_THRESHOLD": 5,  # votes from one voter to one author within the window…
    "SERIAL_VOTES_WINDOW_HOURS": 24,  # …that count as serial voting and are reversed
    # Request throttles (config/throttle.py): per signed-in member and per address, a minute each; shown on
    # the privileges page. Generous for people, tight for scripts. GUILDHALL_THROTTLES overrides some (config/env.py).
    "THROTTLES": {
        "search": {"member": 60, "address": 120},
        "similar": {"member": 120, "address": 240},  # one request per pause in typing a title
        "preview": {"member": 60, "address": 120},  # "Preview" under a post being written
        "vote": {"member": 60, "address": 120},
        "comment": {"member": 10, "address": 30},
        "flag": {"member": 10, "address": 30},
        "follow": {"member": 30, "address": 60},
        # Every request to the API (/api/v1/, community/api/throttles.py): per member (token or session), else per
        # address.
        "api": {"member": 300, "address": 120},
        "upload": {"member": 10, "address": 30},  # images uploaded from the composer (community/composer)
        "tag_suggest": {"member": 120, "address": 240},  # one request per pause in typing a tag
    },
    # The composer (community/composer): drafts kept per member (the oldest goes first) and image uploads.
    "MAX_DRAFTS": 20,
    # Personal access tokens for the API (community/api): live (unrevoked) tokens a member may hold at once.
    "MAX_ACCESS_TOKENS": 20,
    "UPLOADS": {
        "MAX_BYTES": 5 * 1024 * 1024,
        "MAX_PIXELS": 40_000_000,  # a decompression bomb decodes to far more: refused before decoding
        "MAX_WIDTH": 1600,  # wider images are scaled down for display
    },
}
GUILDHALL["THROTTLES"] = throttles(os.environ, GUILDHALL["THROTTLES"])

RATELIMIT_IP_META_KEY = "config.throttle.client_address"  # django-ratelimit: behind the proxy, the visitor's
RATELIMIT_HASH_ALGORITHM = "hashlib.sha256"

# Search (docs/search.md): Elasticsearch 8 when ELASTICSEARCH_URL is set, else the database
# (SQLite FTS5 / PostgreSQL full-text). Index and alias names start with SEARCH_INDEX_PREFIX.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()  # one node URL, or several comma-separated
# Elastic Cloud (takes precedence over ELASTICSEARCH_URL), API key, CA of self-managed TLS (search/connection.py).
ELASTICSEARCH_CLOUD_ID = os.environ.get("ELASTICSEARCH_CLOUD_ID", "").strip()
ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "").strip()
ELASTICSEARCH_CA_CERTS = os.environ.get("ELASTICSEARCH_CA_CERTS", "").strip()
SEARCH = {
    "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "guildhall-"),
    "REPLICAS": os.environ.get("SEARCH_REPLICAS", "1"),  # replicas of new indices; 0 on a single node
    "TIMEOUT": float(os.environ.get("SEARCH_TIMEOUT", "0.8")),
}

# Webhooks (community/webhooks, docs/api.md): endpoints on private, loopback, link-local or reserved addresses are
# refused unless GUILDHALL_WEBHOOKS_ALLOW_PRIVATE is on (a receiver inside your own network); seconds to connect
# and to answer per delivery attempt.
WEBHOOKS_ALLOW_PRIVATE = flag(os.environ, "GUILDHALL_WEBHOOKS_ALLOW_PRIVATE", default=False)
WEBHOOKS_TIMEOUT = float(os.environ.get("GUILDHALL_WEBHOOKS_TIMEOUT", "5"))

# Background tasks (django-tasks): run immediately in development and tests; production sets
# TASKS_BACKEND=database and runs `manage.py db_worker` (search index updates, Wagtail's own tasks).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASKS_BACKEND", "immediate") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

if not DEBUG:
    # Production is HTTPS behind a proxy that terminates TLS and sets X-Forwarded-Proto (docs/deploy.md).
    # Each default is the safe one; `manage.py check --deploy` is clean with them. Only a plain-HTTP test
    # rig turns them off.
    if not _secret or _secret == DEVELOPMENT_SECRET_KEY:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: with DEBUG off Guildhall refuses to start on the public development "
            "key, which would let anyone forge sign-in links, unsubscribe tokens and session messages. Set "
            "DJANGO_SECRET_KEY to a long random string, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SESSION_COOKIE_SECURE = flag(os.environ, "DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = flag(os.environ, "DJANGO_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = flag(os.environ, "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = flag(os.environ, "DJANGO_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
