"""Pages for campaign makers (accounts of one organisation), under /intake/campagnes/.

Each module keeps its own list of patterns; this file only joins them.
"""

from . import maker_views, material_views

app_name = "makers"
urlpatterns = [*maker_views.patterns, *material_views.maker_patterns]
