"""Wagtail admin hooks: the moderators' search synonyms (``search/cms.py``)."""

from wagtail import hooks

from search.cms import synonyms_viewset


@hooks.register("register_admin_viewset")
def register_search_synonyms():
    return synonyms_viewset
