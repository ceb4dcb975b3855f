from django.urls import path

from community.onboarding import views

urlpatterns = [
    path("welcome/", views.welcome, name="welcome"),
    path("welcome/read/<int:answer_id>", views.open_good_answer, name="welcome_read"),
    path("welcome/dismiss", views.dismiss, name="welcome_dismiss"),
]
