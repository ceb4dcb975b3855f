"""The Atom document: Django's ``Atom1Feed`` with what a community's entries need besides.

Django writes an entry's ``description`` as ``<summary type="html">`` and has no ``<content>``. A feed reader
shows the summary in lists and the content when the entry is opened, so we write both: ``<summary
type="text">``, a plain-text excerpt, and ``<content type="html">``, the post's stored sanitised HTML. Posts
link their images and pages by path (``/uploads/…``): ``xml:base`` on the feed says where those paths are. Each
entry says its language (``xml:lang``) when it is known, since a French thread can sit in an English feed.
An empty feed still needs an ``<updated>``: the time of what it follows (the thread of an answers feed) rather
than "now", so an unchanged empty feed reads the same on every request.
"""

from __future__ import annotations

from django.utils.feedgenerator import Atom1Feed


class CommunityAtomFeed(Atom1Feed):
    def __init__(self, *args, base_url: str = "", updated_when_empty=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = base_url
        self.updated_when_empty = updated_when_empty

    def root_attributes(self):
        attributes = super().root_attributes()
        if self.base_url:
            attributes["xml:base"] = self.base_url
        return attributes

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("summary"):
            handler.addQuickElement("summary", item["summary"], {"type": "text"})
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})

    def latest_post_date(self):
        if not self.items and self.updated_when_empty is not None:
            return self.updated_when_empty
        return super().latest_post_date()
