from django.core.management.base import BaseCommand, CommandError

from demo.bulk import fee_earners_of, link_claims, portal_claims


class Command(BaseCommand):
    help = "Create one case per claim an organisation has on the OIC simulator (benchmarks, fault tests)."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="the simulator, e.g. http://127.0.0.1:8100")
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--team", help="fee earners of this team get the cases (default: all teams)")

    def handle(self, *args, url, organisation, team, **options):
        fee_earners = fee_earners_of(team)
        if not fee_earners:
            raise CommandError("No active fee earner to give the cases to: run demo_seed first.")
        created = link_claims(list(portal_claims(url, organisation)), fee_earners)
        self.stdout.write(f"{created} case(s) linked to {organisation}'s claims on {url}.")
