"""Display names of the lifecycle's codes in the active language.

The models carry Vietnamese labels for the admin; the web pages switch language, so the
codes are named again here with English source strings and Vietnamese translations.
"""

from django.utils.translation import gettext_lazy as _

STATUS = {
    "draft": _("Draft"),
    "submitted": _("Submitted, awaiting receipt"),
    "under_review": _("Under review"),
    "returned": _("Returned for revision"),
    "recommended": _("Eligible, sent to the council"),
    "in_council": _("Awaiting the council"),
    "approved": _("Approved, awaiting signature"),
    "decided": _("Decided"),
    "issued": _("Awarded"),
    "rejected": _("Not eligible"),
    "not_approved": _("Not approved by the council"),
    "withdrawn": _("Withdrawn"),
}

# Buttons and timeline entries: public transitions, the internal ones and the file's own edits.
# Before an action that cannot be undone the person is asked once more, told what follows.
CONFIRM = {
    "withdraw": _("Withdraw this file? Withdrawing is permanent: the file cannot be submitted again."),
    "reject": _("Reject this file as not eligible? The file closes and the unit is told."),
    "recognize": _("Recognise the title for this file? The recognition is recorded and the unit is told."),
}

TRANSITION = {
    "create": _("Created the file"),
    "edit": _("Edited the file"),
    "attach": _("Attached a document"),
    "submit": _("Submit"),
    "withdraw": _("Withdraw"),
    "accept": _("Receive for review"),
    "return_for_revision": _("Return for revision"),
    "reject": _("Reject as not eligible"),
    "recommend": _("Recommend to the council"),
    "recognize": _("Recognise the title"),
    "place_in_council": _("Placed on a council session"),
    "council_approve": _("Approved by the council"),
    "council_reject": _("Not approved by the council"),
    "decide": _("Decision signed"),
    "issue": _("Certificates issued"),
    "claim": _("Claimed the file"),
    "detach": _("Removed a document"),
    "import": _("Imported nominees"),
    "self_assess": _("Self-assessment"),
    "score": _("Review scores"),
    "revocation_draft": _("Revocation drafted"),
    "revoke": _("Certificate revoked"),
    "honour_consent": _("Consent to the honour board"),
    "honour_withdraw": _("Consent to the honour board withdrawn"),
    "prize_paid": _("Prize money paid"),
    "decision_draft": _("Put in a draft decision"),
    "escalate": _("Proposed to the parent organisation"),
    "escalation_outcome": _("Outcome from the parent organisation"),
}

# Transitions whose guard needs a reason: the comment box says so.
NEEDS_COMMENT = frozenset({"return_for_revision", "reject"})

RESULT = {
    "pending": _("Pending"),
    "approved": _("Approved"),
    "not_approved": _("Not approved"),
    "excluded": _("Excluded"),
    "withdrawn": _("Withdrawn"),
    "revoked": _("Revoked"),
}

NOMINEE_KIND = {
    "individual": _("Individual"),
    "collective": _("Collective"),
    "household": _("Household"),
    "clan": _("Clan"),
    "unit": _("Unit"),
    "community": _("Community"),
}

ATTACHMENT_KIND = {
    "proposal": _("Proposal (tờ trình)"),
    "minutes": _("Minutes of the selection meeting"),
    "achievement_report": _("Achievement report"),
    "evidence": _("Evidence"),
}

GENDER = {"male": _("Male"), "female": _("Female")}

ROLE = {
    "submitter": _("Unit submitter"),
    "unit_head": _("Head of unit"),
    "reviewer": _("Reviewer"),
    "secretary": _("Council secretary"),
    "council_member": _("Council member"),
    "council_chair": _("Council chair"),
    "signer": _("Signer"),
    "broadcaster": _("Broadcaster"),
    "supervisor": _("Supervisor"),
    "admin": _("Administrator"),
    "member": _("Unit member"),
}

# What a movement target's share is taken of.
DENOMINATOR = {
    "households": _("households"),
    "population": _("residents"),
    "khom_units": _("khóm / residential groups"),
    "units": _("agencies, schools and enterprises"),
    "clans": _("clans"),
}

# Luật Thi đua, khen thưởng 2022: the grounds on which an award is withdrawn.
REVOCATION_GROUND = {
    "false_declaration": _("Dishonest declaration of achievements"),
    "forged_documents": _("Forged documents"),
    "unlawful_appraisal": _("Confirmation, appraisal or proposal contrary to the rules"),
    "criteria_not_met": _("Conditions and criteria for the award not met"),
}
