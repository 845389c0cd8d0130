from django.core.management.base import BaseCommand

from supervision.services.daily import supervision_daily


class Command(BaseCommand):
    help = (
        "The daily supervision run: limitation dates and escalation tasks (6, 3 and 1 month before), "
        "liability timings, settlement valuations and the drift report. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        summary = supervision_daily(trigger="command")
        for name, value in summary.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")
