"""Small real PDFs for the tests: lines of text, and optionally a filled-in form (AcroForm)."""

from __future__ import annotations


def _string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def build_pdf(lines: list[str], fields: dict[str, tuple[str, str]] | None = None) -> bytes:
    """One A4 page with `lines` in Helvetica; `fields` maps a field's name to (label, value)."""
    fields = fields or {}
    text = b"BT /F1 11 Tf 56 780 Td 16 TL " + b"".join(_string(line) + b" Tj T* " for line in lines)
    content = text + b"ET"
    widget_numbers = list(range(6, 6 + len(fields)))
    annots = b" ".join(b"%d 0 R" % n for n in widget_numbers)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R"
        + (b" /AcroForm << /Fields [" + annots + b"] >>" if fields else b"")
        + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >>"
        + (b" /Annots [" + annots + b"]" if fields else b"")
        + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for number, (name, (label, value)) in enumerate(fields.items()):
        top = 500 - number * 30
        objects.append(
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T "
            + _string(name)
            + b" /TU "
            + _string(label)
            + b" /V "
            + _string(value)
            + b" /Rect [200 %d 500 %d] /P 3 0 R /F 4 >>" % (top, top + 20)
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
