"""The REST API v1 (``/api/v1/``, django-ninja): what the brand's other systems read and write.

Reads and writes go through the same query modules, actions, permissions, privileges and throttles as the site
(never a second path); errors are RFC 9457 problem documents (``errors.py``); members authenticate with a
personal access token (``models.AccessToken``, ``auth.py``) or, for the site's own JavaScript, their session with
CSRF. docs/api.md is the guide.
"""
