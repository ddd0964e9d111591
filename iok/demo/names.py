"""The words the demo town is made of: its name, streets, people and firms.

Dębnica Podlaska is fictional; its postal codes have the real NN-NNN form
and lie in the range of the Podlasie region."""

CITY = "Dębnica Podlaska"

# (street, postal code): a town of this size has a few delivery districts.
STREETS = [
    ("ul. Mickiewicza", "17-120"),
    ("ul. Kościuszki", "17-120"),
    ("ul. Słowackiego", "17-120"),
    ("ul. Sienkiewicza", "17-121"),
    ("ul. 3 Maja", "17-120"),
    ("ul. Kolejowa", "17-122"),
    ("ul. Ogrodowa", "17-121"),
    ("ul. Lipowa", "17-121"),
    ("ul. Szkolna", "17-122"),
    ("ul. Kopernika", "17-122"),
    ("ul. Żeromskiego", "17-123"),
    ("ul. Reymonta", "17-123"),
    ("ul. Konopnickiej", "17-123"),
    ("ul. Prusa", "17-121"),
    ("ul. Chopina", "17-124"),
    ("ul. Armii Krajowej", "17-124"),
    ("ul. Wojska Polskiego", "17-124"),
    ("ul. Długa", "17-120"),
    ("ul. Słoneczna", "17-125"),
    ("ul. Parkowa", "17-125"),
    ("al. Jana Pawła II", "17-125"),
    ("os. Tysiąclecia", "17-126"),
    ("ul. Białostocka", "17-126"),
    ("pl. Wolności", "17-120"),
]

MALE_FIRST = [
    "Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Marcin", "Michał",
    "Marek", "Grzegorz", "Józef", "Łukasz", "Adam", "Zbigniew", "Jerzy", "Tadeusz",
    "Mateusz", "Dariusz", "Mariusz", "Wojciech", "Ryszard", "Jakub", "Henryk", "Kazimierz",
]  # fmt: skip

FEMALE_FIRST = [
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
    "Magdalena", "Elżbieta", "Joanna", "Aleksandra", "Zofia", "Monika", "Teresa", "Danuta",
    "Natalia", "Julia", "Karolina", "Marta", "Beata", "Dorota", "Halina", "Jadwiga",
]  # fmt: skip

# (male form, female form) of a family name.
LAST_NAMES = [
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"),
    ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
    ("Nowicki", "Nowicka"), ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"),
    ("Zając", "Zając"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"),
    ("Król", "Król"), ("Majewski", "Majewska"), ("Olszewski", "Olszewska"),
    ("Jaworski", "Jaworska"), ("Wróbel", "Wróbel"), ("Malinowski", "Malinowska"),
    ("Pawlak", "Pawlak"), ("Witkowski", "Witkowska"), ("Walczak", "Walczak"),
    ("Stępień", "Stępień"), ("Górski", "Górska"), ("Rutkowski", "Rutkowska"),
    ("Michalak", "Michalak"), ("Sikora", "Sikora"), ("Ostrowski", "Ostrowska"),
    ("Baran", "Baran"), ("Duda", "Duda"), ("Szewczyk", "Szewczyk"),
    ("Tomaszewski", "Tomaszewska"), ("Pietrzak", "Pietrzak"), ("Marciniak", "Marciniak"),
    ("Wróblewski", "Wróblewska"), ("Zalewski", "Zalewska"), ("Jakubowski", "Jakubowska"),
    ("Jasiński", "Jasińska"), ("Zawadzki", "Zawadzka"), ("Sadowski", "Sadowska"),
    ("Bąk", "Bąk"), ("Chmielewski", "Chmielewska"), ("Włodarczyk", "Włodarczyk"),
    ("Borkowski", "Borkowska"), ("Czarnecki", "Czarnecka"), ("Sawicki", "Sawicka"),
    ("Sokołowski", "Sokołowska"), ("Urbański", "Urbańska"), ("Kubiak", "Kubiak"),
    ("Maciejewski", "Maciejewska"), ("Szczepański", "Szczepańska"), ("Kucharski", "Kucharska"),
    ("Wilk", "Wilk"), ("Kalinowski", "Kalinowska"), ("Lis", "Lis"),
    ("Mazurek", "Mazurek"), ("Wysocki", "Wysocka"), ("Adamski", "Adamska"),
    ("Kaźmierczak", "Kaźmierczak"), ("Wasilewski", "Wasilewska"), ("Sobczak", "Sobczak"),
    ("Czerwiński", "Czerwińska"), ("Andrzejewski", "Andrzejewska"), ("Cieślak", "Cieślak"),
    ("Głowacki", "Głowacka"), ("Zakrzewski", "Zakrzewska"), ("Kołodziej", "Kołodziej"),
    ("Sikorski", "Sikorska"), ("Krajewski", "Krajewska"), ("Gajewski", "Gajewska"),
    ("Szymczak", "Szymczak"), ("Szulc", "Szulc"), ("Baranowski", "Baranowska"),
    ("Laskowski", "Laskowska"), ("Brzeziński", "Brzezińska"), ("Makowski", "Makowska"),
    ("Ziółkowski", "Ziółkowska"), ("Przybylski", "Przybylska"), ("Domański", "Domańska"),
    ("Nowacki", "Nowacka"), ("Borowski", "Borowska"), ("Błaszczyk", "Błaszczyk"),
    ("Chojnacki", "Chojnacka"), ("Ciesielski", "Ciesielska"), ("Mróz", "Mróz"),
]  # fmt: skip

# (trade, brand names): the shops and services on the ground floors.
TRADES = [
    ("Piekarnia", ["Kłosek", "Złoty Łan", "U Kowalskich", "Bułeczka"]),
    ("Apteka", ["Pod Lipami", "Rodzinna", "Zdrowie", "Na Rogu"]),
    ("Sklep spożywczy", ["Groszek", "Stokrotka", "Pod Zegarem", "Koszyk"]),
    ("Kwiaciarnia", ["Storczyk", "Konwalia", "Bukiet"]),
    ("Zakład fryzjerski", ["Loczek", "Nożyczki", "Elegancja"]),
    ("Biuro rachunkowe", ["Bilans", "Saldo", "Debet"]),
    ("Zakład szewski", ["Trzewik", "But"]),
    ("Pracownia krawiecka", ["Igiełka", "Nitka"]),
    ("Kawiarnia", ["Filiżanka", "Pod Ratuszem", "Mała Czarna"]),
    ("Gabinet stomatologiczny", ["Uśmiech", "Dentica"]),
    ("Księgarnia", ["Pod Globusem", "Czytelnik"]),
    ("Sklep zoologiczny", ["Azor", "Mruczek"]),
]

LEGAL_FORMS = ["sp. z o.o.", "s.c.", "sp. j."]

# Bank transfer titles name the month in the nominative, lower case.
MONTHS = [
    "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
    "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
]  # fmt: skip

_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def ascii_slug(text: str) -> str:
    """`Wiśniewska` → `wisniewska`, for e-mail addresses."""
    kept = (ch if ch.isalnum() else "-" for ch in text.translate(_ASCII).lower())
    return "-".join(part for part in "".join(kept).split("-") if part)
