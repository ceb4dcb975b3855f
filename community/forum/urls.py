"""URLs of forum (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.forum import views

urlpatterns = [
    path("threads/", views.thread_list, name="threads"),
    path("threads/<str:sort>/", views.thread_list, name="threads_sorted"),
    path("preview/", views.preview, name="preview"),
    path("t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    path("t/<int:pk>/answer", views.answer, name="answer"),
    path("a/<int:pk>/accept", views.accept, name="accept"),
    path("<thread_or_answer:model>/<int:pk>/revisions", views.revisions, name="revisions"),
    path("<thread_or_answer:model>/<int:pk>/comment", views.comment, name="comment"),
    path("<thread_or_answer:model>/<int:pk>/vote", views.vote, name="vote"),
    path("<post_model:model>/<int:pk>/delete", views.delete, name="delete"),
    path("<post_model:model>/<int:pk>/restore", views.restore, name="restore"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("tags/<str:slug>/<str:sort>/", views.tag_detail, name="tag_sorted"),
    path("members/<str:username>/", views.member_detail, name="member"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("language/", views.set_language, name="set_language"),
]
