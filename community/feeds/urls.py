"""URLs of the feeds (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.feeds import feeds
from config.throttle import throttled

urlpatterns = [
    path("feeds/threads/", feeds.ThreadsFeed(), name="feed_threads"),
    path("feeds/threads/<str:kind>/", feeds.ThreadsFeed(), name="feed_threads_kind"),
    path("feeds/tags/<str:slug>/", feeds.TagFeed(), name="feed_tag"),
    path("feeds/t/<int:pk>/", feeds.AnswersFeed(), name="feed_answers"),
    # A feed reader's poll of a search runs a search, like the search page: the same throttle.
    path("feeds/search/", throttled("search")(feeds.SearchFeed()), name="feed_search"),
    path("feeds/ideas/", feeds.IdeasFeed(), name="feed_ideas"),
    path("feeds/ideas/<str:status>/", feeds.IdeasFeed(), name="feed_ideas_status"),
]
