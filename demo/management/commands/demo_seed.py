import os

from django.core.management.base import BaseCommand, CommandError

from demo.cases import seed_cases
from demo.people import ensure_people
from demo.portal import (
    cp_demo_scenario,
    demo_scenario,
    ensure_connection,
    ensure_cp_connection,
    seed_cp_claims,
    seed_portal_claims,
)
from demo.roster import USERS
from demo.supervision import seed_supervision


class Command(BaseCommand):
    help = "Create the demo firm (teams, users of each role, about fifty cases). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=50)

    def handle(self, *args, cases, **options):
        password = os.environ.get("CLAIMDESK_DEMO_PASSWORD")
        if not password:
            raise CommandError("Set CLAIMDESK_DEMO_PASSWORD (make run generates one in var/demo.env).")
        users = ensure_people(password)
        created = seed_cases(users, count=cases)
        self.stdout.write(f"Demo firm ready: {len(USERS)} users, {created} new case(s).")
        url = os.environ.get("CLAIMDESK_DEMO_OIC_URL")
        if url:
            ensure_connection(
                url=url,
                client_id=os.environ["CLAIMDESK_DEMO_OIC_CLIENT_ID"],
                client_secret=os.environ["CLAIMDESK_DEMO_OIC_CLIENT_SECRET"],
            )
            submitted = seed_portal_claims(url=url)
            demo_scenario(url)
            self.stdout.write(f"OIC simulator at {url}: {submitted} demo claim(s) submitted.")
        cp_url = os.environ.get("CLAIMDESK_DEMO_CP_URL")
        if cp_url:
            ensure_cp_connection(
                url=cp_url,
                client_id=os.environ["CLAIMDESK_DEMO_CP_CLIENT_ID"],
                client_secret=os.environ["CLAIMDESK_DEMO_CP_CLIENT_SECRET"],
                login_as=os.environ["CLAIMDESK_DEMO_CP_LOGIN_AS"],
            )
            sent = seed_cp_claims(url=cp_url)
            cp_demo_scenario(cp_url)
            self.stdout.write(f"Claims Portal simulator at {cp_url}: {sent} demo claim(s) sent.")
        summary = seed_supervision()
        warnings, drift = summary["warnings_raised"], summary["drift_lines"]
        self.stdout.write(f"Supervision: {warnings} limitation warning(s), {drift} drift line(s).")
