from django.core.management.base import BaseCommand, CommandError

from portal.registry import configured_portals, installed_portals
from portal.services.reconcile import portal_differences


class Command(BaseCommand):
    help = (
        "Compare every active portal claim with its portal: status, messages, documents, the tasks of "
        "open portal actions, and that every stored item was announced to its fee earner. Reads only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--portal", choices=installed_portals(), help="only this portal")

    def handle(self, *args, portal, **options):
        problems, checked = [], 0
        for name in [portal] if portal else configured_portals():
            found, count = portal_differences(name)
            problems += found
            checked += count
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(f"{checked} claim(s) checked, {len(problems)} difference(s).")
        if problems:
            raise CommandError("ClaimDesk and the portal differ.")
