"""The API's routers, one per area: the read modules (``reads/``) and the write module (``writes.py``) add their
operations to the same router, so a path such as ``/threads/`` answers GET (list) and POST (ask) alike."""

from ninja import Router

threads = Router(tags=["Threads"])
answers = Router(tags=["Answers"])
comments = Router(tags=["Comments"])
tags = Router(tags=["Tags"])
members = Router(tags=["Members"])
leaderboards = Router(tags=["Leaderboards"])
search = Router(tags=["Search"])
knowledge = Router(tags=["Knowledge"])
ideas = Router(tags=["Ideas"])
me = Router(tags=["Me"])  # GET /me (community/api/me.py): who the credentials act as

# (prefix, router) in the order the documentation lists them.
MOUNTED = [
    ("threads/", threads),
    ("answers/", answers),
    ("comments/", comments),
    ("tags/", tags),
    ("members/", members),
    ("leaderboards/", leaderboards),
    ("search/", search),
    ("knowledge/", knowledge),
    ("ideas/", ideas),
    ("", me),
]
