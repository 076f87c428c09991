from django.apps import AppConfig


class BooksConfig(AppConfig):
    name = "books"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .queries import register_sleep

        # Every new connection, in every thread and process, gets its own sleep() and call counter.
        connection_created.connect(register_sleep, dispatch_uid="asyncbench-register-sleep")

        from django.conf import settings

        if settings.ASYNCBENCH_VARIANT == "no-signals":
            from .nosignals import remove_thread_hops

            remove_thread_hops()
