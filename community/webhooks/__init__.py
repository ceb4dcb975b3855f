"""Webhooks: moderators' endpoints (CMS), signed JSON deliveries sent by the task worker, retries, the log.

See docs/api.md ("Webhooks") for what a receiver gets and how it verifies it.
"""
