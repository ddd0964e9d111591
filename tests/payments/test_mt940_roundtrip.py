"""Random well-formed statements written as MT940 and parsed back give the same values."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from iok.ledger.nrb import make_nrb
from iok.payments.parsers.mt940 import decode, parse_mt940
from iok.payments.parsers.mt940_details import ADDRESS_START

LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZĄĆĘŁŃÓŚŹŻ"
WORD = st.text(alphabet=LETTERS + "0123456789/.-", min_size=3, max_size=9).filter(
    lambda word: word[0] in LETTERS
)


def words(max_words):
    return st.lists(WORD, min_size=1, max_size=max_words).map(" ".join)


def nrbs():
    return st.tuples(st.integers(0, 10**7 - 1), st.integers(0, 10**16 - 1)).map(
        lambda pair: make_nrb(f"{pair[0]:07d}" + "0", f"{pair[1]:016d}")
    )


lines = st.fixed_dictionaries(
    {
        "grosze": st.integers(1, 10**11),
        "credit": st.booleans(),
        "days": st.integers(0, 3),
        "title": words(12),
        # mBank writes name and address as one text, the address from a word
        # like UL. or AL.: a name holding such a word cannot be told apart.
        "name": words(4).filter(lambda name: ADDRESS_START.search(name) is None),
        "account": nrbs(),
        "virtual": nrbs(),
        "reference": st.integers(10**14, 10**15 - 1),
    }
)
statements = st.fixed_dictionaries(
    {
        "opening": st.integers(-(10**11), 10**11),
        "date": st.dates(datetime.date(2001, 1, 1), datetime.date(2098, 12, 1)),
        "account": nrbs(),
        "lines": st.lists(lines, max_size=6),
        "dialect": st.sampled_from(["pko", "mbank"]),
        "encoding": st.sampled_from(["iso-8859-2", "cp1250", "cp852", "utf-8"]),
    }
)


def amount(grosze: int) -> str:
    return f"{abs(grosze) // 100},{abs(grosze) % 100:02d}"


def balance(tag: str, grosze: int, date: datetime.date) -> str:
    return f":{tag}:{'D' if grosze < 0 else 'C'}{date:%y%m%d}PLN{amount(grosze)}"


def pko_details(line) -> list[str]:
    title = [line["title"][i : i + 27] for i in range(0, len(line["title"]), 27)]
    return [
        ":86:020~00020",
        *(f"~{20 + i}{chunk}" for i, chunk in enumerate(title[:6])),
        f"~32{line['name'][:35]}",
        f"~33{line['name'][35:] or '˙'}",
        f"~38PL{line['account']}",
        f"~63SWRK {line['virtual']}",
    ]


def mbank_details(line) -> list[str]:
    text = (
        f"911 TRANSAKCJA IPH; ID IPH: XX{line['virtual'][-12:]}; Z RACH.: {line['account']}; "
        f"OD: {line['name']}; TYT.: {line['title']}; TNR: {line['reference']}.000001"
    )
    return [":86:" + text[:65], *(text[i : i + 65] for i in range(65, len(text), 65))]


def render(statement) -> str:
    date, total = statement["date"], statement["opening"]
    out = [":20:ST1", f":25:/PL{statement['account']}", ":28C:7/1"]
    out.append(balance("60F", total, date))
    for line in statement["lines"]:
        value = date + datetime.timedelta(days=line["days"])
        mark = "C" if line["credit"] else "D"
        out.append(f":61:{value:%y%m%d}{date:%m%d}{mark}{amount(line['grosze'])}NTRFNONREF")
        details = pko_details if statement["dialect"] == "pko" else mbank_details
        out.extend(details(line))
        total += line["grosze"] if line["credit"] else -line["grosze"]
    out.extend([balance("62F", total, date), "-"])
    return "\r\n".join(out)


def expected_title(statement, line) -> str:
    return line["title"][:162] if statement["dialect"] == "pko" else line["title"]


def encode(text: str, encoding: str) -> bytes:
    """The empty-subfield filler is byte 0xFF in the 8-bit encodings, `˙` in UTF-8."""
    if encoding == "utf-8":
        return text.encode(encoding)
    return text.replace("˙", "\x00").encode(encoding).replace(b"\x00", b"\xff")


@settings(max_examples=200, deadline=None)
@given(statements)
def test_a_rendered_statement_parses_back_to_the_same_values(statement):
    data = encode(render(statement), statement["encoding"])
    [parsed] = parse_mt940(data, "random.sta", encoding=statement["encoding"])
    assert parsed.account == "PL" + statement["account"]
    assert parsed.opening_balance == Decimal(statement["opening"]) / 100
    assert parsed.balances_agree()
    assert len(parsed.lines) == len(statement["lines"])
    for got, line in zip(parsed.lines, statement["lines"], strict=True):
        assert got.amount == Decimal(line["grosze"]) / 100
        assert got.credit is line["credit"]
        assert got.booking_date == statement["date"]
        assert got.value_date == statement["date"] + datetime.timedelta(days=line["days"])
        assert got.title == expected_title(statement, line)
        assert got.counterparty_name == line["name"][:70]
        assert got.counterparty_account.removeprefix("PL") == line["account"]
        assert got.virtual_account.removeprefix("XX") in line["virtual"]


# The same byte is `Ć` in CP852 and `Ź` in CP1250, `ą` in CP852 and `Ą` in CP1250.
AMBIGUOUS = set("ĄąĆŹ")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(words(8), min_size=1, max_size=5).map("\r\n".join),
    st.sampled_from(["iso-8859-2", "cp1250", "cp852", "utf-8"]),
)
def test_the_encoding_is_found_when_most_polish_letters_tell_it(text, encoding):
    polish = [char for char in text if ord(char) > 127]
    if sum(char in AMBIGUOUS for char in polish) * 2 > len(polish):
        return  # a text of only `Ź` is `Ć` in another encoding: no one can tell
    assert decode(text.encode(encoding)) == text
