"""The check staff read before approving: what matched and what did not."""

import datetime

import pytest

from iok.access.applications import CannotDecide, approve, check_against_registry, reject
from iok.access.models import AccessRequest
from iok.registry.models import Contract


def finding(check, key):
    return next(f for f in check.findings if f.key == key)


def test_a_party_to_an_active_contract_without_a_login_passes(access_request, applicant):
    check = check_against_registry(access_request)
    assert check.passed
    assert all(f.ok for f in check.findings)
    assert check.contractor == applicant and check.contract.number == "G/2024/0003"


def test_the_contract_number_is_found_whatever_the_case_and_spaces(access_request):
    access_request.contract_number = " g/2024/0003 "
    assert check_against_registry(access_request).passed


def test_an_unknown_pesel_fails_and_says_so(access_request):
    access_request.pesel = "66112309312"
    check = check_against_registry(access_request)
    assert not check.passed
    contractor = finding(check, "contractor")
    assert not contractor.ok and "66112309312" in contractor.detail
    assert check.contractor is None


def test_a_contract_of_someone_else_fails_and_names_its_parties(access_request):
    access_request.contract_number = "M/2020/0001"
    check = check_against_registry(access_request)
    party = finding(check, "party")
    assert not party.ok and "Kowalska" in party.detail
    assert not check.passed


def test_an_ended_contract_fails(access_request):
    Contract.objects.filter(number="G/2024/0003").update(end=datetime.date(2025, 12, 31))
    check = check_against_registry(access_request)
    active = finding(check, "active")
    assert not active.ok and "31.12.2025" in active.detail
    assert not check.passed


def test_a_contractor_who_has_a_login_already_fails(access_request, people):
    access_request.pesel = "85071412341"  # Anna Kowalska, who has a login
    access_request.contract_number = "M/2020/0001"
    check = check_against_registry(access_request)
    login = finding(check, "login")
    assert not login.ok and "najemca" in login.detail
    assert not check.passed


def test_a_different_name_is_shown_but_left_to_staff(access_request):
    access_request.first_name = "Zosia"
    check = check_against_registry(access_request)
    name = finding(check, "name")
    assert not name.ok and not name.blocking
    assert "Zosia" in name.detail and "Zofia" in name.detail
    assert check.passed


def test_approval_issues_the_login_and_records_who_decided(access_request, people, applicant):
    user, password = approve(access_request, people.clerk)
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED
    assert access_request.user == user and access_request.decided_by == people.clerk
    assert access_request.decided_at is not None
    assert user.account.contractor == applicant and user.check_password(password)
    assert user.email == "zofia@example.pl"


def test_a_request_is_decided_once(access_request, people):
    approve(access_request, people.clerk)
    with pytest.raises(CannotDecide):
        approve(access_request, people.clerk)
    with pytest.raises(CannotDecide):
        reject(access_request, people.clerk, "za późno")


def test_approval_is_refused_when_the_registry_does_not_confirm(access_request, people):
    access_request.contract_number = "M/2020/0001"
    access_request.save()
    with pytest.raises(CannotDecide):
        approve(access_request, people.clerk)
    access_request.refresh_from_db()
    assert access_request.is_pending and access_request.user is None


def test_rejection_keeps_the_reason_and_e_mails_the_applicant(access_request, people, mailoutbox):
    assert reject(access_request, people.clerk, "Umowa wygasła.")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REJECTED
    assert access_request.rejection_reason == "Umowa wygasła."
    [message] = mailoutbox
    assert message.to == ["zofia@example.pl"] and "Umowa wygasła." in message.body
    assert "Umowa wygasła." in message.alternatives[0].content


def test_an_applicant_without_e_mail_is_not_mailed(access_request, people, mailoutbox):
    access_request.email = ""
    access_request.save()
    assert not reject(access_request, people.clerk, "Brak umowy.")
    assert mailoutbox == []


def test_the_database_refuses_a_rejection_without_a_reason(access_request):
    from django.db import IntegrityError, transaction

    access_request.status = AccessRequest.Status.REJECTED
    with pytest.raises(IntegrityError), transaction.atomic():
        access_request.save()


def test_what_cannot_be_checked_is_neither_yes_nor_no(access_request):
    access_request.pesel = "66112309312"
    access_request.contract_number = "X/0"
    check = check_against_registry(access_request)
    assert [f.ok for f in check.findings] == [False, False, None, None, None, None]
    assert not check.passed
