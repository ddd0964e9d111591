"""Generated registries (hypothesis, derandomized): what is imported reads
back as the rows said, and a second import of the same files changes nothing."""

import csv
import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.pl import pesel

from iok.ledger.opening import import_files
from iok.registry.importing import CREATED, UNCHANGED
from iok.registry.models import Building, Contract, Contractor, Premises
from iok.registry.properties import property_value

LETTERS = "abcdefghijklmnoprstuwyząćęłńóśźżABCDEFGHIJKLMNOPRSTUWZŁŚŻ"
name = st.text(LETTERS + " -.;\"'", min_size=1, max_size=20).map(str.strip).filter(bool)
day = st.dates(datetime.date(1990, 1, 1), datetime.date(2026, 11, 1))
area = st.decimals(Decimal("10.000"), Decimal("250.000"), places=3)


def a_pesel(n: int) -> str:
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=37 * n)
    digits = f"{born:%y%m%d}{n % 10000:04d}"
    return digits + pesel.calc_check_digit(digits)


@st.composite
def registries(draw):
    buildings = draw(st.integers(1, 3))
    flats = draw(st.lists(st.tuples(st.integers(0, buildings - 1), name, area, day), max_size=6))
    people = draw(
        st.lists(st.tuples(name, name, name), min_size=len(flats), max_size=len(flats) + 2)
    )
    return buildings, flats, people


def write(folder: Path, name: str, header: list[str], rows: list[list]) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def files_of(folder: Path, registry) -> list[Path]:
    buildings, flats, people = registry
    address = ["Dębnica", "ul. Polna", "{}"]
    b_rows = [["Dębnica", "ul. Polna", str(b + 1), "16-001"] for b in range(buildings)]
    p_rows, c_rows, k_rows, v_rows = [], [], [], []
    for i, (b, _name, usable, start) in enumerate(flats):
        key = [address[0], address[1], str(b + 1), "mieszkalny", f"{i + 1}"]
        p_rows.append([*key, ""])
        c_rows.append([f"M/{i + 1}", "najem", *key, start.strftime("%d.%m.%Y"), a_pesel(i)])
        v_rows.append(["usable_area", *key, start.isoformat(), f"{usable}".replace(".", ",")])
    for i, (first, last, street) in enumerate(people):
        k_rows.append(["osoba", first, last, a_pesel(i), street, "16-001", "Dębnica"])
    b_header = ["miejscowosc", "ulica", "numer_budynku", "kod_pocztowy"]
    key_header = ["miejscowosc", "ulica", "numer_budynku", "rodzaj_lokalu", "numer_lokalu"]
    return [
        write(folder, "budynki.csv", b_header, b_rows),
        write(folder, "lokale.csv", [*key_header, "klatka"], p_rows),
        write(
            folder,
            "kontrahenci.csv",
            ["rodzaj", "imie", "nazwisko", "pesel", "adres", "kod_pocztowy", "miejscowosc"],
            k_rows,
        ),
        write(folder, "umowy.csv", ["numer_umowy", "rodzaj", *key_header, "od", "najemca"], c_rows),
        write(
            folder, "wlasciwosci.csv", ["rodzaj_wlasciwosci", *key_header, "od", "wartosc"], v_rows
        ),
    ]


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(registry=registries())
def test_an_imported_registry_reads_back_as_its_rows_and_imports_again_unchanged(db, registry):
    buildings, flats, people = registry
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        paths = files_of(Path(folder), registry)
        first = import_files(paths)
        assert first.problems == []
        assert first.counts["umowy"][CREATED] == len(flats)
        assert Building.objects.count() == buildings
        for i, (first_name, last_name, street) in enumerate(people):
            contractor = Contractor.objects.get(pesel=a_pesel(i))
            assert (contractor.first_name, contractor.last_name, contractor.street) == (
                first_name,
                last_name,
                street,
            )
        for i, (b, _name, usable, start) in enumerate(flats):
            premises = Premises.objects.get(building__number=str(b + 1), number=str(i + 1))
            assert property_value("usable_area", premises, start) == usable
            assert Contract.objects.get(number=f"M/{i + 1}").main_tenant.pesel == a_pesel(i)
        second = import_files(paths)
        assert second.problems == []
        assert not second.changed
        assert all(set(c) <= {UNCHANGED} for c in second.counts.values())
        transaction.set_rollback(True)
