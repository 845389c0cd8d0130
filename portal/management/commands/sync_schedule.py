from django.core.management.base import BaseCommand

from portal.tasks import schedule_next_sync


class Command(BaseCommand):
    help = "Queue the next daily portal sync on the database queue, unless one is queued already."

    def handle(self, *args, **options):
        when = schedule_next_sync()
        self.stdout.write(
            f"Next portal sync queued for {when:%d/%m/%Y %H:%M}." if when else "A sync is already queued."
        )
