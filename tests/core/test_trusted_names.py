"""Names and titles people can trust (issue "Security hardening", point 5): what members see is what was
checked — normalised (NFKC), without invisible or bidirectional control characters, never blank, never Zalgo,
and no display name that could pass for a moderator's."""

import pytest

from community.forum.models import Thread

BODY = "Long enough body for the question to be accepted."


def _ask(client, title):
    return client.post("/ask/", {"kind": "question", "title": title, "body": BODY, "tags": "coffee"})


def _rename(client, name):
    return client.post("/settings/profile/", {"display_name": name, "bio": ""})


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def test_a_title_of_zero_width_spaces_is_refused_as_blank(as_alice):
    response = _ask(as_alice, "\u200b" * 10)
    assert response.status_code == 400
    assert "no visible characters" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_right_to_left_override_is_removed_from_a_title(as_alice):
    response = _ask(as_alice, "Which grinder \u202efor espresso\u202c?")
    assert response.status_code == 302
    assert Thread.objects.get().title == "Which grinder for espresso?"


def test_zalgo_titles_are_refused(as_alice):
    zalgo = "Which g" + "\u0301\u0316\u0317\u0318\u0319\u031c" * 3 + "rinder for espresso?"
    response = _ask(as_alice, zalgo)
    assert response.status_code == 400
    assert "too many accents on one letter" in response.content.decode()
    assert not Thread.objects.exists()


def test_titles_are_nfkc_normalised_and_accented_scripts_stay(as_alice):
    assert _ask(as_alice, "Ｗｈｉｃｈ grinder for espresso?").status_code == 302
    assert _ask(as_alice, "Tiếng Việt: máy xay nào tốt?").status_code == 302
    assert sorted(Thread.objects.values_list("title", flat=True)) == [
        "Tiếng Việt: máy xay nào tốt?",
        "Which grinder for espresso?",
    ]


def test_an_invisible_display_name_is_refused(as_alice, alice):
    response = _rename(as_alice, "\u3164\u3164\u3164")  # Hangul fillers: letters that draw nothing
    assert response.status_code == 400
    assert "no visible characters" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice Liddell"


@pytest.mark.parametrize(
    "copy",
    ["Hannah Brooks", "hannah brooks", "Hannah  Brooks.", "Наnnаh Вrооks", "HANNAH BR00KS", "hannah_brooks"],
    ids=["same", "case", "spacing and punctuation", "cyrillic letters", "digits for letters", "the username"],
)
def test_a_display_name_that_could_pass_for_a_moderators_is_refused(as_alice, alice, make_member, copy):
    make_member("hannah_brooks", staff=True, display_name="Hannah Brooks")
    response = _rename(as_alice, copy)
    assert response.status_code == 400
    assert "looks like the name of a moderator" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice Liddell"


def test_a_name_like_an_ordinary_members_is_allowed_and_a_moderator_keeps_their_own(
    client, as_alice, alice, make_member
):
    make_member("hannah_brooks", staff=True, display_name="Hannah Brooks")
    make_member("hannah_b", display_name="Hannah Brook")  # not a moderator: names may repeat
    assert _rename(as_alice, "Hannah Brook").status_code == 302
    moderator = make_member("mod2", staff=True, display_name="Sam Rivera")
    client.force_login(moderator)
    assert _rename(client, "Sam Rivera").status_code == 302


def _sign_up(client, username):
    password = "a long enough passphrase 42"
    return client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "username": username, "password1": password, "password2": password},
    )


def test_a_full_width_username_is_normalised_at_sign_up(client, django_user_model):
    response = _sign_up(client, "ｎｅｗｂｉｅ\u200b")
    assert response.status_code == 302
    assert django_user_model.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("copy", ["hannah-brooks", "HannahBrooks", "hannah.br00ks"])
def test_a_username_that_could_pass_for_a_moderators_name_is_refused_at_sign_up(
    client, make_member, django_user_model, copy
):
    make_member("hannah_brooks", staff=True, display_name="Hannah Brooks")
    response = _sign_up(client, copy)
    assert response.status_code == 200
    assert "looks like the name of a moderator" in response.content.decode()
    assert not django_user_model.objects.filter(email="new@example.com").exists()


def test_an_invisible_username_is_refused_at_sign_up(client, django_user_model):
    response = _sign_up(client, "\u200b\u200b\u200b")
    assert response.status_code == 200
    assert "no visible characters" in response.content.decode()
    assert not django_user_model.objects.filter(email="new@example.com").exists()


def test_the_usernames_of_erased_accounts_cannot_be_taken(client, django_user_model):
    response = _sign_up(client, "Deleted-42")
    assert response.status_code == 200
    assert "kept for deleted accounts" in response.content.decode()
    assert not django_user_model.objects.filter(email="new@example.com").exists()
