# The v2 API router the bench config's pages-api scenario reads (mysite/api.py; add it to mysite/urls.py).
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
