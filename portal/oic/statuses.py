"""The OIC portal's claim statuses, explained: stage, meaning in words, who acts next, outcome.

The codes are the portal's internal (Pega) status codes seen in public integration and UI test code;
their meanings are inferred from the scenarios that move claims through them (see
docs/oic-simulator.md, "Evidence and assumptions"). The official status list is not public, so an
unknown code is never an error: it is shown as the portal wrote it, and a ``Resolved-`` prefix
still tells ClaimDesk the claim is closed.
"""

from portal.base import Actor, Outcome, StatusInfo

US, COMPENSATOR, PORTAL, NOBODY = Actor.US, Actor.COMPENSATOR, Actor.PORTAL, Actor.NOBODY
SETTLED, EXITED = Outcome.SETTLED, Outcome.EXITED

PENDING_NEW = "Pending-New"
AWAITING_COMPENSATOR = "Pending-CompensatorAssignment"
WITHDRAWAL = "Pending-Withdrawal"
REMOVAL = "Pending-Removal"

# (code, stage, words, next actor, outcome)
# fmt: off
_TABLE: list[tuple[str, str, str, Actor, Outcome]] = [
    (PENDING_NEW, "Submission", "Sent; waiting for you to click Complete Submission", US, Outcome.OPEN),
    (AWAITING_COMPENSATOR, "Submission", "The portal is finding the compensator", PORTAL, Outcome.OPEN),
    ("Open-Transferred", "Submission", "Being transferred to another compensator", COMPENSATOR, Outcome.OPEN),
    ("Pending-Liability", "Liability", "Waiting for the compensator's liability decision", COMPENSATOR, Outcome.OPEN),
    ("Pending-LiabilityRejected", "Liability", "Liability denied: accept the denial or go to court", US, Outcome.OPEN),
    ("Pending-RejectedLiability", "Liability", "Denial accepted; the compensator must acknowledge", COMPENSATOR, Outcome.OPEN),
    ("Pending-ReviewChallenge", "Liability", "Your challenge to the partial admission is with the compensator", COMPENSATOR, Outcome.OPEN),
    ("Pending-ReviewPartialLiability", "Liability", "Review the compensator's answer to your challenge", US, Outcome.OPEN),
    ("Pending-Medical", "Medical", "Obtain a medical report and upload it", US, Outcome.OPEN),
    ("Pending-MedicalPartLiable", "Medical", "Liability admitted in part: obtain a medical report", US, Outcome.OPEN),
    ("Pending-MedCausation", "Medical", "Causation disputed: obtain a medical report", US, Outcome.OPEN),
    ("Pending-MedPartCausation", "Medical", "Admitted in part, causation disputed: obtain a medical report", US, Outcome.OPEN),
    ("Pending-MedicalAfterCourt", "Medical", "Reopened after court: obtain a medical report", US, Outcome.OPEN),
    ("Pending-MedAppointment", "Medical", "Medical appointment being arranged", PORTAL, Outcome.OPEN),
    ("Pending-UploadOwnMedical", "Medical", "Upload your own MedCo report", US, Outcome.OPEN),
    ("Pending-CheckMedical", "Medical", "Check the medical report for factual accuracy", US, Outcome.OPEN),
    ("Pending-MRPReportReject", "Medical", "The report was sent back for amendment", PORTAL, Outcome.OPEN),
    ("Pending-FurtherReport", "Medical", "A further medical report is being obtained", US, Outcome.OPEN),
    ("Pending-NewMedReportReject", "Medical", "The compensator objected to the further report", US, Outcome.OPEN),
    ("Pending-MedicalChallengeRejected", "Medical", "Your challenge over the further report was rejected", US, Outcome.OPEN),
    ("Pending-DecideNewMedical", "Medical", "Decide whether to get a further report", US, Outcome.OPEN),
    ("Pending-WaitPrognosisMedical", "Medical", "Waiting out the prognosis period before releasing the report", US, Outcome.OPEN),
    ("Pending-ProceedClaim", "Medical", "Release the medical report and ask for an offer", US, Outcome.OPEN),
    ("Pending-FirstOffer", "Offer", "Waiting for the compensator's first offer", COMPENSATOR, Outcome.OPEN),
    ("Pending-UpdateOffer", "Offer", "Waiting for the compensator to update its offer", COMPENSATOR, Outcome.OPEN),
    ("Pending-UpdateOfferFinancial", "Offer", "Waiting for the compensator to update its offer", COMPENSATOR, Outcome.OPEN),
    ("Pending-ReviewOffer", "Offer", "Review the offer: accept, counter, go to court or wait", US, Outcome.OPEN),
    ("Pending-WaitPrognosisOffer", "Offer", "Waiting out the prognosis period at offer stage", US, Outcome.OPEN),
    ("Pending-RespondCounter", "Offer", "Your counter-offer is with the compensator", COMPENSATOR, Outcome.OPEN),
    ("Pending-ReplaceOffer", "Offer", "The compensator is replacing its offer", COMPENSATOR, Outcome.OPEN),
    ("Pending-ReplaceCounter", "Offer", "Replace your counter-offer", US, Outcome.OPEN),
    ("Pending-FinalWithdrawn", "Offer", "Final offer withdrawn: you may go to court for valuation", US, Outcome.OPEN),
    ("Pending-DecideNonWhiplash", "Offer", "Decide whether to challenge the non-whiplash classification", US, Outcome.OPEN),
    ("Pending-CausationNoOffer", "Offer", "Causation disputed with no offer: accept or go to court", US, Outcome.OPEN),
    ("Pending-CausationFinalOffer", "Offer", "Causation disputed with a final offer: accept, reject or court", US, Outcome.OPEN),
    ("Pending-FeesOffer", "Offer", "Waiting for the compensator's fee proposal", COMPENSATOR, Outcome.OPEN),
    ("Pending-ReviewFeesOffer", "Offer", "Review the fee proposal", US, Outcome.OPEN),
    ("Pending-DecideFeesOffer", "Offer", "Decide on the fee proposal", US, Outcome.OPEN),
    ("Pending-RespondCounterFees", "Offer", "Your counter on fees is with the compensator", COMPENSATOR, Outcome.OPEN),
    ("Pending-NVCClaimant", "Offer", "Answer the non-protocol vehicle cost questions", US, Outcome.OPEN),
    ("Pending-NVCResponse", "Offer", "Waiting for the compensator's answer on vehicle costs", COMPENSATOR, Outcome.OPEN),
    ("Pending-OfferNVCDecision", "Offer", "Decide on the vehicle cost dispute", US, Outcome.OPEN),
    ("Pending-LiabilityListReview", "Court", "Court pack (liability): the compensator reviews your documents", COMPENSATOR, Outcome.OPEN),
    ("Pending-LiabilityListAmend", "Court", "Court pack (liability): review the compensator's amendments", US, Outcome.OPEN),
    ("Pending-LiabilityListAccept", "Court", "Court pack (liability): check the documents and submit", US, Outcome.OPEN),
    ("Pending-OfferCourtList", "Court", "Court pack (valuation): choose the documents for court", US, Outcome.OPEN),
    ("Pending-OfferListReview", "Court", "Court pack (valuation): the compensator reviews your documents", COMPENSATOR, Outcome.OPEN),
    ("Pending-OfferListAmend", "Court", "Court pack (valuation): review the compensator's amendments", US, Outcome.OPEN),
    ("Pending-OfferListAccept", "Court", "Court pack (valuation): check the documents and submit", US, Outcome.OPEN),
    ("Pending-FeesListReview", "Court", "Court pack (fees): the compensator reviews your documents", COMPENSATOR, Outcome.OPEN),
    ("Pending-FeesListAccept", "Court", "Court pack (fees): check the documents and submit", US, Outcome.OPEN),
    ("Pending-Acknowledgement", "Exit", "Waiting for an acknowledgement", COMPENSATOR, Outcome.OPEN),
    (WITHDRAWAL, "Exit", "Exit requested: waiting for the compensator to confirm", COMPENSATOR, Outcome.OPEN),
    (REMOVAL, "Exit", "The compensator is removing the claim: acknowledge the removal", US, Outcome.OPEN),
    ("Resolved-Completed", "Closed", "Settled", NOBODY, SETTLED),
    ("Resolved-Withdrawn", "Closed", "Exited the portal (withdrawal confirmed)", NOBODY, EXITED),
    ("Resolved-Removed", "Closed", "Removed from the portal by the compensator", NOBODY, EXITED),
    ("Resolved-RejectedLiability", "Closed", "Closed: liability denial accepted", NOBODY, EXITED),
    ("Resolved-CourtLiability", "Closed", "Left the portal for court on liability (can be reopened)", NOBODY, EXITED),
    ("Resolved-CourtValuation", "Closed", "Left the portal for the court to value the claim", NOBODY, EXITED),
    ("Resolved-CourtOffer", "Closed", "Left the portal for court on the offer", NOBODY, EXITED),
    ("Resolved-CourtFees", "Closed", "Left the portal for court on fees", NOBODY, EXITED),
    ("Resolved-NonPayment", "Closed", "Left the portal for court over non-payment", NOBODY, EXITED),
    ("Resolved-NoOffer", "Closed", "Closed: causation disputed and no offer", NOBODY, EXITED),
    ("Resolved-FinalOfferRejected", "Closed", "Closed: final offer rejected", NOBODY, EXITED),
]

STATUSES: dict[str, StatusInfo] = {
    code: StatusInfo(
        code=code, label=words, stage=stage, next_actor=actor, outcome=outcome,
        awaits_compensator=code == AWAITING_COMPENSATOR,
        awaits_completion=code == PENDING_NEW,
        exit_requested=code == WITHDRAWAL,
    )
    for code, stage, words, actor, outcome in _TABLE
}
# fmt: on


def status_info(code: str) -> StatusInfo:
    """``code`` explained; an unknown code as the portal wrote it (closed if it starts "Resolved-")."""
    known = STATUSES.get(code)
    if known is not None:
        return known
    closed = code.startswith("Resolved-")
    return StatusInfo(
        code=code,
        label=code or "Not known",
        stage="Closed" if closed else "Not known",
        next_actor=NOBODY if closed else PORTAL,
        outcome=EXITED if closed else Outcome.OPEN,
    )
