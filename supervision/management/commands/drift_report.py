from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from supervision.models import DriftItem
from supervision.services.drift import drift_report_run


class Command(BaseCommand):
    help = "Run the drift report now (the whole firm, or one team) and list its open lines."

    def add_arguments(self, parser):
        parser.add_argument("--team", help="The team's name (default: every team)")

    def handle(self, *args, team=None, **options):
        chosen = None
        if team:
            chosen = Team.objects.filter(name=team).first()
            if chosen is None:
                raise CommandError(f"No team named {team!r}.")
        run = drift_report_run(team=chosen, trigger="command")
        self.stdout.write(f"{run.found} line(s): {run.new} new, {run.resolved} resolved.")
        items = DriftItem.objects.filter(resolved_at__isnull=True).select_related("case")
        if chosen:
            items = items.filter(team=chosen)
        for item in items.order_by("kind", "case__reference"):
            reviewed = " (reviewed)" if item.is_reviewed else ""
            self.stdout.write(f"{item.case.reference}  {item.get_kind_display()}{reviewed}: {item.detail}")
