"""An access request from its arrival to its decision: the application sent
once however often it is posted, the check against the registry that staff
read before approving, the approval that issues the login, the rejection."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from iok import clock
from iok.access.logins import issue_login
from iok.access.mail import send_templated_mail
from iok.access.models import AccessRequest, Account
from iok.registry.models import Contract, Contractor, ContractParty


def submit(application: AccessRequest) -> tuple[AccessRequest, bool]:
    """Save a new `application` and return it with True; when the same
    application (AccessRequest.identity) already waits for a decision, save
    nothing and return the waiting one with False. Whether the data match
    the registry plays no part, so the answer tells nothing about it."""
    # One transaction: on SQLite it takes the write lock at BEGIN, so a
    # second post waits for the first to finish before it looks.
    with transaction.atomic():
        waiting = AccessRequest.objects.pending().same_as(application)
        if waiting is not None:
            return waiting, False
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            # On PostgreSQL two posts at once can both find nothing waiting;
            # the constraint access_request_pending_once lets one of them in.
            application.pk = None
            waiting = AccessRequest.objects.pending().same_as(application)
            if waiting is None:
                raise
            return waiting, False
    return application, True


class CannotDecide(Exception):
    """The request is no longer pending, or the registry does not confirm it."""


@dataclass(frozen=True)
class Finding:
    key: str  # what is checked, for code: contractor, contract, active, party, login, name
    question: str
    ok: bool | None  # None: could not be checked, since what it needs is missing
    detail: str
    blocking: bool = True


@dataclass
class RegistryCheck:
    contractor: Contractor | None = None
    contract: Contract | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(finding.ok is True for finding in self.findings if finding.blocking)


def check_against_registry(request: AccessRequest) -> RegistryCheck:
    """What the registry says about the applicant and the contract they name.
    Approval needs the contractor with that PESEL to be a party to an active
    contract with that number, and to have no login yet; the name and the
    address are shown for staff to compare, not decided by the machine."""
    check = RegistryCheck(
        contractor=Contractor.objects.filter(pesel=request.pesel).first(),
        contract=Contract.objects.filter(number__iexact=request.contract_number.strip())
        .select_related("premises__building")
        .first(),
    )
    check.findings = [
        _contractor_found(request, check.contractor),
        _contract_found(request, check.contract),
        _contract_active(check.contract),
        _is_party(check.contractor, check.contract),
        _has_no_login(check.contractor),
        _name_matches(request, check.contractor),
    ]
    return check


def _contractor_found(request, contractor) -> Finding:
    question = _("Is there a contractor with this PESEL?")
    if contractor is None:
        return Finding(
            "contractor", question, False, _("No contractor has PESEL %s.") % request.pesel
        )
    return Finding("contractor", question, True, f"{contractor.name}, {contractor.address}")


def _contract_found(request, contract) -> Finding:
    question = _("Is there a contract with this number?")
    if contract is None:
        return Finding(
            "contract", question, False, _("No contract has number %s.") % request.contract_number
        )
    return Finding("contract", question, True, f"{contract.number}: {contract.premises}")


def _contract_active(contract) -> Finding:
    question = _("Is the contract in force today?")
    if contract is None:
        return Finding("active", question, None, _("There is no contract to check."))
    today = clock.today()
    start = formats.date_format(contract.start, "SHORT_DATE_FORMAT")
    if contract.start > today:
        return Finding("active", question, False, _("It starts on %s.") % start)
    if contract.end and contract.end < today:
        end = formats.date_format(contract.end, "SHORT_DATE_FORMAT")
        return Finding("active", question, False, _("It ended on %s.") % end)
    return Finding("active", question, True, _("In force since %s.") % start)


def _is_party(contractor, contract) -> Finding:
    question = _("Is the contractor a party to the contract?")
    if contractor is None or contract is None:
        return Finding("party", question, None, _("The contractor or the contract is missing."))
    party = ContractParty.objects.filter(contract=contract, contractor=contractor).first()
    if party is None:
        parties = ", ".join(str(p) for p in contract.parties.all())
        return Finding("party", question, False, _("The parties are: %s.") % parties)
    return Finding("party", question, True, party.get_role_display())


def _has_no_login(contractor) -> Finding:
    question = _("Is the contractor still without a login?")
    if contractor is None:
        return Finding("login", question, None, _("There is no contractor to check."))
    account = Account.objects.filter(contractor=contractor).select_related("user").first()
    if account is not None:
        return Finding(
            "login",
            question,
            False,
            _("They already have login %s: issue a new one-time password for it instead.")
            % account.user.get_username(),
        )
    return Finding("login", question, True, _("No login yet."))


def _name_matches(request, contractor) -> Finding:
    question = _("Does the name match the registry?")
    if contractor is None:
        return Finding(
            "name", question, None, _("There is no contractor to compare."), blocking=False
        )
    same = (
        request.first_name.strip().casefold() == contractor.first_name.casefold()
        and request.last_name.strip().casefold() == contractor.last_name.casefold()
    )
    detail = _("Application: %(application)s; registry: %(registry)s.") % {
        "application": request.name,
        "registry": contractor.name,
    }
    return Finding("name", question, same, detail, blocking=False)


def approve(request: AccessRequest, decided_by) -> tuple:
    """Issue the applicant's login and return (user, one-time password).
    The row lock makes two clerks approving at once issue one login."""
    with transaction.atomic():
        locked = _lock_pending(request)
        check = check_against_registry(locked)
        if not check.passed:
            raise CannotDecide(_("The registry does not confirm this request."))
        user, password = issue_login(check.contractor, email=locked.email)
        _decide(locked, decided_by, AccessRequest.Status.APPROVED, user=user)
    return user, password


def reject(request: AccessRequest, decided_by, reason: str) -> bool:
    """Reject the request with `reason`; tell the applicant by e-mail when
    they gave an address (they consented to electronic correspondence).
    Return whether an e-mail was sent."""
    with transaction.atomic():
        locked = _lock_pending(request)
        _decide(locked, decided_by, AccessRequest.Status.REJECTED, rejection_reason=reason)
    if not locked.email:
        return False
    # Outside the transaction: a slow mail server must not hold the row lock.
    send_templated_mail("request_rejected", {"request": locked}, [locked.email])
    return True


def _lock_pending(request: AccessRequest) -> AccessRequest:
    locked = AccessRequest.objects.select_for_update().filter(pk=request.pk).pending().first()
    if locked is None:
        raise CannotDecide(_("This request has already been decided."))
    return locked


def _decide(request: AccessRequest, decided_by, status, **changes) -> None:
    request.status = status
    request.decided_by = decided_by
    request.decided_at = clock.now()
    for name, value in changes.items():
        setattr(request, name, value)
    request.save()
