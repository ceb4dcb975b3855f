"""URLs of team (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.team import views

urlpatterns = [
    path("ideas/", views.ideas_board, name="ideas"),
    path("t/<int:pk>/status", views.set_idea_status, name="idea_status"),
]
