from django.urls import path

from rewards import views
from rewards.catalogue import views as catalogue_views

app_name = "rewards"

urlpatterns = [
    path("privileges/", views.privileges_page, name="privileges"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("badges/", views.badge_list, name="badges"),
    path("badges/seen", views.awards_seen, name="awards_seen"),
    path("badges/<slug:slug>/", views.badge_detail, name="badge"),
    path("members/<str:username>/reputation/", views.reputation_profile, name="profile"),
    # --- the catalogue (rewards/catalogue): keep the perk's <slug> paths last, after every fixed /rewards/… path
    path("rewards/", catalogue_views.catalogue, name="catalogue"),
    path("rewards/redemptions/", catalogue_views.my_redemptions, name="redemptions"),
    path("rewards/redemptions/<int:pk>/", catalogue_views.redemption, name="redemption"),
    path("rewards/points/", views.points_page, name="points"),  # a member's reward points (rewards/points_history.py)
]

urlpatterns += [
    path("rewards/<slug:slug>/", catalogue_views.perk_detail, name="perk"),
    path("rewards/<slug:slug>/redeem/", catalogue_views.confirm, name="redeem"),
]
