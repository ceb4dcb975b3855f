"""Members' data rights (GDPR): download my data, delete my account after a grace period.

It sits in the top-but-one layer beside the importer and the demo because it must read every feature package
(forum, notifications, moderation, team) and rewards through ``rewards.api`` to gather or erase a member's data;
no package imports it. The privacy page itself is a Wagtail page type of ``community.site``.
"""
