from django.db import models


class Book(models.Model):
    id = models.AutoField(primary_key=True)
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=200)
    year = models.IntegerField()

    class Meta:
        db_table = "books"
        ordering = ["id"]

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "author": self.author, "year": self.year}


def seed_row(i: int) -> tuple[int, str, str, int]:
    """Book i of the deterministic seed in servers/CONTRACT.md."""
    return (i, f"Book {i}", f"Author {i % 50}", 1900 + (i % 120))


SEED_COUNT = 500
