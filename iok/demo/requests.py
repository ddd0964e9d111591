"""Access requests waiting in the demo's office: one the registry confirms,
one it does not (a mistyped contract number), so the clerk sees both answers."""

from iok.access.models import AccessRequest
from iok.registry.models import ContractParty


def file_requests() -> int:
    """Two pending requests from main tenants who have no login yet."""
    parties = (
        ContractParty.objects.filter(
            role="main",
            contract__end__isnull=True,
            contractor__kind="person",
            contractor__accounts__isnull=True,
        )
        .select_related("contractor", "contract__premises__building")
        .order_by("-pk")[:2]
    )
    for n, party in enumerate(parties):
        person, contract = party.contractor, party.contract
        AccessRequest.objects.create(
            first_name=person.first_name,
            last_name=person.last_name,
            pesel=person.pesel,
            premises_address=str(contract.premises),
            contract_number=contract.number if n == 0 else contract.number + "7",
            email=f"{person.last_name.lower()}@example.pl",
            consents_to_electronic_correspondence=True,
        )
    return len(parties)
