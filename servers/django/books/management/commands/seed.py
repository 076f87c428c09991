"""`manage.py seed`: the 500 deterministic books of servers/CONTRACT.md, idempotently.

Runs once before any server starts (a target's setup command), never in worker start-up.
"""
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from books.models import SEED_COUNT, Book, seed_row


class Command(BaseCommand):
    help = "Create the 500 deterministic books (no-op when they are already exactly there)."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if connection.vendor == "sqlite":
            # Persistent in the file: concurrent readers never wait for each other.
            with connection.cursor() as cur:
                cur.execute("PRAGMA journal_mode=WAL")
        want = [seed_row(i) for i in range(1, SEED_COUNT + 1)]
        have = list(Book.objects.order_by("id").values_list("id", "title", "author", "year"))
        if have == want:
            self.stdout.write(f"seed: {SEED_COUNT} books already present")
            return
        with transaction.atomic():
            Book.objects.all().delete()
            Book.objects.bulk_create([Book(id=i, title=t, author=a, year=y) for i, t, a, y in want])
        self.stdout.write(f"seed: wrote {SEED_COUNT} books (had {len(have)})")
