"""Onboarding: the welcome page a new member lands on, and the first-steps checklist their own pages remember."""
