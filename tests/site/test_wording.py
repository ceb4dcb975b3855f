"""Two wordings members and moderators reported as broken (issue 15): the badge catalogue said "A answer …" and
the CMS named the reputation ledger's rows "Ledger entrys" (Django's automatic plural)."""

from django.urls import reverse

from rewards.models import Badge


def test_the_badge_catalogue_says_an_answer(client, db):
    """The answer badges' descriptions read "An answer …" on the public badge list."""
    assert Badge.objects.filter(slug="nice-answer").exists()
    page = client.get(reverse("rewards:badges")).content.decode()
    assert "An answer with a score of 10 or more." in page
    assert "A answer" not in page


def test_the_cms_names_reputation_changes_in_plain_english(make_member, client_for):
    """The ledger's rows have a written plural: the CMS never shows Django's made-up "entrys"."""
    admin = client_for(make_member("root", superuser=True))
    for path in ("/cms/rewards/ledger/", "/cms/"):
        page = admin.get(path).content.decode()
        assert "entrys" not in page.lower()
    assert "Reputation changes" in admin.get("/cms/rewards/ledger/").content.decode()
