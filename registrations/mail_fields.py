"""Reading a request's common fields from the texts of a mail: pure, strings in, values out.

The secretariat turns a mail into a request; what the mail says about her (naam, roepnaam,
geboortedatum, telefoon, e-mail, adres, gewenste ingangsdatum) is read here from the body and the
text of its attachments, and the sender is kept apart: she herself, or a gemachtigde (a care
worker who writes on her behalf). Every value is a suggestion the secretariat checks; nothing
here touches the database or a file.
"""

from __future__ import annotations

import datetime
import email.utils
import re
import unicodedata
from dataclasses import dataclass, field

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
BODY = "de tekst van de e-mail"
SENDER = "de afzender"

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# 3 april 1990, 3 apr. 1990, 03-04-1990, 3/4/1990, 3.4.1990, 1990-04-03, 03-04-90
DATE_PATTERN = (
    rf"\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTH})\.?\s+\d{{4}}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d)"
    r"|\d{4}-\d{1,2}-\d{1,2}"
)
_PARTICLES = r"(?:van|de|der|den|het|ter|ten|te|el|al|da|dos|du|le|la|op|'t|in)"
_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ'’]+)*"
NAME_PATTERN = rf"{_WORD}(?:[ \t]+(?:{_PARTICLES}[ \t]+)*{_WORD}){{0,4}}"
_TITLE = r"(?i:mevrouw|mevr\.?|mw\.?|juffrouw|de\s+heer|dhr\.?|meneer)\s+"
_PHONE = r"(?:\+31|0031|0)[\d\s().-]{8,16}\d"
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Za-z]{2}\b")

# One label of a "Label: value" line per field; the first found wins.
LABELS: dict[str, str] = {
    "name": (
        r"(?:volledige\s+)?naam(?:\s+(?:van\s+)?(?:de\s+)?"
        r"(?:cli[eë]nte?|aanvraagster|aanvrager|betrokkene|mevrouw|sekswerker))?"
        r"|naam\s+en\s+voorletters|name"
    ),
    "first_names": r"voornamen|voornaam",
    "surname": r"achternaam|geslachtsnaam|familienaam",
    "call_name": r"roepnaam|noemnaam|bijnaam|werknaam",
    "date_of_birth": (
        r"geboortedatum|geb(?:oorte)?\.?\s*datum|geboren(?:\s+op)?|geb\.|date\s+of\s+birth"
    ),
    "phone": (
        r"(?:mobiel(?:e)?\s+)?telefoon(?:nummer)?|tel\.?(?:\s*nr\.?)?|mobiel(?:\s+nummer)?|gsm"
    ),
    "email": r"e-?mail(?:adres)?",
    "address": r"(?:woon|post|verblijf(?:s)?)?adres|straat\s+en\s+huisnummer",
    "postcode_city": r"postcode(?:\s+en\s+|\s*/\s*|\s+)(?:woon)?plaats|woonplaats",
    "wished_start": (
        r"gewenste\s+(?:ingangs|start|begin)datum|(?:ingangs|start)datum(?:\s+registratie)?"
        r"|gewenste\s+datum|ingangsdatum\s+pas"
    ),
}
# "Naam: …" but not "Roepnaam: …": a label starts the line (after a bullet or a number).
_LINE = (
    r"^[ \t]*(?:[-*•·>]|\d+[.)])?[ \t]*(?:{label})[ \t]*(?:\([^)\n]*\))?"
    r"[ \t]*(?:[:=]|\t|[ ]{{2,}})[ \t]*(?P<value>[^\n]*)$"
)
_LABELLED = {
    key: re.compile(_LINE.format(label=label), re.IGNORECASE | re.MULTILINE)
    for key, label in LABELS.items()
}
# Phrases in running text, when no line is labelled.
_PHRASES: dict[str, list[re.Pattern[str]]] = {
    "name": [
        re.compile(
            rf"(?i:namens|voor|over|betreft|van)\s+(?i:mijn\s+)?(?i:cli[eë]nte\s+)?"
            rf"(?:{_TITLE})(?P<value>{NAME_PATTERN})"
        ),
        re.compile(rf"(?:[Mm]ijn\s+)?[Cc]li[eë]nte,?\s+(?:{_TITLE})?(?P<value>{NAME_PATTERN})"),
        re.compile(rf"[Mm]ijn\s+naam\s+is\s+(?P<value>{NAME_PATTERN})"),
        re.compile(rf"[Ii]k\s+heet\s+(?P<value>{NAME_PATTERN})"),
    ],
    "call_name": [
        re.compile(
            rf"(?:roepnaam|noemt\s+zich|wordt\s+(?:ook\s+)?)[\s:]*[\"“']?(?P<value>{_WORD})"
            r"(?:[\"”'])?(?:\s+genoemd)?",
            re.IGNORECASE,
        ),
    ],
    "date_of_birth": [
        re.compile(rf"geb(?:oren|\.)\s*(?:op\s+)?(?P<value>{DATE_PATTERN})", re.IGNORECASE),
        re.compile(rf"geboortedatum\s+(?:is\s+)?(?P<value>{DATE_PATTERN})", re.IGNORECASE),
    ],
    "phone": [
        re.compile(
            rf"(?:bereikbaar\s+(?:op|via|onder)|telefoonnummer\s+(?:is\s+)?|bel(?:len)?\s+(?:op|naar)"
            rf"|mobiel\s+(?:op\s+)?)[\s:]*(?P<value>{_PHONE})",
            re.IGNORECASE,
        )
    ],
    "wished_start": [
        re.compile(
            rf"(?:met\s+ingang\s+van|ingaande|graag\s+(?:per|vanaf)|starten\s+(?:per|op)"
            rf"|beginnen\s+(?:per|op))\s+(?P<value>{DATE_PATTERN})",
            re.IGNORECASE,
        )
    ],
}
# Words that say the sender writes on her behalf.
_ON_BEHALF = re.compile(
    r"\bnamens\b|\bmijn\s+cli[eë]nte\b|\bcli[eë]nte\s+van\s+(?:mij|ons)\b|\bgemachtigde\b"
    r"|\bin\s+opdracht\s+van\b|\bik\s+ben\s+(?:haar|de)\s+(?:case\s?manager|hulpverlener"
    r"|begeleider|ambulant\s+begeleider|maatschappelijk\s+werker|mentor|bewindvoerder)\b"
    r"|\bals\s+(?:haar\s+)?(?:case\s?manager|hulpverlener|begeleider|mentor|bewindvoerder)\b",
    re.IGNORECASE,
)
# Where a signature starts: what follows is about the sender, not about her.
_CLOSING = re.compile(
    r"^[ \t]*(?:(?:met\s+)?(?:vriendelijke|hartelijke|warme|beste|lieve)\s+groet(?:en)?"
    r"|m\.?v\.?g\.?|groet(?:jes|en)?|--)[ \t]*[,!.]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Lines quoted from an earlier mail ("> …") say what someone wrote before, not this request.
_QUOTED = re.compile(r"^[ \t]*>.*$", re.MULTILINE)


@dataclass(frozen=True)
class Text:
    """One text of the mail and where it comes from ("de tekst van de e-mail", "bijlage …")."""

    text: str
    where: str = BODY


@dataclass(frozen=True)
class Found:
    value: str | datetime.date
    where: str


@dataclass
class MailFields:
    """What the mail says about her, each value with where it was found, and who sent it."""

    found: dict[str, Found] = field(default_factory=dict)
    sender_name: str = ""
    sender_email: str = ""
    on_behalf: bool = False

    def value(self, key: str) -> str | datetime.date | None:
        found = self.found.get(key)
        return found.value if found else None

    @property
    def sender(self) -> str:
        if self.sender_name and self.sender_email:
            return f"{self.sender_name} <{self.sender_email}>"
        return self.sender_name or self.sender_email


def read_fields(*, sender: str, texts: list[Text], today: datetime.date) -> MailFields:
    """The fields of the request, from the first text that has each; the sender kept apart.
    `today` bounds the dates: a birth date is not after it, a wished start not five years on."""
    texts = [Text(re.sub(r"\r\n?", "\n", t.text), t.where) for t in texts]
    name, address = email.utils.parseaddr(sender)
    result = MailFields(sender_name=_tidy(name).strip("\"'"), sender_email=address.strip())
    body = "\n\n".join(t.text for t in texts if t.where == BODY)
    main = [Text(_before_signature(_QUOTED.sub("", t.text)), t.where) for t in texts]
    for text in main:
        _read_into(result.found, text, today)
    result.on_behalf = _writes_on_behalf(result, _before_signature(body))
    if not result.on_behalf:
        # She wrote herself: her signature is hers (a phone number under her name).
        for text in texts:
            _read_into(result.found, Text(_QUOTED.sub("", text.text), text.where), today)
        if "name" not in result.found and result.sender_name:
            result.found["name"] = Found(result.sender_name, SENDER)
        if "email" not in result.found and result.sender_email:
            result.found["email"] = Found(result.sender_email, SENDER)
    return result


def _writes_on_behalf(result: MailFields, body: str) -> bool:
    if _ON_BEHALF.search(body):
        return True
    named = result.found.get("name")
    if named is None or not result.sender_name or named.where == SENDER:
        return False
    return not same_person(str(named.value), result.sender_name)


def same_person(one: str, other: str) -> bool:
    """ "Marieke Jansen" and "M. Jansen" or "jansen, marieke" are one person: same surname."""
    first, second = _name_words(one), _name_words(other)
    if not first or not second:
        return False
    return first[-1] == second[-1] or first[-1] == second[0] or first[0] == second[-1]


def _name_words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return [w for w in re.split(r"[\s,.]+", plain) if len(w) > 1]


def _before_signature(text: str) -> str:
    found = _CLOSING.search(text)
    return text[: found.start()] if found else text


def _read_into(found: dict[str, Found], text: Text, today: datetime.date) -> None:
    readers = {
        "name": _name,
        "call_name": _call_name,
        "date_of_birth": lambda value: parse_date(value, earliest=_BIRTH_EARLIEST, latest=today),
        "phone": _phone,
        "email": _email,
        "address": _address_value,
        "wished_start": lambda value: parse_date(
            value, earliest=_START_EARLIEST, latest=today.replace(year=today.year + 5)
        ),
    }
    for key, read in readers.items():
        if key in found:
            continue
        value = _address(text.text) if key == "address" else _labelled(key, text.text, read)
        if value is None and key == "name":
            value = _split_name(text.text)
        if value is None:
            value = _phrase(key, text.text, read)
        if value is not None:
            found[key] = Found(value, text.where)


def _labelled(key: str, text: str, read: object) -> str | datetime.date | None:
    for match in _LABELLED[key].finditer(text):
        raw = match.group("value").strip()
        if not raw:  # "Naam:" with the value on the next line (a form turned into text)
            after = text[match.end() :].lstrip("\r\n").split("\n", 1)[0]
            raw = after.strip() if ":" not in after else ""
        value = read(raw) if callable(read) else None
        if value:
            return value  # type: ignore[no-any-return]
    return None


def _phrase(key: str, text: str, read: object) -> str | datetime.date | None:
    for pattern in _PHRASES.get(key, []):
        for match in pattern.finditer(text):
            value = read(match.group("value")) if callable(read) else None
            if value:
                return value  # type: ignore[no-any-return]
    return None


def _split_name(text: str) -> str | None:
    """ "Voornamen: Fatima Zahra" and "Achternaam: el Amrani" on separate lines."""
    first = _labelled("first_names", text, _name)
    last = _labelled("surname", text, _plain_value)
    if first and last:
        return _name(f"{first} {last}")
    return None


# --- Values ------------------------------------------------------------------------------------

_BIRTH_EARLIEST = datetime.date(1900, 1, 1)
_START_EARLIEST = datetime.date(2000, 1, 1)


def parse_date(
    text: str, *, earliest: datetime.date, latest: datetime.date
) -> datetime.date | None:
    """A date written the Dutch way ("3 april 1990", "03-04-1990", "3/4/90", "1990-04-03"),
    between earliest and latest; None when there is none or it cannot exist (31-02-1990)."""
    match = re.search(DATE_PATTERN, text, re.IGNORECASE)
    if match is None:
        return None
    raw = match.group(0).lower()
    try:
        if re.match(r"\d{4}-", raw):
            year, month, day = (int(p) for p in raw.split("-"))
        elif re.search(r"[a-z]", raw):
            parts = raw.replace(".", " ").split()
            day = int(re.sub(r"\D", "", parts[0]))
            month, year = MONTHS[parts[1]], int(parts[2])
        else:
            day, month, year = (int(p) for p in re.split(r"[-/.]", raw))
            if year < 100:  # "03-04-90": the latest year with these two digits, not ahead
                year += 2000 if 2000 + year <= latest.year else 1900
        value = datetime.date(year, month, day)
    except (ValueError, KeyError, IndexError):
        return None
    return value if earliest <= value <= latest else None


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" \t,;.")


def _plain_value(text: str) -> str | None:
    value = _tidy(text)
    return value[:160] if value and not re.search(r"\d|@", value) else None


def _name(text: str) -> str | None:
    """A person's name: words, particles and hyphens, no digits or e-mail; titles dropped."""
    value = re.sub(rf"^(?:{_TITLE})", "", _tidy(text), flags=re.IGNORECASE)
    value = re.split(r"\s*[(,;|]|\s+(?:geb\.|geboren)\b", value, maxsplit=1)[0].strip()
    if not value or len(value) > 160 or re.search(r"[\d@:/\\<>]", value):
        return None
    words = value.split()
    if len(words) > 6 or not any(w[:1].isupper() for w in words):
        return None
    return value


def _call_name(text: str) -> str | None:
    value = _tidy(text).strip("\"“”'")
    value = re.split(r"\s*[(,;]", value, maxsplit=1)[0]
    if not value or len(value) > 80 or re.search(r"[\d@:/]", value) or len(value.split()) > 3:
        return None
    return value


def _phone(text: str) -> str | None:
    match = re.search(_PHONE, text)
    if match is None:
        return None
    value = _tidy(match.group(0))
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31"):
        digits = "0" + digits[2:]
    return value[:30] if len(digits) == 10 and digits.startswith("0") else None


def _email(text: str) -> str | None:
    match = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return match.group(0)[:254] if match else None


def _address_value(text: str) -> str | None:
    value = _tidy(text)
    if not value or len(value) > 250 or "@" in value or not re.search(r"\d", value):
        return None
    return value


def _address(text: str) -> str | None:
    """ "Adres: Hertogstraat 12" with "6511 RV Nijmegen" (labelled or not) on the next line."""
    match = _LABELLED["address"].search(text)
    if match is None:
        return None
    street = _tidy(match.group("value"))
    if not street or "@" in street:
        return None
    if not _POSTCODE.search(street):
        rest = text[match.end() :].lstrip("\r\n").split("\n", 1)[0]
        city = _LABELLED["postcode_city"].match(rest)
        line = _tidy(city.group("value") if city else rest)
        if _POSTCODE.match(line):
            street = f"{street}, {line}"
    return _address_value(street)
