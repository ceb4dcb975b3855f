"""URLs of the composer (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.composer import views

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("ask/question/", views.ask_kind("question"), name="ask_question"),
    path("ask/tip/", views.ask_kind("tip"), name="ask_tip"),
    path("ask/idea/", views.ask_kind("idea"), name="ask_idea"),
    path("t/<int:pk>/edit", views.edit_thread, name="edit_thread"),
    path("a/<int:pk>/edit", views.edit_answer, name="edit_answer"),
    path("t/<int:pk>/write", views.write_answer, name="write_answer"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/discard", views.discard_draft, name="discard_draft"),
    path("uploads/new", views.upload, name="upload"),
    path("uploads/<str:name>", views.serve_upload, name="upload_file"),
    path("tags-suggest/", views.suggest_tags, name="suggest_tags"),
]
