"""The best answer quoted under each ranked thread of a topic hub: which answer it is, its link and its excerpt.

The rules (community.knowledge.cache._best_answers): the accepted answer, whatever its score; else the top-voted
answer if it has a positive score; else none. Hiding the accepted answer hands the quote to the top-voted one,
and a hidden thread leaves the list.
"""

from __future__ import annotations

import pytest

from community.forum import actions
from community.moderation import actions as moderation_actions
from tests.search_support import backend, es_url, post_thread  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

BODY = "Some words so that the body is long enough to post."


def row_of(html: str, title: str) -> str:
    """The ranked row of the thread titled ``title`` on a topic hub."""
    ranked = html.split('id="ranked-title"')[1] if 'id="ranked-title"' in html else html
    start = ranked.index(title)
    return ranked[ranked.rindex("<li", 0, start) : ranked.index("</li>", start)]


def hub(client) -> str:
    response = client.get("/knowledge/topics/brewing/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_accepted_answer_is_quoted_even_when_another_has_more_votes(
    backend, post_thread, make_member, live, client
):
    thread = post_thread("Why does my starter smell of sulphur", BODY, tags=["brewing"])
    helper = make_member("helper", display_name="Hélène Helper")
    popular = make_member("popular")
    with live():
        accepted = actions.post_answer(helper, thread, body="Lager yeast gives it off; it fades in a week.")
        voted = actions.post_answer(popular, thread, body="Throw it away and start again from scratch.")
        for i in range(3):
            actions.vote(make_member(f"fan{i}"), voted, 1)
        actions.accept_answer(thread.author, accepted)
    row = row_of(hub(client), thread.title)
    assert "Lager yeast gives it off" in row and "Throw it away" not in row
    assert "Accepted answer by" in row and "Hélène Helper" in row
    assert f'href="{thread.get_absolute_url()}#answer-{accepted.pk}"' in row


def test_without_an_accepted_answer_the_top_voted_one_is_quoted_if_it_has_votes(
    backend, post_thread, make_member, live, client
):
    voted = post_thread("Best water profile for a stout", BODY, tags=["brewing"])
    unvoted = post_thread("Is a glass carboy worth it", BODY, tags=["brewing"])
    with live():
        actions.post_answer(make_member("low"), voted, body="Soft water and a pinch of chalk is plenty.")
        top = actions.post_answer(make_member("high"), voted, body="Add calcium chloride and baking soda.")
        actions.vote(make_member("fan"), top, 1)
        actions.post_answer(make_member("quiet"), unvoted, body="Plastic buckets are lighter and do the job.")
    html = hub(client)
    row = row_of(html, voted.title)
    assert "Top answer by" in row and "Add calcium chloride" in row and "Soft water" not in row
    assert f"#answer-{top.pk}" in row
    quiet = row_of(html, unvoted.title)
    assert "Plastic buckets" not in quiet and "best-answer" not in quiet  # no votes: nothing is quoted


def test_a_hidden_accepted_answer_gives_way_to_the_top_voted_one_and_a_hidden_thread_leaves_the_list(
    backend, post_thread, make_member, moderator, live, client
):
    kept = post_thread("How long to cold crash", BODY, tags=["brewing"])
    gone = post_thread("Cheap fermentation chamber ideas", BODY, tags=["brewing"])
    with live():
        accepted = actions.post_answer(make_member("crasher"), kept, body="Two days near freezing clears it.")
        actions.accept_answer(kept.author, accepted)
        other = actions.post_answer(make_member("other"), kept, body="A week if you have the patience.")
        actions.vote(make_member("fan"), other, 1)
    assert "Two days near freezing" in row_of(hub(client), kept.title)
    with live():
        moderation_actions.moderate_hide(moderator, accepted, reason="spam")
        moderation_actions.moderate_hide(moderator, gone, reason="spam")
    html = hub(client)
    row = row_of(html, kept.title)
    assert "Two days near freezing" not in row
    assert "Top answer by" in row and "A week if you have" in row and f"#answer-{other.pk}" in row
    assert gone.title not in html


def test_the_excerpt_is_the_answers_plain_text_cut_at_220_characters(backend, post_thread, make_member, live, client):
    thread = post_thread("Dry hopping schedule for a hazy IPA", BODY, tags=["brewing"])
    long_body = "**Day three** of fermentation & <b>again</b> at day six: " + "hop creep adds gravity points. " * 20
    with live():
        answer = actions.post_answer(make_member("hopper"), thread, body=long_body)
        actions.vote(make_member("fan"), answer, 1)
    row = row_of(hub(client), thread.title)
    text = row.split('class="best-answer-text">')[1].split(" <a href=")[0]
    assert text.startswith("Day three of fermentation &amp; ")  # tags gone, the ampersand escaped once
    assert "<strong>" not in text and "&lt;strong" not in text and "**" not in text
    assert text.endswith("…") and len(text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")) == 220
