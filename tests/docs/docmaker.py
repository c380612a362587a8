"""Documents the tests make themselves: PDFs (fpdf2 with the DejaVu Sans font matplotlib ships),
DOCX (python-docx), a scanned-looking PDF (an image of text, no text layer) and an email.
Every text here is written for the tests."""
from __future__ import annotations

import datetime as dt
import email.policy
from email.message import EmailMessage
from pathlib import Path

# ru: a decision; kk: a law on ratifying an agreement; uz: an agreement.  Lines end where the PDF
# breaks them, hyphenation included, to test the layout repair.
PDF_TEXTS = {
    "ru": {"title": "Постановление о порядке работы приграничного логистического терминала",
           "date": "14.05.2025",
           "lines": ["ПОСТАНОВЛЕНИЕ", "о порядке работы приграничного логистического терминала", "от 14.05.2025",
                     "1. Утвердить порядок приёма грузов на складах терми-",
                     "нала и установить круглосуточный режим работы пункта",
                     "досмотра для грузовых автомобилей.", "",
                     "2. Поручить областной администрации обеспечить строи-",
                     "тельство подъездной дороги до конца следующего года."]},
    "kk": {"title": "Қазақстан Республикасының Заңы: шекара маңындағы сауда аймағы туралы келісімді ратификациялау",
           "date": "02.06.2025",
           "lines": ["ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ЗАҢЫ", "Шекара маңындағы сауда аймағы туралы келісімді ратификациялау",
                     "02.06.2025", "Қазақстан-",
                     "Өзбекстан шекарасындағы сауда аймағын құру туралы келісім ратифика-",
                     "циялансын. Аймақтағы қоймалар мен кеден бекеттері жоспар бойынша салынады."]},
    "uz": {"title": "Chegara savdo hududini tashkil etish to'g'risida bitim",
           "date": "20.07.2025",
           "lines": ["BITIM", "Chegara savdo hududini tashkil etish to'g'risida", "20.07.2025",
                     "Tomonlar chegara yaqinida umumiy savdo hududini tashkil etish va unda omborxo-",
                     "nalar, bojxona postlari hamda ishlab chiqarish maydonlarini qurish to'g'risida",
                     "kelishib oldilar."]},
}
EXTRA = {"ru": "{n}. Пункт {n} вступает в силу со дня подписания.",
         "kk": "{n}. Осы {n}-тармақ қол қойылған күннен бастап күшіне енеді.",
         "uz": "{n}. Ushbu {n}-band imzolangan kundan boshlab kuchga kiradi."}
DOCX_TEXTS = {
    "ru": ("Отчёт о ходе строительства складского комплекса",
           ["Строительство складского комплекса у границы идёт по графику.",
            "Подрядчик завершил монтаж каркаса двух корпусов и начал прокладку сетей."]),
    "kk": ("Қойма кешенінің құрылысы туралы есеп",
           ["Шекара маңындағы қойма кешенінің құрылысы жоспар бойынша жүріп жатыр.",
            "Мердігер екі ғимараттың қаңқасын орнатып, инженерлік желілерді тарта бастады."]),
    "uz": ("Omborxona majmuasi qurilishi to'g'risida hisobot",
           ["Chegara yaqinidagi omborxona majmuasi qurilishi reja asosida davom etmoqda.",
            "Pudratchi ikki binoning karkasini o'rnatib, muhandislik tarmoqlarini yotqizishni boshladi."]),
}


def font_path() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def make_pdf(path: Path, lang: str, pages: int = 1) -> Path:
    """A text PDF in `lang`, with a running header and page numbers on every page."""
    from fpdf import FPDF

    spec = PDF_TEXTS[lang]
    pdf = FPDF()
    pdf.set_auto_page_break(False)          # the footer line must not open a page of its own
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_font("DejaVu", size=11)
    pdf.set_title(spec["title"])
    pdf.set_author("Пресс-служба")
    pdf.set_lang({"uz": "uz-Latn"}.get(lang, lang))
    pdf.set_creation_date(dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.timezone.utc))
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 8, "Официальный бюллетень документов", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for line in spec["lines"] if page == 1 else [EXTRA[lang].format(n=page)]:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 8, f"- {page} -", align="C")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF that is only a picture of text: what a scanner makes.  No text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path(), 28)
    for n, line in enumerate(PDF_TEXTS["ru"]["lines"]):
        draw.text((100, 150 + 48 * n), line, fill="black", font=font)
    picture = path.with_suffix(".png")
    image.save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=0, y=0, w=210)
    pdf.output(str(path))
    picture.unlink()
    return path


def make_docx(path: Path, lang: str) -> Path:
    import docx

    title, paragraphs = DOCX_TEXTS[lang]
    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Корпус 1", "85 %"
    document.core_properties.title = title
    document.core_properties.language = {"uz": "uz-Latn"}.get(lang, lang)
    document.core_properties.created = dt.datetime(2025, 9, 3, 16, 30)
    document.save(str(path))
    return path


def make_eml(path: Path) -> Path:
    message = EmailMessage()
    message["Subject"] = "Пресс-релиз: терминал у границы принял первые грузы"
    message["From"] = "Пресс-служба <press@example.kz>"
    message["Date"] = "Tue, 10 Jun 2025 20:15:00 +0000"
    message.set_content("Логистический терминал у границы принял первые грузовые автомобили.\n\n"
                        "Оператор терминала сообщил, что пропускная способность вырастет вдвое к осени.")
    path.write_bytes(message.as_bytes(policy=email.policy.SMTPUTF8))   # UTF-8 headers, as mail clients write
    return path
