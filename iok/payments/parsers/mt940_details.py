"""The Polish dialects of MT940's `:86:` field, read into a line's parties and title.

Two families:

- subfields after a separator and two digits: PKO BP and ING `~`, Pekao and
  BNP Paribas `^`, Nest Bank `<`, older Nordea `+` (`~20`–`~29` title, `~30`
  bank, `~31` account, `~32`/`~33` name, `~38` IBAN, `~62`/`~63` address,
  `~63 SWRK <number>` the credited virtual account; ING's `~29` holding only
  an account number is the payer's account, not title). The
  banks cut long values into 27-character chunks, so chunks join without
  separators; a subfield holding only the filler byte 0xFF (`˙`) is empty.
- mBank's free text: `911 TRANSAKCJA IPH; ID IPH: XX000000000001; Z RACH.:
  …; OD: …; TYT.: …; TNR: …`, wrapped at 65 characters anywhere.
"""

import re
from dataclasses import dataclass

from iok.ledger.nrb import compact, make_nrb

SEPARATORS = "~^<+"
FILLERS = "˙\xa0\xff"  # 0xFF read as ISO-8859-2/CP1250 (˙) or CP852 (NBSP)
TITLE_FIELDS = [f"{n}" for n in range(20, 30)]
NAME_FIELDS = ("32", "33")
ADDRESS_FIELDS = ("62", "63")
# A subfield holding nothing but an account number (ING's `~29`).
ACCOUNT_ONLY = re.compile(r"\s*(?:[A-Z]{2}\d{2}[\d ]{10,30}|\d{26})\s*")
ADDRESS_START = re.compile(r"\s(?=(?:UL|AL|OS|PL)[\s.])")
POSTAL_CODE = re.compile(r"\b\d{2}-\d{3}\b")
SWRK = re.compile(r"SWRK\s*:?\s*([A-Z]{2}\d{2}[\d ]+|[\d ]{10,})")


@dataclass
class Details:
    transaction_code: str = ""
    counterparty_name: str = ""
    counterparty_address: str = ""
    counterparty_account: str = ""
    title: str = ""
    bank_reference: str = ""
    virtual_account: str = ""


def compact_account(text: str) -> str:
    """Digits of an account number, keeping an IBAN's country code."""
    text = compact(text.replace("/", ""))
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", text):
        return text
    return re.sub(r"\D", "", text)


def read_details(lines: list[str]) -> Details:
    """Decode the `:86:` text (its lines as in the file, tag stripped)."""
    text = "".join(line.rstrip("\r\n") for line in lines)
    separator = _separator_of(text)
    if separator:
        return _read_subfields(text, separator)
    return _read_free_text(text)


def _separator_of(text: str) -> str:
    match = re.match(r"\s*(?:\d{3})?([~^<+])\d{2}", text)
    return match.group(1) if match else ""


# Subfield dialects (PKO BP, ING, Pekao, Nest Bank)


def _read_subfields(text: str, separator: str) -> Details:
    head, *parts = re.split(re.escape(separator) + r"(\d{2})", text)
    fields: dict[str, str] = {}
    for number, value in zip(parts[::2], parts[1::2], strict=True):
        value = value.strip(FILLERS)  # spaces stay: a chunk may end between two words
        if value.strip():
            fields[number] = fields.get(number, "") + value
    code = fields.get("00", "") if fields.get("00", "").isdigit() else head.strip()
    title_fields = TITLE_FIELDS
    if ACCOUNT_ONLY.fullmatch(fields.get("29", "")):
        title_fields = TITLE_FIELDS[:-1]  # ING: ~29 is the payer's account, not title
    name, address = _name_and_address(fields)
    return Details(
        transaction_code=code or head.strip(),
        title=_collapse("".join(fields.get(n, "") for n in title_fields)),
        counterparty_name=name,
        counterparty_address=address,
        counterparty_account=_subfield_account(fields),
        virtual_account=_swrk(fields),
    )


def _name_and_address(fields: dict[str, str]) -> tuple[str, str]:
    """`~32`/`~33` the name; the address in `~62`/`~63` (ING), or, where a
    bank writes it after the name in `~32`/`~33`, from a street (`UL.`, `AL.`…)
    followed by a postal code on."""
    party = "".join(fields.get(n, "") for n in NAME_FIELDS)
    address = [fields.get(n, "") for n in ADDRESS_FIELDS if not SWRK.search(fields.get(n, ""))]
    address = _collapse(" ".join(address))
    if address:
        return _collapse(party), address
    match = ADDRESS_START.search(party)
    if match and POSTAL_CODE.search(party, match.end()):
        return _collapse(party[: match.start()]), _collapse(party[match.end() :])
    return _collapse(party), ""


def _subfield_account(fields: dict[str, str]) -> str:
    if fields.get("38"):
        return compact_account(fields["38"])
    if ACCOUNT_ONLY.fullmatch(fields.get("29", "")):
        return compact_account(fields["29"])
    account = compact_account(fields.get("31", ""))
    if account and len(account) < 26 and fields.get("30"):
        account = compact_account(fields["30"]) + account
        if re.fullmatch(r"\d{24}", account):
            # bank number and account without the check digits, which follow from them
            return make_nrb(account[:8], account[8:])
    return account


def _swrk(fields: dict[str, str]) -> str:
    for value in fields.values():
        match = SWRK.search(value)
        if match:
            return compact_account(match.group(1))
    return ""


# mBank free text

MBANK_KEYS = (
    "ID IPH",
    "Z RACH.",
    "NA RACH.",
    "OD",
    "DLA",
    "TYT.",
    "TNR",
    "DATA STEMPLA",
    "DATA NOSTRO",
    "DEKLARACJA",
    "ID UZUP.",
    "KURS",
    "KWOTA",
    "NAZWA ZOBOW.",
    "NIP",
    "OKRES",
    "REF. KLIENTA",
    "RODZAJ SKŁADKI",
    "SYMBOL FORM.",
    "WALUTA",
)
_KEY_SPLIT = re.compile(r"(?:^|;)\s*(" + "|".join(re.escape(key) for key in MBANK_KEYS) + r")\s*:")


def _read_free_text(text: str) -> Details:
    head, *parts = _KEY_SPLIT.split(text)
    fields = {key: value.strip(" ;") for key, value in zip(parts[::2], parts[1::2], strict=True)}
    code = re.match(r"\s*(\d{3})\b", head)
    party = fields.get("OD") or fields.get("DLA") or ""
    name, address = _split_party(party)
    account = fields.get("Z RACH.") or fields.get("NA RACH.") or ""
    iph = fields.get("ID IPH", "")
    return Details(
        transaction_code=code.group(1) if code else "",
        counterparty_name=name,
        counterparty_address=address,
        counterparty_account=compact_account(account),
        title=_collapse(fields.get("TYT.", "") if fields else head.strip()),
        bank_reference=fields.get("TNR", "").replace(" ", ""),
        virtual_account=re.sub(r"\s", "", iph),
    )


def _split_party(party: str) -> tuple[str, str]:
    """mBank writes name and address as one text: split where the address starts."""
    match = ADDRESS_START.search(party)
    if not match:
        return _collapse(party), ""
    return _collapse(party[: match.start()]), _collapse(party[match.end() :])


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
