from django.urls import path

from community.site import views

urlpatterns = [
    path("brand.css", views.brand_css, name="brand_css"),
]
