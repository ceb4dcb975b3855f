from django.urls import path

from rewards import views

app_name = "rewards"

urlpatterns = [
    path("privileges/", views.privileges_page, name="privileges"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("badges/", views.badge_list, name="badges"),
    path("badges/seen", views.awards_seen, name="awards_seen"),
    path("badges/<slug:slug>/", views.badge_detail, name="badge"),
    path("members/<str:username>/reputation/", views.reputation_profile, name="profile"),
]
