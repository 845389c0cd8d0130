from django.core.management.base import BaseCommand, CommandError

from cases.models import Portal
from portal.services import nightly


class Command(BaseCommand):
    help = "Run the portal sync now, in this process (what cron or a systemd timer calls nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--portal", default=Portal.OIC, choices=Portal.values)
        parser.add_argument("--threads", type=int, default=None, help="claims synced in parallel")

    def handle(self, *args, portal, threads, **options):
        try:
            run = nightly.run_sync(portal=portal, trigger="command", threads=threads)
        except nightly.SyncAlreadyRunning as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Sync {run.pk}: {run.get_status_display()} — {run.claims_synced} claim(s) synced, "
            f"{run.claims_failed} failed, {run.messages} message(s), {run.documents} document(s), "
            f"{run.tasks} task(s); read the portal up to {run.window_to}."
        )
        if run.status == run.Status.FAILED:
            raise CommandError("The sync failed: see the operations page.")
