"""Staff review of the changes survey answers propose (under /intake/enquete/)."""

from django.urls import path

from . import review_views

urlpatterns = [
    path("antwoorden/", review_views.review_list, name="review-list"),
    path("antwoorden/<int:pk>/", review_views.review_response, name="review-response"),
    path(
        "antwoorden/<int:pk>/bestand/<str:name>",
        review_views.survey_file,
        name="review-file",
    ),
]
