"""iok import-registry: a first load of every kind, re-import that changes
nothing, an update that changes only what changed, and every kind of bad
row reported with its file, row and column, with nothing saved."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from iok.ledger.models import Entry
from iok.ledger.opening import import_files
from iok.registry.models import Building, Contract, Contractor, Premises, PropertyValue
from iok.registry.properties import property_value

FILES = {
    "budynki.csv": """ulica;numer_budynku;kod_pocztowy;miejscowosc;rok_budowy;kondygnacje
ul. Lipowa;7;15-427;Białystok;1968;4
ul. Sienkiewicza;20A;15-092;Białystok;;
""",
    "lokale.csv": """miejscowosc;ulica;numer_budynku;rodzaj_lokalu;numer_lokalu;klatka
Białystok;ul. Lipowa;7;mieszkalny;12;B
Białystok;ul. Lipowa;7;garaż;G3;
Białystok;ul. Sienkiewicza;20A;użytkowy;U1;
""",
    "kontrahenci.csv": "rodzaj;imie;nazwisko;nazwa;pesel;nip;"
    "regon;adres;kod_pocztowy;miejscowosc;email;telefon\n"
    """osoba;Anna;Kowalska;;85071412341;;;ul. Lipowa 7/12;15-427;Białystok;anna@example.com;
osoba;Piotr;Kowalski;;830305-12372;;;ul. Lipowa 7/12;15-427;Białystok;;
firma;;;Piekarnia Kłos sp. z o.o.;;123-456-32-18;;ul. Sienkiewicza 20A;15-092;Białystok;;
""",
    "umowy.csv": "numer_umowy;rodzaj;miejscowosc;ulica;numer_budynku;"
    "rodzaj_lokalu;numer_lokalu;od;do;najemca;wspolnajemcy\n"
    """M/2019/0012;najem;Białystok;ul. Lipowa;7;mieszkalny;12;01.04.2019;;85071412341;83030512372
G/2022/0003;najem;Białystok;ul. Lipowa;7;garaż;G3;2022-01-01;31.12.2026;85071412341;
U/2020/0001;dzierżawa;Białystok;ul. Sienkiewicza;20A;użytkowy;U1;01.01.2020;;1234563218;
""",
    "wlasciwosci.csv": "rodzaj_wlasciwosci;numer_umowy;miejscowosc;ulica;numer_budynku;"
    "rodzaj_lokalu;numer_lokalu;od;wartosc;uwagi\n"
    """usable_area;;Białystok;ul. Lipowa;7;mieszkalny;12;01.04.2019;48,70;
usable_area;;Białystok;ul. Lipowa;7;mieszkalny;12;01.01.2024;49,10;pomiar
persons;M/2019/0012;;;;;;01.04.2019;2;
""",
    "bilans_otwarcia.csv": """numer_umowy;data;kwota;tytul
M/2019/0012;31.12.2025;-1 234,56;
U/2020/0001;31.12.2025;250,00;Nadpłata z systemu FK
""",
}


def write(tmp_path, files):
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(*args):
    out = StringIO()
    call_command("import-registry", *map(str, args), stdout=out, stderr=out)
    return out.getvalue()


def failing_run(*args):
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import-registry", *map(str, args), stdout=StringIO(), stderr=err)
    return err.getvalue() + str(raised.value)


def snapshot():
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in [Building, Premises, Contractor, Contract, PropertyValue, Entry]
    }


def test_a_first_load_creates_every_kind(db, tmp_path):
    out = run(*write(tmp_path, FILES))
    assert "budynki: nowe 2, zmienione 0, bez zmian 0" in out
    assert Building.objects.get(street="ul. Lipowa").year_built == 1968
    premises = Premises.objects.get(number="12")
    assert (premises.kind, premises.staircase) == ("residential", "B")
    assert Contractor.objects.get(pesel="83030512372").first_name == "Piotr"
    assert Contractor.objects.get(nip="1234563218").company_name == "Piekarnia Kłos sp. z o.o."
    contract = Contract.objects.get(number="M/2019/0012")
    assert [p.contractor.last_name for p in contract.contractparty_set.order_by("role")] == [
        "Kowalski",
        "Kowalska",
    ]
    assert contract.main_tenant.pesel == "85071412341"
    assert Contract.objects.get(number="G/2022/0003").end == datetime.date(2026, 12, 31)
    assert property_value("usable_area", premises, datetime.date(2025, 1, 1)) == Decimal("49.100")
    assert property_value("persons", contract, datetime.date(2025, 1, 1)) == Decimal("2.000")
    opening = Entry.objects.get(ledger=contract.ledger)
    assert (opening.kind, opening.amount) == ("opening", Decimal("-1234.56"))
    contract.ledger.refresh_from_db()
    assert contract.ledger.balance == Decimal("-1234.56")
    assert Contract.objects.get(number="U/2020/0001").ledger.balance == Decimal("250.00")


def test_a_second_import_of_the_same_files_changes_nothing_and_says_so(db, tmp_path):
    paths = write(tmp_path, FILES)
    run(*paths)
    before = snapshot()
    out = run(*reversed(paths))
    assert "Nic się nie zmieniło" in out
    assert "umowy: nowe 0, zmienione 0, bez zmian 3" in out
    assert snapshot() == before


def test_an_update_changes_only_what_changed(db, tmp_path):
    run(*write(tmp_path, FILES))
    anna = Contractor.objects.get(pesel="85071412341")
    changed = dict(FILES)
    changed["kontrahenci.csv"] = FILES["kontrahenci.csv"].replace(
        "anna@example.com", "anna.k@example.com"
    )
    changed["umowy.csv"] = FILES["umowy.csv"].replace(";85071412341;83030512372", ";85071412341;")
    before = snapshot()
    out = run(*write(tmp_path, changed))
    assert "kontrahenci: nowe 0, zmienione 1, bez zmian 2" in out
    assert "umowy: nowe 0, zmienione 1, bez zmian 2" in out
    anna.refresh_from_db()
    assert anna.email == "anna.k@example.com"
    assert list(Contract.objects.get(number="M/2019/0012").parties.all()) == [anna]
    after = snapshot()
    assert {k for k in before if before[k] != after[k]} == {"Contractor"}


def test_a_dry_run_checks_and_counts_but_saves_nothing(db, tmp_path):
    out = run("--dry-run", *write(tmp_path, FILES))
    assert "budynki: nowe 2" in out
    assert "Próba: nic nie zapisano." in out
    assert not Building.objects.exists()


def test_a_bom_and_polish_column_names_are_read(db, tmp_path):
    path = tmp_path / "budynki.csv"
    text = "Ulica;Numer budynku;Kod pocztowy;Miejscowość\nul. Lipowa;7;15-427;Białystok\n"
    path.write_bytes(text.encode("utf-8-sig"))
    run(path)
    assert Building.objects.get().city == "Białystok"


BAD_ROWS = [
    ("kontrahenci.csv", "85071412341", "85071412342", "wiersz 2, kolumna pesel", "cyfra kontrolna"),
    ("kontrahenci.csv", "osoba;Anna;Kowalska", "osoba;;Kowalska", "wiersz 2, kolumna nazwisko", ""),
    ("kontrahenci.csv", "osoba;Anna", "ktoś;Anna", "wiersz 2, kolumna rodzaj", "ktoś"),
    ("umowy.csv", "01.04.2019", "31.04.2019", "wiersz 2, kolumna od", "31.04.2019"),
    ("umowy.csv", "2022-01-01;31.12.2026", "2022-01-01;31.12.2021", "wiersz 3, kolumna do", ""),
    ("umowy.csv", "20A;użytkowy;U1", "20A;użytkowy;U9", "wiersz 4, kolumna numer_lokalu", "U9"),
    ("umowy.csv", ";1234563218;", ";1234563219;", "wiersz 4, kolumna najemca", "1234563219"),
    (
        "lokale.csv",
        "ul. Lipowa;7;garaż",
        "ul. Lipowa;9;garaż",
        "wiersz 3, kolumna numer_budynku",
        "",
    ),
    ("wlasciwosci.csv", "48,70", "48,7001", "wiersz 2, kolumna wartosc", "48,7001"),
    ("wlasciwosci.csv", "persons;M/2019/0012", "rooms;M/2019/0012", "wiersz 4, kolumna", ""),
    ("wlasciwosci.csv", "persons;M", "nonsense;M", "wiersz 4, kolumna rodzaj_wlasciwosci", ""),
    ("bilans_otwarcia.csv", "-1 234,56", "-1 234,567", "wiersz 2, kolumna kwota", ""),
    ("bilans_otwarcia.csv", "-1 234,56", "sto złotych", "wiersz 2, kolumna kwota", ""),
    ("budynki.csv", ";1968;4", ";1968;4;5", "wiersz 2, kolumna —", ""),
    ("budynki.csv", "ul. Sienkiewicza;20A", "ul. Lipowa;7", "wiersz 3, kolumna —", "wierszu 2"),
]


@pytest.mark.parametrize(("name", "old", "new", "where", "says"), BAD_ROWS)
def test_a_bad_row_is_named_and_nothing_is_imported(db, tmp_path, name, old, new, where, says):
    assert old in FILES[name]
    files = {**FILES, name: FILES[name].replace(old, new, 1)}
    err = failing_run(*write(tmp_path, files))
    assert f"{name}, {where}" in err
    assert says in err
    assert "nic nie zaimportowano" in err
    assert not Building.objects.exists()
    assert not Entry.objects.exists()


def test_every_bad_row_of_every_file_is_reported_at_once(db, tmp_path):
    files = {
        **FILES,
        "budynki.csv": FILES["budynki.csv"].replace("15-427", "").replace("1968", "x"),
        "kontrahenci.csv": FILES["kontrahenci.csv"].replace("830305-12372", "830305-12373"),
    }
    report = import_files(write(tmp_path, files))
    where = {(p.file, p.row, p.column) for p in report.problems}
    assert ("budynki.csv", 2, "kod_pocztowy") in where
    assert ("budynki.csv", 3, "rok_budowy") not in where
    assert ("kontrahenci.csv", 3, "pesel") in where
    assert not report.saved
    assert not Building.objects.exists()


def test_a_file_with_a_missing_or_unknown_column_is_refused(db, tmp_path):
    files = {"budynki.csv": "ulica;numer;miejscowosc;kod_pocztowy\nul. Lipowa;7;Białystok;15-427\n"}
    err = failing_run(*write(tmp_path, files))
    assert "budynki.csv, wiersz 1, kolumna numer_budynku: brak kolumny" in err
    assert "budynki.csv, wiersz 1, kolumna numer: nieznana kolumna" in err


def test_a_file_of_no_known_kind_is_refused(db, tmp_path):
    err = failing_run(*write(tmp_path, {"dane.csv": "a;b\n1;2\n"}))
    assert "dane.csv" in err and "budynki" in err


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "budynki.csv"
    path.write_bytes(
        "ulica;numer_budynku;kod_pocztowy;miejscowosc\nul. Lipowa;7;15-427;Białystok\n".encode(
            "cp1250"
        )
    )
    assert "UTF-8" in failing_run(path)


def test_an_opening_balance_is_booked_once_per_ledger(db, tmp_path):
    run(*write(tmp_path, FILES))
    changed = {
        **FILES,
        "bilans_otwarcia.csv": FILES["bilans_otwarcia.csv"].replace("-1 234,56", "-1 000,00"),
    }
    err = failing_run(*write(tmp_path, changed))
    assert "bilans_otwarcia.csv, wiersz 2, kolumna kwota" in err
    assert "korekt" in err
    assert Entry.objects.filter(kind="opening").count() == 2


def test_a_property_value_of_the_same_day_is_corrected_not_duplicated(db, tmp_path):
    run(*write(tmp_path, FILES))
    changed = {**FILES, "wlasciwosci.csv": FILES["wlasciwosci.csv"].replace("49,10", "49,20")}
    out = run(*write(tmp_path, changed))
    assert "wlasciwosci: nowe 0, zmienione 1, bez zmian 2" in out
    assert PropertyValue.objects.count() == 3
    premises = Premises.objects.get(number="12")
    assert property_value("usable_area", premises, datetime.date(2025, 1, 1)) == Decimal("49.200")


def test_the_finance_key_column_finds_a_building_whose_street_was_renamed(db, tmp_path):
    keyed = {
        "budynki.csv": "klucz_fk;ulica;numer_budynku;kod_pocztowy;miejscowosc\n"
        "B-0007;ul. Lipowa;7;15-427;Białystok\n"
    }
    run(*write(tmp_path, keyed))
    renamed = {"budynki.csv": keyed["budynki.csv"].replace("ul. Lipowa", "ul. Nowa")}
    out = run(*write(tmp_path, renamed))
    assert "budynki: nowe 0, zmienione 1, bez zmian 0" in out
    assert Building.objects.get().street == "ul. Nowa"
