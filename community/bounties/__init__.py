"""Bounties, as Stack Exchange has them: a member puts some of their own reputation on a question to draw
answers, and awards it to the answer that helped; unawarded at its end, half goes to the best new answer.

The ``Bounty`` row lives with the forum's models (the importer and the reputation recompute read it there);
this package holds what members do with it (``actions``), what pages show (``queries``, ``templatetags``,
``views``) and the sweep of ended bounties (``manage.py community_bounties_due``). Reputation moves in
rewards, from the events (``rewards/handlers.py``); the rules come from ``rewards.api.bounty_rules()``.
"""
