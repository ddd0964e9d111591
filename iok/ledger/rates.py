"""Which rate applies: the narrowest matching scope, then the latest start."""

import datetime
from collections import defaultdict

from iok.ledger.models import Rate


class RateBook:
    """All rates valid on one day, indexed for resolving many contracts in memory."""

    def __init__(self, on: datetime.date):
        self.on = on
        latest: dict[tuple, Rate] = {}
        rates = Rate.objects.filter(valid_from__lte=on).select_related("component", "property_kind")
        for rate in rates.order_by("valid_from", "id"):
            latest[(rate.component_id, *self._scope_key(rate))] = rate
        self.by_component = defaultdict(dict)
        for (component_id, *scope), rate in latest.items():
            self.by_component[component_id][tuple(scope)] = rate

    @staticmethod
    def _scope_key(rate: Rate) -> tuple:
        if rate.contract_id:
            return ("contract", rate.contract_id)
        if rate.building_id:
            return ("building", rate.building_id)
        if rate.premises_kind:
            return ("kind", rate.premises_kind)
        return ("all", None)

    def for_contract(self, contract_id, building_id, premises_kind) -> list[Rate]:
        """The rate of every component that applies to one contract."""
        keys = (
            ("contract", contract_id),
            ("building", building_id),
            ("kind", premises_kind),
            ("all", None),
        )
        found = []
        for scopes in self.by_component.values():
            rate = next((scopes[key] for key in keys if key in scopes), None)
            if rate is not None:
                found.append(rate)
        found.sort(key=lambda r: (r.component.order, r.component.code))
        return found
