"""URLs of bounties (included by ``community/urls.py`` under the ``community:`` namespace, before the forum's:
``threads/featured/`` would otherwise read as a sort of the thread list)."""

from django.urls import path

from community.bounties import views

urlpatterns = [
    path("threads/featured/", views.featured, name="featured"),
    path("t/<int:pk>/bounty", views.offer, name="offer_bounty"),
    path("a/<int:pk>/award-bounty", views.award, name="award_bounty"),
]
