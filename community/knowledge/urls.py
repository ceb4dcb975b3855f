"""URLs of knowledge (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.knowledge import views

urlpatterns = [
    path("<thread_or_answer:model>/<int:pk>/promote", views.promote, name="promote"),
]
