"""The members' side of the catalogue: browse the perks, redeem one with a confirmation step, follow one's
redemptions. Reads in ``queries``, the confirmation form in ``forms``, thin views in ``views``; the one write is
``rewards.actions.redeem.redeem``."""
