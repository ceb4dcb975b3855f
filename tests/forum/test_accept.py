"""Accepted answers: only the asker accepts, may change it; the accepted one is shown first."""

from community.models import Thread


def test_asker_accepts_and_the_answer_is_shown_first_and_question_answered(
    client_for, alice, bob, make_member, make_thread, make_answer
):
    carol = make_member("carol")
    thread = make_thread(alice)
    top = make_answer(bob, thread, body="The top voted answer, with many votes.")
    later = make_answer(carol, thread, body="The answer that actually solved it.")
    from community.forum import actions

    actions.vote(alice, top, 1)
    client = client_for(alice)
    assert client.post(f"/a/{later.pk}/accept").status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_answer == later
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.index("actually solved it") < page.index("top voted answer")
    assert "Accepted answer" in page
    listing = client.get("/threads/").content.decode()
    assert "stat-accepted" in listing


def test_asker_can_change_and_undo_acceptance(client_for, alice, bob, make_thread, make_answer):
    thread = make_thread(alice)
    first, second = make_answer(bob, thread), make_answer(bob, thread, body="A second, better answer to this.")
    client = client_for(alice)
    client.post(f"/a/{first.pk}/accept")
    client.post(f"/a/{second.pk}/accept")
    thread.refresh_from_db()
    assert thread.accepted_answer == second
    client.post(f"/a/{second.pk}/accept")
    thread.refresh_from_db()
    assert thread.accepted_answer is None


def test_only_the_asker_can_accept(client_for, alice, bob, make_member, make_thread, make_answer):
    thread = make_thread(alice)
    answer = make_answer(bob, thread)
    response = client_for(make_member("carol")).post(f"/a/{answer.pk}/accept")
    assert response.status_code == 403
    assert "Only the person who asked" in response.content.decode()
    assert Thread.objects.get(pk=thread.pk).accepted_answer is None


def test_tips_have_no_accepted_answer(client_for, alice, bob, make_thread, make_answer):
    tip = make_thread(alice, kind="tip", title="Color-code notebooks for quick scanning")
    reply = make_answer(bob, tip)
    assert client_for(alice).post(f"/a/{reply.pk}/accept").status_code == 409
    assert f"/a/{reply.pk}/accept" not in client_for(alice).get(tip.get_absolute_url()).content.decode()
    assert Thread.objects.get(pk=tip.pk).accepted_answer is None


def test_hiding_the_accepted_answer_unaccepts_it(alice, bob, moderator, make_thread, make_answer):
    from community.forum import actions

    thread = make_thread(alice)
    answer = make_answer(bob, thread)
    actions.accept_answer(alice, answer)
    actions.hide_post(moderator, answer)
    thread.refresh_from_db()
    assert thread.accepted_answer is None and thread.answer_count == 0
