"""The team's monthly recognition: the member of the month and the tag champions.

``queries`` ranks the month's contributors (the CMS shortlist) and reads what pages show; ``cms`` is the team's
screen in the Wagtail admin; the one write is ``rewards.actions.spotlight.publish_recognition``.
"""
