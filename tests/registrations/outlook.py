"""Real Outlook .msg files for the tests, built as OLE compound files with MAPI properties."""

from __future__ import annotations

import datetime
import io
import struct

from extract_msg.ole_writer import OleWriter


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _properties(entries: list[tuple[int, int]], header: bytes) -> bytes:
    return header + b"".join(struct.pack("<IIQ", tag, 6, value) for tag, value in entries)


def build_msg(
    *,
    message_id: str | None,
    subject: str,
    body: str,
    sent: datetime.datetime,
    sender_name: str = "Marieke Jansen",
    sender_email: str = "m.jansen@example.nl",
    pdf: bytes = b"%PDF-1.4\n%%EOF\n",
) -> bytes:
    """A real Outlook .msg (an OLE compound file with MAPI property streams), with one PDF."""
    writer = OleWriter()
    strings = {
        "001A": "IPM.Note",
        "0037": subject,
        "0C1A": sender_name,
        "5D01": sender_email,
        "1000": body,
    }
    if message_id:
        strings["1035"] = message_id
    for property_id, text in strings.items():
        writer.addEntry(f"__substg1.0_{property_id}001F", _utf16(text))
    since_1601 = sent - datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)
    filetime = int(since_1601.total_seconds()) * 10_000_000  # 100-nanosecond ticks
    header = b"\0" * 8 + struct.pack("<IIII", 0, 1, 0, 1) + b"\0" * 8
    message_flags_sent = 1  # PR_MESSAGE_FLAGS without "unsent"
    writer.addEntry(
        "__properties_version1.0",
        _properties([(0x00390040, filetime), (0x0E070003, message_flags_sent)], header),
    )
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    attachment = "__attach_version1.0_#00000000"
    writer.addEntry(attachment, storage=True)
    writer.addEntry(f"{attachment}/__substg1.0_3707001F", _utf16("C:\\Temp\\formulier.pdf"))
    writer.addEntry(f"{attachment}/__substg1.0_370E001F", _utf16("application/pdf"))
    writer.addEntry(f"{attachment}/__substg1.0_37010102", pdf)
    attach_by_value = 1
    writer.addEntry(
        f"{attachment}/__properties_version1.0",
        _properties([(0x37050003, attach_by_value)], b"\0" * 8),
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
