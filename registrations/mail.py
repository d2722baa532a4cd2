"""Reading registration mail (.eml, Outlook .msg, the IMAP mailbox) into InboundMail, once each."""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import email.utils
import hashlib
import io
import logging
import mimetypes
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

import extract_msg
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from registrations import notifications
from registrations.models import InboundMail, MailAttachment
from stapteam.platform.date_bounds import HAPPENED
from stapteam.platform.text import (
    LONG_TEXT_LENGTH,
    MAIL_BODY_LENGTH,
    has_hidden_characters,
    shortened,
    without_hidden_characters,
)

logger = logging.getLogger(__name__)

STORED_FLAG = b"$StapStored"
HIDDEN_REMOVED = (
    "Onzichtbare stuurtekens (voor leesrichting of besturing) zijn uit afzender, onderwerp of "
    "tekst verwijderd."
)
BODY_SHORTENED = (
    "De tekst van deze e-mail is langer dan 1.000.000 tekens; alleen het begin is als tekst "
    "bewaard. Het volledige bericht staat in het .eml-bestand."
)

# Without one of these a file is not an e-mail, even though the email package parses anything.
_MAIL_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "Received", "MIME-Version")
_SKIPPED_HTML = {"script", "style", "title", "template", "noscript"}
_PARAGRAPH_HTML = {
    "address", "article", "blockquote", "dl", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
_LINE_HTML = {"dd", "div", "dt", "li", "tr"}
# Mail that says Latin-1 is in practice Windows-1252 (euro sign, curly quotes); browsers agree.
_MAX_MIME_DEPTH = 30  # real mail nests a few levels; a crafted one must not exhaust the stack
_LATIN1_NAMES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1"}
_ASCII_NAMES = {"us-ascii", "ascii"}


class MailboxUnavailable(Exception):
    """The mailbox cannot be used at all: no server, no connection, no login or no folder."""


@dataclass
class FetchResult:
    stored: int = 0
    already_stored: int = 0
    failed: int = 0
    remaining: int = 0  # left in the mailbox for the next round (a bounded round)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class _Mail:
    message_id: str
    sender: str = ""
    subject: str = ""
    sent_at: datetime.datetime | None = None
    body_parts: list[str] = field(default_factory=list)
    attachments: list[_Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# --- Storing -----------------------------------------------------------------------------------


def store_message(raw: bytes, *, source: str) -> tuple[InboundMail, bool]:
    """Store one RFC 822 message; returns the mail and whether it is new (False: stored before)."""
    try:
        mail = _read_eml(raw)
    except Exception:
        # A parser bug on strange input must not keep the mail out (or in the mailbox forever).
        logger.exception("Reading a mail failed; it is kept as raw text")
        found = re.search(rb"^Message-ID:[ \t]*([^\r\n]+)", raw, re.IGNORECASE | re.MULTILINE)
        message_id = _normalise_message_id(
            found.group(1).decode("ascii", "replace") if found else None
        )
        mail = _raw_text_mail(
            raw,
            message_id or _hash_id(raw.replace(b"\r\n", b"\n")),
            "Deze e-mail kon niet worden gelezen; de inhoud is ongewijzigd als tekst bewaard.",
        )
    return _save(mail, source=source, raw=raw, extension="eml")


def store_msg_file(data: bytes) -> tuple[InboundMail, bool]:
    """Store one uploaded Outlook .msg file; returns the mail and whether it is new."""
    return _save(_read_msg(data), source=InboundMail.Source.UPLOAD, raw=data, extension="msg")


def _save(mail: _Mail, *, source: str, raw: bytes, extension: str) -> tuple[InboundMail, bool]:
    """One mail, its attachments, the original message as a file and the secretariat's
    notification of it; all or nothing."""
    existing = InboundMail.objects.filter(message_id=mail.message_id).first()
    if existing is not None:
        return existing, False
    if any(has_hidden_characters(t) for t in (mail.sender, mail.subject, *mail.body_parts)):
        mail.problems.append(HIDDEN_REMOVED)
    if mail.sent_at is not None and not HAPPENED.contains(mail.sent_at):
        # Import cannot refuse a mail: an impossible Date header (1970, 9999) is left out, noted.
        mail.problems.append(
            f"Verzenddatum {mail.sent_at:%d-%m-%Y} ligt niet tussen 1 januari 2000 en vandaag; "
            "datum leeg gelaten."
        )
        mail.sent_at = None
    body = _clean("\n\n".join(p for p in mail.body_parts if p.strip()))
    if len(body) > MAIL_BODY_LENGTH:
        mail.problems.append(BODY_SHORTENED)
    inbound = InboundMail(
        message_id=mail.message_id,
        source=source,
        sender=_clip(mail.sender, 300),
        subject=_clip(mail.subject, 500),
        sent_at=mail.sent_at,
        body_text=shortened(body, MAIL_BODY_LENGTH),
        problems=shortened(_clean("\n".join(dict.fromkeys(mail.problems))), LONG_TEXT_LENGTH),
    )
    # The file first, so the mail's one history row already names it.
    inbound.raw_message.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(raw), save=False)
    written: list[FieldFile] = [inbound.raw_message]
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    inbound.save()
            except IntegrityError:
                # Another run inserted the same Message-ID after our check: that one counts.
                existing = InboundMail.objects.filter(message_id=mail.message_id).first()
                if existing is None:
                    raise
                _delete_files(written)
                return existing, False
            for attachment in mail.attachments:
                row = _attachment_row(inbound, attachment)
                if row.file:
                    written.append(row.file)
                row.save()
            # In the mail's own transaction: a mail that is not stored notifies no one.
            notifications.mail_received(inbound)
    except BaseException:
        # The rows are rolled back; files on disk are not, so remove them here.
        _delete_files(written)
        raise
    return inbound, True


def _delete_files(files: list[FieldFile]) -> None:
    for file in files:
        if file.name:
            file.storage.delete(file.name)


def _attachment_row(inbound: InboundMail, attachment: _Attachment) -> MailAttachment:
    size = len(attachment.data)
    allowed = settings.MAIL_ATTACHMENT_TYPES
    # The name must not say otherwise: "brief.html" sent as application/pdf stays out.
    named_as = mimetypes.guess_type(attachment.filename)[0]
    refused = ""
    if attachment.content_type not in allowed or (named_as and named_as not in allowed):
        refused = "Soort bestand niet toegestaan"
    elif size > settings.MAIL_ATTACHMENT_MAX_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        refused = f"Te groot ({megabytes} MB)"
    row = MailAttachment(
        mail=inbound,
        filename=attachment.filename,
        content_type=_clip(attachment.content_type, 120),
        size=size,
        refused_reason=refused,
    )
    if not refused:
        row.file.save(_disk_name(attachment.filename), ContentFile(attachment.data), save=False)
    return row


# --- Reading .eml ------------------------------------------------------------------------------


def _read_eml(raw: bytes) -> _Mail:
    # IMAP servers hand out CRLF, saved files often have LF: the same mail must get the same hash.
    fallback_id = _hash_id(raw.replace(b"\r\n", b"\n"))
    if not raw.strip():
        return _Mail(message_id=fallback_id, problems=["Leeg bestand: er stond geen e-mail in."])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not any(name in msg for name in _MAIL_HEADERS):
        return _raw_text_mail(
            raw,
            fallback_id,
            "Dit is geen e-mail: de kopregels (Van, Onderwerp, Datum) ontbreken. "
            "De inhoud is ongewijzigd als tekst bewaard.",
        )
    mail = _Mail(message_id=_normalise_message_id(_raw_header(msg, "Message-ID")) or fallback_id)
    _read_headers(msg, mail)
    _collect(msg, mail, with_body=True)
    return mail


def _raw_text_mail(raw: bytes, message_id: str, problem: str) -> _Mail:
    text, _note = _decode(raw, None, "Inhoud")
    return _Mail(message_id=message_id, body_parts=[text], problems=[problem])


def _read_headers(msg: EmailMessage, mail: _Mail) -> None:
    mail.sender = _header_text(msg, "From", "Afzender", mail.problems)
    mail.subject = _header_text(msg, "Subject", "Onderwerp", mail.problems)
    raw_date = _raw_header(msg, "Date")
    if raw_date is None:
        mail.problems.append("Geen verzenddatum in de e-mail.")
        return
    mail.sent_at = _parse_date(raw_date)
    if mail.sent_at is None:
        shown = _unfold(raw_date.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        mail.problems.append(f"Verzenddatum '{shown[:80]}' is onleesbaar; datum leeg gelaten.")


def _collect(part: EmailMessage, mail: _Mail, *, with_body: bool, depth: int = 0) -> None:
    """Walk the MIME tree: text parts into the body, everything else into attachments."""
    if depth > _MAX_MIME_DEPTH:
        mail.problems.append("De e-mail is te diep genest; de binnenste delen zijn niet gelezen.")
        return
    content_type = part.get_content_type()
    payload = part.get_payload()
    children = (
        [c for c in payload if isinstance(c, EmailMessage)] if isinstance(payload, list) else []
    )
    if content_type == "message/rfc822" and children:
        forwarded = children[0]
        if with_body:
            mail.body_parts.append(_forward_heading(forwarded, mail.problems))
        _collect(forwarded, mail, with_body=with_body, depth=depth + 1)
        return
    if content_type.startswith("multipart/") and not isinstance(payload, list):
        # A multipart whose boundary is missing: keep the text rather than lose it.
        mail.problems.append(
            "De e-mail is beschadigd (de delen zijn niet te scheiden); "
            "de inhoud is als tekst bewaard."
        )
        if with_body:
            mail.body_parts.append(_text_of(part, mail.problems))
        return
    if isinstance(payload, list):
        chosen = _best_alternative(children) if content_type == "multipart/alternative" else None
        for child in children:
            body = with_body and (chosen is None or child is chosen)
            _collect(child, mail, with_body=body, depth=depth + 1)
        return
    if _is_body_text(part):
        if with_body:
            text = _text_of(part, mail.problems)
            mail.body_parts.append(html_to_text(text) if content_type == "text/html" else text)
        return
    mail.attachments.append(_eml_attachment(part, len(mail.attachments) + 1, mail.problems))


def _best_alternative(children: list[EmailMessage]) -> EmailMessage | None:
    """Plain text when the sender wrote some; else the last, richest alternative (RFC 2046)."""
    for child in children:
        plain = child.get_content_type() == "text/plain" and _is_body_text(child)
        if plain and _text_of(child, []).strip():
            return child
    return children[-1] if children else None


def _is_body_text(part: EmailMessage) -> bool:
    return (
        part.get_content_type() in ("text/plain", "text/html")
        and part.get_content_disposition() != "attachment"
        and not _filename_of(part)
    )


def _text_of(part: EmailMessage, problems: list[str]) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    text, note = _decode(data, part.get_content_charset(), "Tekst")
    if note:
        problems.append(note)
    return text


def _eml_attachment(part: EmailMessage, number: int, problems: list[str]) -> _Attachment:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        data = b""
    filename = _safe_filename(_filename_of(part), part.get_content_type(), number)
    if any("Base64" in type(defect).__name__ for defect in part.defects):
        problems.append(f"Bijlage '{filename}' was beschadigd gecodeerd en is mogelijk onvolledig.")
    return _Attachment(filename, _content_type(part.get_content_type(), filename), data)


def _forward_heading(msg: EmailMessage, problems: list[str]) -> str:
    lines = ["---------- Doorgestuurd bericht ----------"]
    for name, label in (("From", "Van"), ("Date", "Datum"), ("Subject", "Onderwerp")):
        value = _header_text(msg, name, f"{label} (doorgestuurd)", problems)
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


def _filename_of(part: EmailMessage) -> str | None:
    try:
        return part.get_filename()
    except Exception:  # a broken RFC 2231 parameter must not cost the whole mail
        return None


def _raw_header(msg: EmailMessage, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def _header_text(msg: EmailMessage, name: str, label: str, problems: list[str]) -> str:
    raw = _raw_header(msg, name)
    if raw is None:
        return ""
    if _has_escaped_bytes(raw):
        # 8-bit bytes without RFC 2047 encoding: the parser kept them as surrogates.
        text, note = _decode(raw.encode("ascii", "surrogateescape"), None, label)
        if note:
            problems.append(note)
        return _unfold(text)
    try:
        text = _unfold(str(msg[name]))  # decodes RFC 2047 encoded words in any charset
    except Exception:
        problems.append(f"{label} kon niet worden gedecodeerd; de ruwe tekst is bewaard.")
        return _unfold(raw)
    if "\ufffd" in text:
        problems.append(f"{label}: sommige tekens waren onleesbaar en zijn vervangen door �.")
    return text


def _parse_date(raw: str) -> datetime.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(_unfold(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # "-0000": the sender's zone is unknown, the time is UTC
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


# --- Reading Outlook .msg ----------------------------------------------------------------------


def _read_msg(data: bytes) -> _Mail:
    fallback_id = _hash_id(data)
    try:
        # A BytesIO, never the bytes: olefile takes short bytes for a path on the server.
        msg = extract_msg.openMsg(io.BytesIO(data))
    except Exception as exc:
        logger.info("Unreadable .msg upload: %r", exc)
        return _raw_text_mail(data, fallback_id, _UNREADABLE_MSG)
    try:
        return _msg_to_mail(msg, fallback_id)
    except Exception:
        logger.exception("Reading an opened .msg failed; it is kept as raw text")
        return _raw_text_mail(data, fallback_id, _UNREADABLE_MSG)
    finally:
        msg.close()


_UNREADABLE_MSG = (
    "Dit is geen leesbaar Outlook-bestand (.msg). De inhoud is zo goed mogelijk als tekst "
    "bewaard; vraag de afzender om het opnieuw te sturen of sla het bericht op als .eml."
)


def _msg_to_mail(msg: Any, fallback_id: str) -> _Mail:
    mail = _Mail(message_id=_normalise_message_id(_msg_value(msg, "messageId")) or fallback_id)
    mail.sender = _unfold(_msg_value(msg, "sender") or "")
    mail.subject = _unfold(_msg_value(msg, "subject") or "")
    sent_at = _msg_value(msg, "date")
    if isinstance(sent_at, datetime.datetime):
        mail.sent_at = sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=datetime.UTC)
    else:
        header = _msg_value(msg, "header")
        raw_date = header.get("Date") if header is not None else None
        mail.sent_at = _parse_date(str(raw_date)) if raw_date else None
        if mail.sent_at is None:
            mail.problems.append("Geen leesbare verzenddatum in het Outlook-bestand.")
    body = _msg_value(msg, "body")
    if isinstance(body, str) and body.strip():
        mail.body_parts.append(body.replace("\r\n", "\n"))
    else:
        html = _msg_value(msg, "htmlBody")
        if isinstance(html, bytes):
            text, note = _decode(html, None, "Tekst")
            mail.body_parts.append(html_to_text(text))
            if note:
                mail.problems.append(note)
    for number, attachment in enumerate(_msg_value(msg, "attachments") or [], start=1):
        try:
            content = attachment.data
            if not isinstance(content, bytes):
                content = bytes(content)  # an embedded Outlook message exports itself
            mimetype = attachment.mimetype or ""
            filename = _safe_filename(attachment.name, mimetype, number)
        except Exception as exc:
            logger.info("Reading attachment %s from .msg failed: %r", number, exc)
            mail.problems.append(
                f"Bijlage {number} kon niet uit het Outlook-bestand worden gelezen."
            )
            continue
        content_type = _content_type(mimetype, filename)
        mail.attachments.append(_Attachment(filename, content_type, content))
    return mail


def _msg_value(msg: Any, name: str) -> Any:
    try:
        return getattr(msg, name)
    except Exception as exc:  # extract-msg raises on damaged streams; keep what can be read
        logger.info("Reading %s from .msg failed: %r", name, exc)
        return None


# --- Fetching from the mailbox -----------------------------------------------------------------


def fetch_mailbox(config: dict[str, Any] | None = None, *, limit: int | None = None) -> FetchResult:
    """Store every message in the mailbox folder that is not yet flagged as stored, or the
    oldest `limit` of them (the rest is counted as remaining).

    A message is flagged (and moved) only after its database commit: a crash before that means the
    next run finds it again and recognises it by Message-ID, so no mail is lost or stored twice.
    """
    config = settings.REGISTRATION_IMAP if config is None else config
    result = FetchResult()
    folder = config.get("FOLDER") or "INBOX"
    done_folder = config.get("DONE_FOLDER") or ""
    client = _connect(config)
    try:
        try:
            uids = _prepare(client, folder, done_folder, result)
        except (IMAPClientError, OSError) as exc:
            raise MailboxUnavailable(
                f"Map '{folder}' of '{done_folder}' op de mailserver niet te gebruiken: {exc}"
                if done_folder
                else f"Map '{folder}' op de mailserver niet te gebruiken: {exc}"
            ) from exc
        if limit is not None:  # the oldest first: UIDs ascend with arrival
            uids = sorted(uids)
            uids, result.remaining = uids[:limit], max(0, len(uids) - limit)
        for uid in uids:
            if not _fetch_one(client, uid, done_folder, result):
                break
    finally:
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()
    return result


def _prepare(client: IMAPClient, folder: str, done_folder: str, result: FetchResult) -> list[int]:
    """Open the folder, finish moves a previous run left undone; the UIDs still to store."""
    selected = client.select_folder(folder)
    permanent = selected.get(b"PERMANENTFLAGS", ())
    if b"\\*" not in permanent and STORED_FLAG not in permanent:
        result.errors.append(
            f"De mailserver staat de markering {STORED_FLAG.decode()} niet toe; "
            "berichten worden elke keer opnieuw gelezen (zonder dubbelen)."
        )
    if done_folder:
        _ensure_folder(client, done_folder)
        # Flagged means committed: a run that stopped between flagging and moving left these.
        leftovers = client.search(["KEYWORD", STORED_FLAG.decode()])
        if leftovers:
            _move(client, list(leftovers), done_folder)
    return list(client.search(["NOT", "KEYWORD", STORED_FLAG.decode()]))


def _fetch_one(client: IMAPClient, uid: int, done_folder: str, result: FetchResult) -> bool:
    """Store, then flag and move one message. False when the connection is gone."""
    try:
        response = client.fetch([uid], ["BODY.PEEK[]"])
    except (IMAPClientError, OSError) as exc:
        result.failed += 1
        result.errors.append(
            f"Bericht (UID {uid}): ophalen mislukt ({exc}); de rest volgt bij de volgende ronde."
        )
        return False
    raw = response.get(uid, {}).get(b"BODY[]")
    if not isinstance(raw, bytes):
        return True  # deleted by another client in the meantime
    try:
        # durable: the commit must really have happened before the server hears "stored".
        with transaction.atomic(durable=True):
            _mail, created = store_message(raw, source=InboundMail.Source.IMAP)
    except Exception as exc:
        logger.exception("Storing IMAP message %s failed", uid)
        result.failed += 1
        result.errors.append(
            f"Bericht (UID {uid}): opslaan mislukt ({type(exc).__name__}); het blijft in de "
            "mailbox en wordt bij de volgende ronde opnieuw geprobeerd."
        )
        return True
    if created:
        result.stored += 1
    else:
        result.already_stored += 1
    try:
        client.add_flags([uid], [STORED_FLAG, b"\\Seen"])
        if done_folder:
            _move(client, [uid], done_folder)
    except (IMAPClientError, OSError) as exc:
        result.errors.append(
            f"Bericht (UID {uid}): opgeslagen, maar markeren op de server mislukt ({exc}); "
            "de volgende ronde herkent het aan zijn Message-ID."
        )
        return not isinstance(exc, (OSError, IMAPClient.AbortError))
    return True


def _connect(config: dict[str, Any]) -> IMAPClient:
    host = config.get("HOST") or ""
    port = int(config.get("PORT") or 993)
    user = config.get("USER") or ""
    password = config.get("PASSWORD") or ""
    if not host:
        raise MailboxUnavailable(
            "Geen mailserver ingesteld: zet REGISTRATION_IMAP_HOST (en gebruiker en wachtwoord)."
        )
    try:
        client = IMAPClient(host, port=port, ssl=bool(config.get("SSL", True)), timeout=60)
    except (OSError, IMAPClientError) as exc:
        reason = _redact(str(exc) or type(exc).__name__, password)
        raise MailboxUnavailable(f"Mailserver {host}:{port} niet bereikbaar: {reason}") from exc
    try:
        client.login(user, password)
    except (LoginError, IMAPClientError, OSError) as exc:
        _close_quietly(client)
        reason = _redact(_text(exc), password)
        raise MailboxUnavailable(
            f"Inloggen op {host}:{port} als '{user}' mislukt ({reason}); "
            "controleer REGISTRATION_IMAP_USER en REGISTRATION_IMAP_PASSWORD."
        ) from exc
    return client


def _ensure_folder(client: IMAPClient, folder: str) -> None:
    if not client.folder_exists(folder):
        client.create_folder(folder)
        client.subscribe_folder(folder)


def _move(client: IMAPClient, uids: list[int], folder: str) -> None:
    if client.has_capability("MOVE"):
        client.move(uids, folder)
        return
    client.copy(uids, folder)
    client.delete_messages(uids)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:
        client.expunge()


def _close_quietly(client: IMAPClient) -> None:
    with contextlib.suppress(IMAPClientError, OSError):
        client.shutdown()


# --- Text helpers ------------------------------------------------------------------------------


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive unescaped in handle_data
        self.parts: list[str] = []
        self.pending_newlines = 0
        self.skipping = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_HTML:
            self.skipping += 1
        elif tag == "br":
            self.pending_newlines = min(self.pending_newlines + 1, 2)
        elif tag in _PARAGRAPH_HTML:
            self._break(2)
        elif tag in _LINE_HTML:
            self._break(1)
        if tag == "li":
            self._write("- ")
        elif tag in ("td", "th"):
            self._write(" ")
        elif tag == "pre":
            self.preformatted += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_HTML:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _PARAGRAPH_HTML:
            self._break(2)
        elif tag in _LINE_HTML:
            self._break(1)
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.preformatted:
            data = re.sub(r"\s+", " ", data)
            if not data.strip() and self.pending_newlines:
                return  # layout whitespace between blocks
        self._write(data)

    def _break(self, newlines: int) -> None:
        # Blocks ask for line breaks; asking twice must not give empty lines twice.
        self.pending_newlines = max(self.pending_newlines, newlines)

    def _write(self, text: str) -> None:
        if self.pending_newlines and self.parts:
            self.parts.append("\n" * self.pending_newlines)
        self.pending_newlines = 0
        self.parts.append(text)


def html_to_text(markup: str) -> str:
    """Readable plain text from HTML: no tags, no scripts or styles, entities unescaped."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _decode(data: bytes, charset: str | None, label: str) -> tuple[str, str | None]:
    """Text from bytes in the declared charset, with a Dutch note when it had to be guessed."""
    declared = (charset or "").strip().lower()
    if declared in _ASCII_NAMES:
        declared = ""
    candidates = ["cp1252", "latin-1"] if declared in _LATIN1_NAMES else [declared]
    if not declared:
        candidates = ["utf-8"]
    for encoding in candidates:
        try:
            return data.decode(encoding), None
        except (LookupError, UnicodeDecodeError):
            continue
    said = f"de opgegeven tekenset '{declared}' klopte niet" if declared else "geen tekenset"
    for encoding, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, f"{label}: {said}; gelezen als {name}, controleer letters met accenten."
    return (
        data.decode("utf-8", errors="replace"),
        f"{label}: sommige tekens waren onleesbaar en zijn vervangen door �.",
    )


def _normalise_message_id(value: str | None) -> str | None:
    if not value:
        return None
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    found = re.search(r"<([^<>]+)>", value)
    core = re.sub(r"\s+", "", found.group(1) if found else value).strip("<>")
    if not core:
        return None
    message_id = f"<{core}>"
    if len(message_id) > 500:  # the column's width; an absurd ID still dedups by its hash
        return _hash_id(message_id.encode())
    return message_id


def _hash_id(data: bytes) -> str:
    return f"<sha256-{hashlib.sha256(data).hexdigest()}@stap.invalid>"


def _safe_filename(name: str | None, content_type: str, number: int) -> str:
    """The sender's name for display: no folders, no control characters, no leading dots."""
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(". ")
    if not name:
        name = f"bijlage-{number}{mimetypes.guess_extension(content_type) or ''}"
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        extension = extension[:20] if dot else ""
        name = f"{(stem if dot else name)[: 250 - len(extension)]}{dot}{extension}"
    return name


def _disk_name(filename: str) -> str:
    """A random name on disk: file names often carry her name; the original stays in the row."""
    _stem, dot, extension = filename.rpartition(".")
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10] if dot else ""
    random_stem = uuid.uuid4().hex
    return f"{random_stem}.{extension}" if extension else random_stem


def _content_type(declared: str, filename: str) -> str:
    declared = declared.strip().lower()
    if declared in ("", "application/octet-stream", "application/x-download"):
        # Many mail programs send every file as octet-stream; the extension says more.
        return mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return declared


def _has_escaped_bytes(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _unfold(text: str) -> str:
    return re.sub(r"\s*\r?\n[ \t]*", " ", text).strip()


def _clean(text: str) -> str:
    """Without NUL (PostgreSQL text cannot hold it) and the other invisible control and
    direction characters (they can turn a name around on screen and in letters)."""
    return without_hidden_characters(text)


def _clip(text: str, length: int) -> str:
    text = _clean(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _text(exc: BaseException) -> str:
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    # imapclient wraps the server's reply as the repr of bytes: b'[AUTHENTICATIONFAILED] ...'
    return re.sub(r"^b(['\"])(.*)\1$", r"\2", str(message)) or type(exc).__name__


def _redact(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text
