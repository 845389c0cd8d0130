"""The Claims Portal behind ClaimDesk's portal interface (portal.base.PortalRules and PortalAdapter).

What differs from the OIC, and how it fits the same boundary (docs/claims-portal.md):

- one step to send a claim (``addClaim``): there is no Complete Submission;
- every write quotes the claim's ``activityEngineGuid`` (ClaimState.version); a stale one, or a
  method the phase does not allow, is the portal saying the claim has moved on;
- no messages: notes are not offered, and a file is the way to send anything;
- no assignments feed: the action a claim waits for is made from its phase and timeouts
  (claims_portal.assignments); the notifications list, and the claims updated since the last run,
  tell the nightly sync which claims changed;
- attachments and the portal's printable documents (PDFs made at each step) are the claim's files.
"""

import datetime as dt
from urllib.parse import quote

from accounts.models import User
from cases.models import Case, Portal
from lookups.models import ValueList
from portal import errors
from portal.base import (
    Assignment,
    Attachment,
    AttachmentRef,
    ChangesPage,
    ClaimState,
    FieldLocation,
    Message,
    MessageRef,
    Notification,
    Part,
    Problem,
    StageAction,
    StageFacts,
    StatusInfo,
    ValueLists,
)
from portal.claims_portal import assignments, checks, eligibility, mapping, schemas, stages, statuses
from portal.claims_portal.client import ClaimsPortalClient
from portal.models import PortalClaim, PortalConnection

NO_MESSAGES = "The Claims Portal has no messages: send a document instead."
CHANGED = frozenset({Part.DETAILS, Part.ACTIONS, Part.DOCUMENTS})


class ClaimsPortalRules:
    """What the Claims Portal is: phases, scope, checks. No connection needed."""

    portal = Portal.CLAIMS_PORTAL
    label = "Claims Portal"
    lists = ValueLists(
        exit_reason=ValueList.CP_EXIT_REASON,
        message_category=ValueList.MESSAGE_CATEGORY,  # never offered: the portal has no messages
        document_category=ValueList.CP_DOCUMENT_CATEGORY,
        loss_type=ValueList.CP_LOSS_TYPE,
    )
    injury_tab_label = "Injury"
    has_messages = False
    connection_fields = ("login_as", "firm_name", "firm_phone")
    case_sections = ("Claims Portal",)  # value band, AskCUE reference, defendant, compensator
    settings_heading = "Connection"
    submission_note = (
        "Submitting sends the Claim Notification Form to the compensator: the claim becomes "
        "ClaimSubmitted. The compensator acknowledges it (normally the next business day) and has 15 "
        "business days to decide liability (30 for the MIB, or once Article 75 applies)."
    )

    def status(self, code: str) -> StatusInfo:
        return statuses.status_info(code)

    def statuses(self) -> list[StatusInfo]:
        return list(statuses.STATUSES.values())

    def warnings(self, case: Case) -> list[str]:
        return eligibility.warnings(case)

    def check(self, case: Case, *, acting_user: User) -> list[Problem]:
        return checks.check_case(case, acting_user=acting_user)

    def locate(self, field_path: str) -> FieldLocation:
        return mapping.locate(field_path)

    def endpoint_defaults(self) -> dict[str, tuple[str, str]]:
        return {}  # the client's operation paths are fixed; only the token URL is a setting

    def endpoint_problem(self, operation: str, method: str, path: str) -> str:
        return f"The Claims Portal has no operation called {operation}."

    def actions(self, status: str, facts: StageFacts) -> list[StageAction]:
        return stages.actions(status, facts)


class ClaimsPortalAdapter(ClaimsPortalRules):
    """A live connection to the Claims Portal, acting as the connection's ``loginAs`` user."""

    honours_idempotency_keys = True  # our simulator's contract, not the portal's (docs/claims-portal.md)

    def __init__(self, connection: PortalConnection, **client_options):
        self.connection = connection
        self.client = ClaimsPortalClient(
            connection.url,
            client_id=connection.client_id,
            client_secret=connection.client_secret,
            login_as=connection.login_as,
            connection_pk=connection.pk,
            token_url=connection.token_url,
            **client_options,
        )

    def close(self) -> None:
        self.client.close()

    # -- Sending a claim --------------------------------------------------------------------------------

    def submit(self, case: Case, *, acting_user: User, idempotency_key: str) -> ClaimState:
        """``addClaim``. The answer is the new claim's ``claimInfo`` (nothing read after the write, so a
        failed read can never hide a claim that was made)."""
        return self.client.add_claim(self._cnf(case), idempotency_key=idempotency_key)

    def find(self, case: Case) -> ClaimState | None:
        """The open claim made from this case (our reference is the CNF's CR reference), newest first;
        an earlier claim of the case that has left the portal is not it."""
        found = self.client.search_claims(crReferenceNumber=case.reference, sortField="ApplicationId")
        open_claims = [c for c in found if not self.status(c.status).is_closed]
        return max(open_claims, key=lambda c: c.claim_id) if open_claims else None

    def complete_submission(self, claim_id: str, *, idempotency_key: str) -> ClaimState:
        raise errors.PortalRejected("The Claims Portal has no Complete Submission step: the claim is sent.")

    def _cnf(self, case: Case) -> dict:
        if not (self.connection.firm_name and self.connection.firm_phone):
            raise errors.PortalNotConfigured(
                "The claim form names the firm: an administrator must enter the firm's name and telephone "
                "in the Claims Portal settings."
            )
        representative = {"company_name": self.connection.firm_name, "phone": self.connection.firm_phone}
        return mapping.cnf(case, representative=representative, compensator=self._compensator(case))

    def _compensator(self, case: Case) -> dict:
        """The portal's compensator for the case's insurer (``searchCompensators``), or a refusal that
        names the candidates, against the field to fix."""
        wanted_id = mapping.details_of(case).compensator_id.upper()
        name = case.insurer.name.strip()
        if wanted_id:
            found = [
                c for c in self.client.compensators(name=name) if c["organisationId"].upper() == wanted_id
            ]
            found = found or [
                c for c in self.client.compensators() if c["organisationId"].upper() == wanted_id
            ]
            if not found:
                raise _insurer_problem(
                    "defendant.insurer.organisationId",
                    f"The Claims Portal has no compensator with the ID {wanted_id}.",
                )
            return found[0]
        found = self.client.compensators(name=name)
        exact = [c for c in found if c["organisationName"].strip().lower() == name.lower()]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0]
        if not found:
            raise _insurer_problem(
                "defendant.insurer",
                f"The Claims Portal has no compensator called “{name}”: give the insurer's name as the "
                "portal knows it (its registered company name).",
            )
        names = "; ".join(f"{c['organisationName']} ({c['organisationId']})" for c in found[:10])
        raise _insurer_problem(
            "defendant.insurer.organisationId",
            f"“{name}” matches several compensators: enter the right one's ID. {names}.",
        )

    # -- Reading a claim --------------------------------------------------------------------------------

    def claim(self, claim_id: str) -> ClaimState:
        return schemas.claim_state(self.client.get_claim(claim_id))

    def messages(self, claim_id: str) -> list[MessageRef]:
        return []  # the portal has no messages (claims-portal.md 5.7)

    def message(self, portal_id: str) -> Message:
        raise errors.PortalNotFound(NO_MESSAGES)

    def send_message(self, claim_id: str, *, category: str, text: str, idempotency_key: str) -> str:
        raise errors.PortalRejected(NO_MESSAGES)

    def attachments(self, claim_id: str) -> list[AttachmentRef]:
        """The claim's files: attachments (either side's) and the portal's printable documents."""
        return self.client.attachments(claim_id) + self.client.printable_documents(claim_id)

    def attachment(self, portal_id: str) -> Attachment:
        if portal_id.startswith(schemas.PRINTABLE):
            content = self.client.printable_document(portal_id.removeprefix(schemas.PRINTABLE))
            ref = AttachmentRef(portal_id, "Other", "Printable document", f"{portal_id}.pdf", "", None)
            return Attachment(ref=ref, content=content)
        return self.client.attachment(portal_id)

    def send_attachment(
        self, claim_id: str, *, file_name: str, content: bytes, category: str, memo: str, idempotency_key: str
    ) -> str:
        """``addAttachment``: the category travels as the title (the portal has no categories)."""
        return self.client.add_attachment(
            claim_id,
            title=mapping.title_of(category),
            description=memo,
            file_name=file_name,
            content=content,
            key=idempotency_key,
        )

    # -- Writes on a claim: exit and the stage actions ---------------------------------------------------

    def exit(self, claim_id: str, *, reason: str, comment: str, idempotency_key: str) -> ClaimState:
        """``exitProcess`` with the claim's current version; the compensator must acknowledge it."""
        version = self.client.claim_status(claim_id).version
        fields = {"exitReasonCode": reason, "exitComment": comment.strip() or None}
        self.client.workflow(
            claim_id, "exitProcess", fields, version=version, idempotency_key=idempotency_key
        )
        return self.claim(claim_id)

    def perform(
        self, claim_id: str, action: StageAction, values: dict, *, version: str, idempotency_key: str
    ) -> ClaimState:
        """The action's workflow method, quoting the claim's version (read now when it is not known), under
        a key derived from the action's (so a repeat is answered, not redone); then the claim as it stands."""
        version = version or self.client.claim_status(claim_id).version
        # Everything from the case first: a pack without losses is refused before anything is sent.
        prepared = [(call, self._completed(claim_id, call)) for call in stages.requests(action, values)]
        for index, (call, fields) in enumerate(prepared):
            try:
                state = self.client.workflow(
                    claim_id,
                    call.method,
                    fields,
                    version=version,
                    idempotency_key=f"{idempotency_key}:{index}",
                )
            except errors.PortalConflict:
                raise
            except errors.PortalRejected as exc:
                raise _in_form_terms(exc) from None
            version = state.version
        return self.claim(claim_id)

    def _completed(self, claim_id: str, call: stages.Call) -> dict:
        """A call's fields with what comes from the case: the claim form, or the Losses tab as lines."""
        if not call.needs:
            return call.fields
        case = _case_of(claim_id)
        if call.needs == "cnf":
            return {"claim": self._cnf(case)}
        fields = dict(call.fields)
        lines = mapping.loss_lines(case)
        general = fields.pop("generalDamages", None)
        if general is not None:
            lines.insert(
                0, {"lossType": mapping.GENERAL_DAMAGES, "grossValueClaimed": general, "comments": None}
            )
        if not lines:
            raise errors.PortalRejected(
                "The pack lists the losses behind it: add them on the Losses tab first.",
                problems=[
                    errors.FieldProblem("losses", "AtLeastOne", "Add the losses on the Losses tab first.")
                ],
            )
        return fields | {"losses": lines}

    # -- Changes, actions and the rest -------------------------------------------------------------------

    def notifications(self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1) -> ChangesPage:
        """The portal's notifications in [since, until), and one for each claim updated in that window
        (the claims the firm changed on the portal's own web site raise no notification)."""
        listed, updated = self.client.changes(since)

        def within(moment: dt.datetime | None) -> bool:
            return moment is None or (moment >= since and (until is None or moment < until))

        found = [n for n in listed.notifications if within(n.created_at)]
        found += [
            Notification(
                key=f"u:{claim.claim_id}:{claim.version}"[:60],
                claim_id=claim.claim_id,
                kind="Updated",
                description="The claim changed on the Claims Portal.",
                created_at=claim.updated_at,
                parts=CHANGED,
            )
            for claim in updated
            if within(claim.updated_at)
        ]
        return ChangesPage(notifications=found, as_of=listed.as_of, skipped=listed.skipped)

    def assignments(self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1) -> ChangesPage:
        """The portal has no assignments feed: a claim's action is read with the claim (``claim_actions``)."""
        return ChangesPage()

    def claim_actions(self, claim_id: str, *, since: dt.datetime) -> list[Assignment]:
        found = assignments.our_action(self.client.get_claim(claim_id))
        return [found] if found is not None else []

    def manage_url(self, claim_id: str) -> str:
        base = (self.connection.web_url or self.connection.url).rstrip("/")
        return f"{base}/portal/claims/{quote(claim_id, safe='')}"

    def test_connection(self) -> str:
        """A fresh token, then a reference list as the loginAs user: proves address, credentials and user."""
        token = self.client.fetch_token()
        reasons = self.client.reference("exit-reasons")
        minutes = max(1, int((token.expires_at - dt.datetime.now(dt.UTC)).total_seconds() // 60))
        return (
            f"Connected as {self.connection.login_as}: the portal issued a token valid for {minutes} minutes "
            f"and answered ({len(reasons)} exit reasons)."
        )


def _insurer_problem(field: str, message: str) -> errors.PortalRejected:
    return errors.PortalRejected(
        message,
        code="InsurerNotSelected",
        problems=[errors.FieldProblem(field, "InsurerNotSelected", message)],
    )


def _in_form_terms(exc: errors.PortalRejected) -> errors.PortalRejected:
    """The portal's refusal with its field names turned into the stage form's, so each shows by its field."""
    problems = [
        errors.FieldProblem(stages.FIELD_NAMES.get(p.field, p.field), p.code, p.message) for p in exc.problems
    ]
    return errors.PortalRejected(
        exc.message,
        problems=problems,
        status_code=exc.status_code,
        code=exc.code,
        request_id=exc.request_id,
        body_excerpt=exc.body_excerpt,
    )


def _case_of(claim_id: str) -> Case:
    claim = (
        PortalClaim.objects.filter(portal=Portal.CLAIMS_PORTAL, claim_id=claim_id, is_active=True)
        .select_related("case")
        .first()
    )
    if claim is None:
        raise errors.PortalRejected(f"No case holds claim {claim_id}.")
    return claim.case
