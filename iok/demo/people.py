"""Tenants: people with valid PESELs and firms with valid NIPs and REGONs.

The numbers are computed with their check digits here; the registry's own
validation (python-stdnum) checks every contractor before it is saved."""

import datetime
import random
from dataclasses import dataclass, field

from iok.demo import names
from iok.registry.models import Contractor

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
# Month offsets by century, as PESEL encodes them.
CENTURY_OFFSET = {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}


def pesel(birth: datetime.date, serial: int, female: bool) -> str:
    """The PESEL of a person born on `birth`; `serial` (0-999) tells people apart."""
    century = birth.year // 100 * 100
    month = birth.month + CENTURY_OFFSET[century]
    sex = 2 * (serial % 5) + (0 if female else 1)
    digits = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial // 5 % 1000:03d}{sex}"
    check = sum(w * int(d) for w, d in zip(PESEL_WEIGHTS, digits, strict=True))
    return digits + str((10 - check % 10) % 10)


def nip(rng: random.Random) -> str:
    """A NIP: a tax office code, six digits and the mod-11 check digit."""
    while True:
        digits = f"{rng.randint(101, 998)}{rng.randint(0, 999_999):06d}"
        check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, digits, strict=True)) % 11
        if check != 10:  # no check digit exists for these; the office skips them
            return digits + str(check)


def regon(rng: random.Random) -> str:
    """A nine-digit REGON with its check digit."""
    digits = f"{rng.randrange(1, 100, 2):02d}{rng.randint(0, 999_999):06d}"
    check = sum(w * int(d) for w, d in zip(REGON_WEIGHTS, digits, strict=True)) % 11 % 10
    return digits + str(check)


@dataclass
class Registry:
    """Hands out numbers and names once each, so every contractor is unique."""

    rng: random.Random
    pesels: set = field(default_factory=set)
    nips: set = field(default_factory=set)
    brands: set = field(default_factory=set)

    def person(self, address: tuple[str, str], *, born: int, female: bool, family=None):
        """A person living at `address` (street and number, postal code), born in `born`."""
        rng = self.rng
        family = family or rng.choice(names.LAST_NAMES)
        first = rng.choice(names.FEMALE_FIRST if female else names.MALE_FIRST)
        contractor = Contractor(
            kind=Contractor.Kind.PERSON,
            first_name=first,
            last_name=family[1] if female else family[0],
            pesel=self._new_pesel(born, female),
            street=address[0],
            postal_code=address[1],
            city=names.CITY,
        )
        if rng.random() < 0.4:
            contractor.email = self._email(first, contractor.last_name)
        contractor.clean()  # validates the PESEL as the admin would
        return contractor

    def company(self, address: tuple[str, str], owner_name: str):
        rng = self.rng
        name, brand = self._company_name(owner_name)
        contractor = Contractor(
            kind=Contractor.Kind.COMPANY,
            company_name=name,
            nip=self._new_nip(),
            regon=regon(rng),
            street=address[0],
            postal_code=address[1],
            city=names.CITY,
            email=f"biuro@{names.ascii_slug(brand)}.example.com",
        )
        contractor.clean()  # validates the NIP and REGON as the admin would
        return contractor

    def _new_pesel(self, born: int, female: bool) -> str:
        while True:
            birth = datetime.date(born, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 364))
            number = pesel(birth, self.rng.randint(0, 4999), female)
            if number not in self.pesels:
                self.pesels.add(number)
                return number

    def _new_nip(self) -> str:
        while True:
            number = nip(self.rng)
            if number not in self.nips:
                self.nips.add(number)
                return number

    def _company_name(self, owner_name: str) -> tuple[str, str]:
        """(the firm's name, its brand): a trade and a brand not used yet, if one is left."""
        rng = self.rng
        for _attempt in range(20):
            trade, brands = rng.choice(names.TRADES)
            brand = rng.choice(brands)
            if (trade, brand) not in self.brands:
                break
        self.brands.add((trade, brand))
        if rng.random() < 0.35:  # a sole trader's firm carries the owner's name
            return f"{trade} „{brand}” {owner_name}", brand
        return f"{trade} „{brand}” {rng.choice(names.LEGAL_FORMS)}", brand

    def _email(self, first: str, last: str) -> str:
        domain = self.rng.choice(["example.com", "example.net", "example.org"])
        return (
            f"{names.ascii_slug(first)}.{names.ascii_slug(last)}{self.rng.randint(1, 99)}@{domain}"
        )
