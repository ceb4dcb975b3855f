"""What the API's writes accept (``writes.py``): request bodies, bounded like the site's forms.

The bounds here only keep absurd payloads out (a 422 problem, nothing read further). The community's own rules —
a title's length, how many tags, a comment's length, links for new members — are the actions', checked exactly
as on the site and refused with the site's sentence (a 400 problem).
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Annotated

from ninja import Schema
from pydantic import Field

from community.api.schemas import ThreadKind
from community.moderation.models import Flag

# The reasons the site's flag form offers (community/moderation/models.py Flag.Reason).
FlagReason = Enum("FlagReason", {value: value for value in Flag.Reason.values}, type=str)


class VoteValue(StrEnum):
    up = "up"
    down = "down"


class NewThread(Schema):
    kind: ThreadKind = Field(description="question, tip or idea.")
    title: str = Field(max_length=10_000, description="The site's title rules apply (e.g. 15 to 150 characters).")
    body: str = Field(max_length=100_000, description="Markdown, as on the site.")
    tags: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] = Field(
        description='1 to 5 tag names, e.g. ["sync", "android"]; new names create the tag, as on the site.'
    )
    language: str = Field(
        "",
        max_length=16,
        description="The thread's language (a code of the site's languages); empty: detected from the text.",
    )


class NewAnswer(Schema):
    body: str = Field(max_length=100_000, description="Markdown, as on the site.")


class NewComment(Schema):
    body: str = Field(max_length=5_000, description="Plain text; links are allowed.")


class NewVote(Schema):
    value: VoteValue = Field(description="up or down. To withdraw a vote, DELETE it.")


class NewFlag(Schema):
    reason: FlagReason = Field(description="Why the post needs a moderator: the site's reasons.")
    note: str = Field("", max_length=300, description="A word for the moderators (optional).")
    duplicate_of: int | None = Field(
        None, ge=1, le=2**31 - 1, description="For `duplicate`: the number of the thread this one duplicates."
    )
