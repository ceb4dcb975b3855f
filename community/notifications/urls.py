"""URLs of notifications (included by ``community/urls.py`` under the ``community:`` namespace)."""

from django.urls import path

from community.notifications import views

urlpatterns = [
    path("t/<int:pk>/follow", views.follow_thread, name="follow_thread"),
    path("tags/<str:slug>/follow", views.follow_tag, name="follow_tag"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read", views.read_all, name="inbox_read_all"),
    path("inbox/reputation/", views.reputation_changes, name="reputation_changes"),
    path("inbox/<int:pk>/", views.open_notification, name="open_notification"),
    path("settings/notifications/", views.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
