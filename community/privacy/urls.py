from django.urls import path

from community.privacy import views

urlpatterns = [
    path("settings/data/", views.your_data, name="your_data"),
    path("settings/data/export", views.request_export, name="request_export"),
    path("settings/data/download/<str:token>/", views.download, name="download_data"),
    path("settings/data/delete", views.delete_account, name="delete_account"),
    path("settings/data/delete/cancel", views.cancel_deletion, name="cancel_deletion"),
]
