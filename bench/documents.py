"""Document benchmark: text extraction from generated PDFs (pdfminer.six, layout repaired) and
DOCX files (python-docx), in pages/s and documents/s.

    python -m bench documents              # or: python -m bench.documents --pages 60
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

WORDS = {
    "ru": "строительство терминала склад граница грузы подрядчик область график дорога инвестор производство "
          "таможня пункт досмотра поставки соглашение правительство развитие торговля".split(),
    "kk": "құрылыс терминал қойма шекара жүк мердігер облыс кесте жол инвестор өндіріс кеден бекет жеткізу "
          "келісім үкімет даму сауда".split(),
    "uz": "qurilish terminal omborxona chegara yuk pudratchi viloyat jadval yo'l investor ishlab chiqarish "
          "bojxona post yetkazib berish bitim hukumat rivojlanish savdo".split(),
}


def lines(rng: random.Random, lang: str, n: int) -> list[str]:
    """`n` lines of about 80 characters; some end in a hyphenated word, as typeset documents do."""
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(7, 10))]
        line = " ".join(words)
        if rng.random() < 0.2:
            cut = max(2, len(words[-1]) // 2)
            line = line[: len(line) - len(words[-1]) + cut] + "-"
        out.append(line)
    return out


def make_pdf(path: Path, lang: str, pages: int, rng: random.Random) -> None:
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=10)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 6, "Официальный бюллетень", new_x="LMARGIN", new_y="NEXT")
        for line in lines(rng, lang, 40):
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, f"- {page} -", align="C")
    pdf.output(str(path))


def make_docx(path: Path, lang: str, paragraphs: int, rng: random.Random) -> None:
    import docx

    document = docx.Document()
    for _ in range(paragraphs):
        document.add_paragraph(" ".join(lines(rng, lang, 4)))
    document.save(str(path))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30, help="pages per PDF (one PDF per language)")
    parser.add_argument("--docx", type=int, default=20, help="DOCX files per language")
    args = parser.parse_args(argv)
    from crawler.documents import read_document

    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="icic-bench-docs-") as tmp:
        root = Path(tmp)
        pdfs = [root / f"{lang}.pdf" for lang in WORDS]
        for path in pdfs:
            make_pdf(path, path.stem, args.pages, rng)
        docxs = [root / f"{lang}-{i}.docx" for lang in WORDS for i in range(args.docx)]
        for path in docxs:
            make_docx(path, path.stem.split("-")[0], 12, rng)
        t0 = time.perf_counter()
        pages = sum(read_document(p)["pages"] for p in pdfs)
        pdf_time = time.perf_counter() - t0
        t0 = time.perf_counter()
        chars = sum(len(read_document(p)["text"]) for p in docxs)
        docx_time = time.perf_counter() - t0
    print(f"pdf: {pages} pages (ru, kk, uz) in {pdf_time:.2f}s = {pages / pdf_time:.1f} pages/s "
          f"(pdfminer.six + layout repair; shared machine: noisy)")
    print(f"docx: {len(docxs)} files, {chars} characters in {docx_time:.2f}s = {len(docxs) / docx_time:.1f} files/s")


if __name__ == "__main__":
    main()
