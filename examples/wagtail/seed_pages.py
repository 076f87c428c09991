# Seeds 200 pages under the home page (idempotent), for the API listing and page views.
from wagtail.models import Page
from home.models import HomePage

home = HomePage.objects.first()
have = home.get_children().count()
for i in range(have, 200):
    home.add_child(instance=HomePage(title=f"Bench page {i + 1}", slug=f"bench-{i + 1}"))
print(f"pages under home: {home.get_children().count()}")
