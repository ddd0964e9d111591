from iok.ledger.models import Ledger


def test_the_named_people_see_what_their_contracts_give_them(people, contract):
    own = Ledger.objects.for_contractor(people.tenant.account.contractor)
    assert list(own) == [contract.ledger]
    shared = Ledger.objects.for_contractor(people.co_tenant.account.contractor)
    assert list(shared) == [contract.ledger]
    theirs = Ledger.objects.for_contractor(people.stranger.account.contractor)
    assert contract.ledger not in theirs and theirs.count() == 1
    assert not people.clerk.account.is_tenant and people.clerk.is_staff
    assert people.official.groups.filter(name="city_hall").exists()
