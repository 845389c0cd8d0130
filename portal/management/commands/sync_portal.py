from django.core.management.base import BaseCommand, CommandError

from portal.models import SyncRun
from portal.registry import configured_portals, installed_portals
from portal.services import nightly


class Command(BaseCommand):
    help = (
        "Run the portal sync now, in this process, for every configured portal or one (what cron or a "
        "systemd timer calls nightly). Exits non-zero when a run failed or stopped early."
    )

    def add_arguments(self, parser):
        parser.add_argument("--portal", choices=installed_portals(), help="only this portal")
        parser.add_argument("--threads", type=int, default=None, help="claims synced in parallel")

    def handle(self, *args, portal, threads, **options):
        portals = [portal] if portal else configured_portals()
        if not portals:
            raise CommandError("No portal connection is set up: nothing to sync.")
        runs = nightly.run_all(trigger="command", threads=threads, portals=portals)
        if len(runs) < len(portals):
            raise CommandError("A sync is already running for a portal (see the Operations page).")
        for run in runs:
            self.stdout.write(
                f"{run.get_portal_display()} sync {run.pk}: {run.get_status_display()} — "
                f"{run.claims_synced} claim(s) synced, {run.claims_failed} failed, "
                f"{run.messages} message(s), {run.documents} document(s), {run.tasks} task(s); "
                f"read the portal up to {run.window_to}."
                + (f"\n  {run.stop_reason}" if run.stop_reason else "")
            )
        stopped = [
            run for run in runs if run.status not in {SyncRun.Status.SUCCEEDED, SyncRun.Status.PARTIAL}
        ]
        if stopped:
            raise CommandError(
                "; ".join(f"{run.get_portal_display()}: {run.get_status_display()}" for run in stopped)
                + " — see the Operations page."
            )
