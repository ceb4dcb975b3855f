from django.urls import path, register_converter

from community import converters

from community import views, views_care, views_knowledge

app_name = "community"

register_converter(converters.ThreadOrAnswer, "thread_or_answer")
register_converter(converters.PostModel, "post_model")

urlpatterns = [
    path("threads/", views.thread_list, name="threads"),
    path("threads/<str:sort>/", views.thread_list, name="threads_sorted"),
    path("ask/", views.ask, name="ask"),
    path("t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    path("t/<int:pk>/edit", views.edit_thread, name="edit_thread"),
    path("t/<int:pk>/answer", views.answer, name="answer"),
    path("a/<int:pk>/edit", views.edit_answer, name="edit_answer"),
    path("a/<int:pk>/accept", views.accept, name="accept"),
    path("<thread_or_answer:model>/<int:pk>/revisions", views.revisions, name="revisions"),
    path("<thread_or_answer:model>/<int:pk>/comment", views.comment, name="comment"),
    path("<thread_or_answer:model>/<int:pk>/vote", views.vote, name="vote"),
    path("<post_model:model>/<int:pk>/delete", views.delete, name="delete"),
    path("<post_model:model>/<int:pk>/flag", views.flag, name="flag"),
    path("<thread_or_answer:model>/<int:pk>/suggest-edit", views.suggest_edit, name="suggest_edit"),
    path("<post_model:model>/<int:pk>/restore", views.restore, name="restore"),
    path("<thread_or_answer:model>/<int:pk>/promote", views_knowledge.promote, name="promote"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("tags/<str:slug>/<str:sort>/", views.tag_detail, name="tag_sorted"),
    path("members/<str:username>/", views.member_detail, name="member"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    # community care (community/views_care.py)
    path("ideas/", views_care.ideas_board, name="ideas"),
    path("t/<int:pk>/status", views_care.set_idea_status, name="idea_status"),
    path("t/<int:pk>/follow", views_care.follow_thread, name="follow_thread"),
    path("tags/<str:slug>/follow", views_care.follow_tag, name="follow_tag"),
    path("inbox/", views_care.inbox, name="inbox"),
    path("inbox/read", views_care.read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/", views_care.open_notification, name="open_notification"),
    path("settings/notifications/", views_care.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", views_care.unsubscribe, name="unsubscribe"),
]
