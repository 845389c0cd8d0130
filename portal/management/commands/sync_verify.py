from django.core.management.base import BaseCommand, CommandError

from cases.models import Portal
from portal.models import PortalClaim
from portal.registry import adapter_for
from portal.services.reconcile import claim_differences


class Command(BaseCommand):
    help = "Compare every active portal claim with the portal (status, messages, documents). Reads only."

    def add_arguments(self, parser):
        parser.add_argument("--portal", default=Portal.OIC, choices=Portal.values)

    def handle(self, *args, portal, **options):
        adapter = adapter_for(portal)
        problems, checked = [], 0
        try:
            for claim in (
                PortalClaim.objects.filter(portal=portal, is_active=True).select_related("case").iterator()
            ):
                problems += claim_differences(claim, adapter)
                checked += 1
        finally:
            adapter.close()
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(f"{checked} claim(s) checked, {len(problems)} difference(s).")
        if problems:
            raise CommandError("ClaimDesk and the portal differ.")
