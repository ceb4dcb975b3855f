"""URLs of moderation (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.moderation import views

urlpatterns = [
    path("<post_model:model>/<int:pk>/flag", views.flag, name="flag"),
    path("<thread_or_answer:model>/<int:pk>/suggest-edit", views.suggest_edit, name="suggest_edit"),
    path("t/<int:pk>/reopen", views.reopen_thread, name="reopen_thread"),
]
