"""Staff pages of the inventory survey, under /intake/enquete/.

Invitations (invitation_urls.py) and the review of proposed changes
(review_urls.py) are kept in their own modules.
"""

from .invitation_urls import urlpatterns as invitation_patterns
from .review_urls import urlpatterns as review_patterns

app_name = "survey-staff"
urlpatterns = [*invitation_patterns, *review_patterns]
