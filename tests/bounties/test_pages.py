"""The bounty on the question page (visitor, offerer, another member), the offer and award pages, the featured
list — and their query counts."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.bounties import actions as bounties
from community.forum import actions
from community.models import Bounty
from rewards import api as rewards_api


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def test_visitors_see_the_open_bounty_but_no_controls(live, client, question, asker, answerer):
    live(actions.post_answer, answerer, question, body="An answer with enough text to count.")
    live(bounties.offer_bounty, asker, question, 100)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "+100 reputation" in html and "Ada Asker</a> offered this bounty" in html and "It ends in 6" in html
    assert "Award +100" not in html and "Offer a bounty" not in html


def test_the_offerer_gets_an_award_button_on_each_answer_but_their_own(
    live, client_for, question, asker, answerer, make_member
):
    live(bounties.offer_bounty, asker, question, 100)
    theirs = live(actions.post_answer, answerer, question, body="An answer with enough text to count.")
    live(actions.post_answer, asker, question, body="The asker answering their own question.")
    html = client_for(asker).get(question.get_absolute_url()).content.decode()
    assert html.count("Award +100") == 1
    assert f"/a/{theirs.pk}/award-bounty" in html
    # Another member in the same position otherwise sees the panel without the buttons.
    other = client_for(make_member("other", reputation=300)).get(question.get_absolute_url()).content.decode()
    assert "+100 reputation" in other and "Award +100" not in other and "Offer a bounty" not in other


def test_members_with_the_reputation_see_offer_a_bounty_others_do_not(client_for, question, make_member):
    rich, poor = make_member("rich", reputation=300), make_member("poor", reputation=40)
    assert "Offer a bounty" in client_for(rich).get(question.get_absolute_url()).content.decode()
    assert "Offer a bounty" not in client_for(poor).get(question.get_absolute_url()).content.decode()


def test_a_young_question_offers_no_bounty(client_for, asker, make_member):
    young = actions.create_thread(
        asker, kind="question", title="A question asked just now", body="Body text long enough.", tags=["sync"]
    )
    assert "Offer a bounty" not in client_for(asker).get(young.get_absolute_url()).content.decode()


def test_offering_through_the_form(client_for, question, asker):
    client = client_for(asker)
    page = client.get(f"/t/{question.pk}/bounty")
    html = page.content.decode()
    assert page.status_code == 200 and "You have 300 reputation." in html
    assert '<option value="50"' in html and '<option value="500"' in html
    refused = client.post(f"/t/{question.pk}/bounty", {"amount": "300"})
    assert refused.status_code == 400 and "at most 299" in refused.content.decode()
    assert client.post(f"/t/{question.pk}/bounty", {"amount": "7"}).status_code == 400
    done = client.post(f"/t/{question.pk}/bounty", {"amount": "200"})
    assert done.status_code == 302 and done["Location"].endswith("#bounty")
    assert Bounty.objects.get().amount == 200 and rewards_api.reputation(asker) == 100
    again = client.get(f"/t/{question.pk}/bounty").content.decode()
    assert "already has an open bounty" in again and "Offer the bounty" not in again
    assert client.post(f"/t/{question.pk}/bounty", {"amount": "50"}).status_code == 409


def test_the_offer_page_explains_a_refusal_before_the_member_tries(client_for, question, make_member):
    html = client_for(make_member("poor", reputation=40)).get(f"/t/{question.pk}/bounty").content.decode()
    assert "You need 75 reputation to offer bounties; you have 40." in html and "Offer the bounty" not in html


def test_visitors_are_sent_to_log_in(client, question):
    assert client.get(f"/t/{question.pk}/bounty")["Location"].startswith("/accounts/login/")


def test_awarding_through_the_confirmation(live, client_for, question, asker, answerer, make_member):
    bounty = live(bounties.offer_bounty, asker, question, 100)
    answer = live(actions.post_answer, answerer, question, body="An answer with enough text to count.")
    url = f"/a/{answer.pk}/award-bounty"
    assert client_for(make_member("stranger")).post(url).status_code == 403
    assert client_for(make_member("peeker")).get(url).status_code == 403
    client = client_for(asker)
    confirm = client.get(url).content.decode()
    assert "Give your bounty of 100 reputation to Ann Answerer?" in confirm and "An answer with enough text" in confirm
    done = live(client.post, url)
    assert done.status_code == 302
    assert Bounty.objects.get(pk=bounty.pk).answer_id == answer.pk
    html = client.get(question.get_absolute_url()).content.decode()
    assert "+100 bounty" in html and "Award +100" not in html
    assert client.post(url).status_code == 409  # no open bounty any more


def test_featured_lists_open_bounties_ending_soonest_first(live, client, asker, make_member):
    patron = make_member("patron", reputation=5000)
    threads = [
        actions.create_thread(
            asker,
            kind="question",
            title=f"Featured question number {n}",
            body="Body text long enough.",
            tags=["sync"],
            at=timezone.now() - timedelta(days=3),
        )  # fmt: skip
        for n in range(3)
    ]
    for n, thread in enumerate(threads):
        live(bounties.offer_bounty, patron, thread, 50 * (n + 1), at=timezone.now() - timedelta(hours=n))
    awarded_thread = threads[0]
    answer = live(actions.post_answer, asker, awarded_thread, body="An answer with enough text.")
    live(bounties.award_bounty, patron, Bounty.objects.get(thread=awarded_thread), answer)
    html = client.get("/threads/featured/").content.decode()
    assert "2 questions with an open bounty" in html
    assert html.index("Featured question number 2") < html.index("Featured question number 1")
    assert "Featured question number 0" not in html and "+150" in html
    assert 'href="/threads/featured/"' in client.get("/threads/").content.decode()


def test_featured_runs_the_same_queries_for_one_or_many(live, client_for, asker, make_member):
    patron = make_member("patron", reputation=50000)
    reader = client_for(make_member("reader"))
    reader.get("/")

    def add(n):
        for i in range(n):
            thread = actions.create_thread(
                asker, kind="question", title=f"A question with a bounty {n}-{i}", body="Body text long enough.",
                tags=["sync", "offline"], at=timezone.now() - timedelta(days=3),
            )  # fmt: skip
            live(bounties.offer_bounty, patron, thread, 50)

    add(1)
    reader.get("/threads/featured/")  # the member's standing, cached from the first page on
    one, _html = _queries(reader, "/threads/featured/")
    add(25)
    many, html = _queries(reader, "/threads/featured/")
    assert "26 questions with an open bounty" in html
    assert one == many


def test_the_thread_page_stays_within_its_query_budget_with_a_bounty(live, client_for, question, asker, make_member):
    from tests.forum.test_query_counts import THREAD_PAGE_BUDGET

    crowd = [make_member(f"crowd{i}") for i in range(6)]
    live(bounties.offer_bounty, asker, question, 100)
    for i, member in enumerate(crowd):
        live(actions.post_answer, member, question, body=f"Answer number {i} with enough text.")
    for viewer in (asker, crowd[0]):
        client = client_for(viewer)
        client.get("/")
        cold, _ = _queries(client, question.get_absolute_url())
        warm, _ = _queries(client, question.get_absolute_url())
        assert cold <= THREAD_PAGE_BUDGET and warm <= 1
