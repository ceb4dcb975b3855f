"""The API's reads, one module per area; importing this package registers their operations on ``routers``."""

from community.api.reads import ideas, knowledge, leaderboards, members, search, tags, threads  # noqa: F401
