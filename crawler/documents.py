"""Documents as first-class: local files (HTML, TXT, PDF, DOCX, RTF, EML) read into document dicts.

The texts that matter most to analysts are often documents, not news pages: the
intergovernmental agreement, the ratification laws, government decisions, roadmaps.  Each
file becomes one dict shaped like a crawled article (url, title, text, published,
date_evidence, author, lang_hint) plus its `kind` (article, law, decision, agreement, report),
`format` and `origin_path`.  A file that cannot be read raises a DocumentError naming the
reason; a PDF without a text layer (a scan) raises NeedsOCR and is never stored empty.
Nothing here touches the KB: `kb.store.save_file_document` stores what this returns.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
import io
from pathlib import Path
from typing import Iterable, Iterator, Optional
from urllib.parse import urlsplit

from crawler import parsers

FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "txt", ".text": "txt", ".pdf": "pdf",
           ".docx": "docx", ".eml": "eml", ".rtf": "rtf"}
SENTENCE_END = (".", "!", "?", ":", ";", "»", '"', "…")
MIN_TEXT_PER_PAGE = 20            # non-space characters; below this on average a PDF is a scan
# Kind of a document from the words its title starts with, in ru, kk, uz (Latin and Cyrillic) and en.
KIND_WORDS = {
    "law": r"закон|заңы|заң\b|qonuni?\b|қонуни?\b|\blaw\b|\bact\b",
    "decision": r"постановлени|решени|указ\b|распоряжени|қаулы|шешім|жарлы|qaror|қарор|farmon|фармон|"
                r"farmoyish|фармойиш|decree|resolution|decision",
    "agreement": r"соглашени|договор|меморандум|протокол\b|келісім|\bшарт|bitim|битим|kelishuv|келишув|"
                 r"memorandum|agreement|treaty",
    "report": r"отч[её]т|доклад|есеп\b|баяндама|hisobot|ҳисобот|\breport\b|дорожн\w+ карт|жол картасы|"
              r"yo'l xaritasi|roadmap",
}
KINDS = ("article", "law", "decision", "agreement", "report")
TEXT_DATE = re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])\.((?:19|20)\d\d)(?!\d)"
                       r"|(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?\s*$|^\s*(?:стр\.?|страница|бет|bet|page)\s*\d+"
                         r"(?:\s*(?:из|of|/)\s*\d+)?\s*$", re.I)


class DocumentError(Exception):
    """A file that cannot be read as a document; the message says why."""


class UnsupportedFormat(DocumentError):
    """A file type this reader does not know (the suffix decides)."""


class NeedsOCR(DocumentError):
    """A PDF whose pages carry no text layer (a scan): it needs OCR before it can be read."""


# ---------------------------------------------------------------- common

def document_kind(title: Optional[str], text: str = "") -> str:
    """article, law, decision, agreement or report: the kind whose word comes first in the title
    (or, with no title, the opening of the text).  "Закон … о ратификации Соглашения" is a law."""
    head = (title or text[:300] or "").casefold().replace("ʻ", "'").replace("’", "'")
    found = [(m.start(), kind) for kind, words in KIND_WORDS.items() if (m := re.search(words, head))]
    return min(found)[1] if found else "article"


def text_dates(text: str, limit: int = 1500) -> list[str]:
    """Dates written as dd.mm.yyyy or yyyy-mm-dd in the opening of a text, in order."""
    out = []
    for m in TEXT_DATE.finditer(text[:limit]):
        try:
            if m.group(1):
                day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            else:
                day = dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
        except ValueError:
            continue
        out.append(day.isoformat())
    return out


def _first_paragraph(text: str, limit: int = 300) -> Optional[str]:
    for para in text.split("\n"):
        para = para.strip()
        if para:
            return para[:limit]
    return None


def _finish(name: str, fmt: str, text: str, *, title: Optional[str] = None, evidence: Iterable[tuple] = (),
            author: Optional[str] = None, lang: Optional[str] = None, **extra) -> dict:
    """The document dict (without url and origin_path, which the caller knows): evidence is
    (value, origin) pairs, most trusted first."""
    text = text.strip()
    if not text:
        raise DocumentError(f"{name}: no text")
    title = parsers._clean(title) or _first_paragraph(text)
    dates = [{"value": v, "origin": o} for v, o in evidence if v]
    return {"title": title, "text": text, "published": dates[0]["value"] if dates else None, "date_evidence": dates,
            "author": parsers._clean(author), "lang_hint": parsers.normalise_lang(lang),
            "kind": document_kind(title, text), "format": fmt, **extra}


def _decode_text(body: bytes) -> str:
    return parsers.decode_html(body, "text/plain").text


# ---------------------------------------------------------------- PDF

def repair_layout(text: str, pages: int = 1) -> str:
    """Paragraphs from a PDF's lines.  Page numbers and running headers/footers (a line on at least
    half of 3+ pages) are dropped; a word hyphenated across a line break is joined ("строи-" +
    "тельство"), a compound keeps its hyphen ("Қазақстан-" + "Өзбекстан"); a line that goes on a
    sentence (the one before ends without a full stop, and it starts in lower case) joins its
    paragraph.  pdfminer's blank lines are not trusted: it often boxes each line on its own."""
    page_lines = [[l.strip() for l in page.split("\n")] for page in text.replace("\r", "").split("\f")]
    counts = Counter(l for page in page_lines for l in set(page) if l)
    repeated = {l for l, n in counts.items() if pages >= 3 and n >= max(3, pages / 2) and len(l) < 120}
    paragraphs: list[str] = []
    for line in (l for page in page_lines for l in page):
        line = line.replace("\u00ad", "-") if line.endswith("\u00ad") else line.replace("\u00ad", "")
        if not line or PAGE_NUMBER.match(line) or line in repeated:
            continue
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] = _join(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)


def _continues(before: str, line: str) -> bool:
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha():
        return True
    return not before.endswith(SENTENCE_END) and (line[0].islower() or line[0] in "(«\"")


def _join(before: str, line: str) -> str:
    if before.endswith("-") and before[-2:-1].isalpha():
        return before[:-1] + line if line[0].islower() else before + line   # hyphenation, or a compound
    return f"{before} {line}"


def _pdf_info(fh) -> dict:
    """Title, CreationDate, Author and /Lang of a PDF, as strings ({} when unreadable)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(fh))
    except Exception:  # metadata is optional; a broken info dictionary loses only that
        return {}
    info = {}
    for entry in document.info or []:
        for key in ("Title", "CreationDate", "Author"):
            value = resolve1(entry.get(key))
            if isinstance(value, bytes):
                value = value.decode("utf-16") if value[:2] in (b"\xfe\xff", b"\xff\xfe") else value.decode("latin-1")
            if isinstance(value, str) and value.strip():
                info[key] = value.strip()
    lang = resolve1(document.catalog.get("Lang")) if document.catalog else None
    if isinstance(lang, bytes):
        info["Lang"] = lang.decode("latin-1")
    return info


def pdf_date(value: Optional[str]) -> Optional[str]:
    """A PDF date ("D:20250310120000+05'00'") as ISO 8601."""
    match = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([+-]\d\d)?'?(\d\d)?", value or "")
    if not match:
        return None
    y, mo, d, h, mi, s, oh, om = match.groups()
    if h is None:
        return parsers.iso(f"{y}-{mo or '01'}-{d or '01'}")
    offset = f"{oh}:{om or '00'}" if oh else "+00:00"
    return parsers.iso(f"{y}-{mo}-{d}T{h}:{mi or '00'}:{s or '00'}{offset}")


def read_pdf(body: bytes, url: str, name: str) -> dict:
    """A PDF's text (pdfminer.six, layout repaired) and metadata; NeedsOCR for a scan."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    try:
        raw = extract_text(io.BytesIO(body), laparams=LAParams())
        info = _pdf_info(io.BytesIO(body))
    except (PDFException, PSException, ValueError, TypeError, KeyError, AttributeError) as exc:  # encrypted too
        raise DocumentError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    pages = max(1, raw.count("\f"))
    if len(re.sub(r"\s+", "", raw)) < MIN_TEXT_PER_PAGE * pages:
        raise NeedsOCR(f"{name}: no text layer on its {pages} page(s) (a scan?): needs OCR, not stored")
    text = repair_layout(raw, pages)
    evidence = [(d, "text") for d in text_dates(text)[:1]] + [(pdf_date(info.get("CreationDate")), "file-metadata")]
    return _finish(name, "pdf", text, title=info.get("Title"), evidence=evidence, author=info.get("Author"),
                   lang=info.get("Lang"), pages=pages)


# ---------------------------------------------------------------- DOCX, EML, HTML, TXT

def read_docx(body: bytes, url: str, name: str) -> dict:
    """A DOCX file's paragraphs and tables (python-docx) and its core properties."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(body))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{name}: not a readable DOCX ({type(exc).__name__}: {exc})") from None
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        blocks += [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]
    text = "\n".join(b.strip() for b in blocks if b.strip())
    props = document.core_properties
    created = props.created.replace(tzinfo=props.created.tzinfo or dt.timezone.utc).isoformat() \
        if props.created else None
    evidence = [(d, "text") for d in text_dates(text)[:1]] + [(created, "file-metadata")]
    return _finish(name, "docx", text, title=props.title, evidence=evidence, author=props.author,
                   lang=props.language)


def read_eml(body: bytes, url: str, name: str) -> dict:
    """An email: subject, Date, From and its body (plain text, else the HTML part's main text)."""
    import email
    import email.policy
    import email.utils

    message = email.message_from_bytes(body, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise DocumentError(f"{name}: an email without a text body")
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = parsers.extract_text(parsers.html_tree(content), url, content) or ""
    try:
        sent = email.utils.parsedate_to_datetime(message["Date"]).isoformat() if message["Date"] else None
    except (TypeError, ValueError):
        sent = None
    sender = email.utils.parseaddr(str(message["From"] or ""))[0] or None
    return _finish(name, "eml", content, title=str(message["Subject"] or "") or None, evidence=[(sent, "email")],
                   author=sender, lang=str(message["Content-Language"] or "") or None)


def read_html(body: bytes, url: str, name: str) -> dict:
    """A saved web page, parsed as the crawler parses articles."""
    decoded = parsers.decode_html(body)
    fields = parsers.parse_article(decoded.text, url)
    if not fields["text"]:
        raise DocumentError(f"{name}: no main text found")
    evidence = [(e["value"], e["origin"]) for e in fields["date_evidence"]]
    return _finish(name, "html", fields["text"], title=fields["title"], evidence=evidence, author=fields["author"],
                   lang=fields["lang_hint"])


def read_rtf(body: bytes, url: str, name: str) -> dict:
    """An RTF file's text (striprtf; \\'xx bytes in the file's ansicpg, \\u escapes as Unicode)."""
    from striprtf.striprtf import rtf_to_text

    raw = body.decode("latin-1")                   # RTF is 7-bit; other bytes are escaped in it
    if not raw.lstrip().startswith("{\\rtf"):
        raise DocumentError(f"{name}: not an RTF file")
    codepage = re.search(r"\\ansicpg(\d+)", raw)
    try:
        text = rtf_to_text(raw, encoding=f"cp{codepage.group(1)}" if codepage else "cp1252", errors="replace")
    except (LookupError, ValueError, IndexError) as exc:
        raise DocumentError(f"{name}: not a readable RTF ({type(exc).__name__}: {exc})") from None
    return _finish(name, "rtf", text, evidence=[(d, "text") for d in text_dates(text)[:1]])


def read_txt(body: bytes, url: str, name: str) -> dict:
    """A plain-text file: its first line is the title."""
    text = _decode_text(body)
    return _finish(name, "txt", text, evidence=[(d, "text") for d in text_dates(text)[:1]])


READERS = {"pdf": read_pdf, "docx": read_docx, "eml": read_eml, "html": read_html, "txt": read_txt, "rtf": read_rtf}


def read_document(path: str | Path) -> dict:
    """One file as a document dict; DocumentError (UnsupportedFormat, NeedsOCR…) when it cannot be."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                                f"(use {', '.join(sorted(set(FORMATS.values())))})")
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from None
    doc = READERS[fmt](body, path.resolve().as_uri(), str(path))
    return {"url": path.resolve().as_uri(), **doc, "origin_path": str(path.resolve())}


# Content types of documents a crawl may meet (a gov.kz attachment, a lex.uz download).
DOCUMENT_TYPES = {"application/pdf": "pdf", "application/x-pdf": "pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                  "application/rtf": "rtf", "text/rtf": "rtf"}


def document_format(content_type: Optional[str], url: str = "") -> Optional[str]:
    """'pdf', 'docx' or 'rtf' for a fetched document (by Content-Type, else by the URL's suffix), else None."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[ctype]
    if ctype in ("", "application/octet-stream"):
        suffix = Path(urlsplit(url).path).suffix.lower()
        return FORMATS.get(suffix) if FORMATS.get(suffix) in ("pdf", "docx", "rtf") else None
    return None


def read_fetched(body: bytes, fmt: str, url: str) -> dict:
    """A fetched PDF, DOCX or RTF as a document dict (url = where it was fetched); DocumentError as above."""
    return {"url": url, **READERS[fmt](body, url, url)}


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file of `paths` (folders walked recursively, hidden files skipped), in sorted order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield path
