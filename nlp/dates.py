"""Stage 6: dates and deadlines as intervals, resolved against the publication date.

`DateExtractor()(text, published)` yields `(start, stop, fact)` with character
offsets; a fact is `{"kind", "start", "end"}` with ISO dates.  Kinds: point,
month, quarter, half, year, range, deadline (start = publication date, or None
when unknown), relative (an expression that needs a publication date and has
none: start and end None).

The grammar is a few UPPER_CASE rules built from small patterns: a YEAR_REF
(an absolute year with its word in any language — "2026 года", "2026 жылы",
"2026-yilda", "2026 йилнинг" — or a relative one: "текущего года", "биыл",
"shu yil", "next year"), MONTH names in five alphabets, ORDINAL numbers for
quarters and halves, and deadline markers before ("к", "до", "by", "until")
or after ("дейін", "қарай", "-gacha", "qadar").  Every rule runs over the text;
the longest match wins where matches overlap, and nothing inside a money span
is a date ("$1,3" is not 3 January).  Rules use the `regex` module because one
rule may name the same group in several alternatives.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Iterator, Optional

import re as stdre

import regex as re

from nlp.guard import flat_branches, guarded
from nlp.money import fold_apostrophes
from nlp.pipeline import Doc, stage

W = r"[\p{L}ʻ]*"                   # the rest of an inflected word
END = r"(?![\p{L}ʻ])"               # not followed by a letter
NOT_BEFORE_START = r"[\p{L}ʻ\d]"   # a letter, ʻ or a digit: no rule's core opens right after one
START = rf"(?<!{NOT_BEFORE_START})"     # not preceded by a letter or digit
NOT_IN_NUMBER = r"(?=\d)(?<![\d.,$€₽₸¥/:])"   # the cheap look at a digit first: it fails fast
S = r"[ \t]+"                       # spaces within one line only

# --- vocabularies ------------------------------------------------------------------------------
MONTH_STEMS = [  # (stems, month); matched on the start of the case-folded word
    (("январ", "yanvar", "қаңтар", "january", "jan."), 1),
    (("феврал", "fevral", "ақпан", "february", "feb."), 2),
    (("март", "mart", "наурыз", "march", "mar."), 3),
    (("апрел", "aprel", "сәуір", "april", "apr."), 4),
    (("май", "мая", "мае", "may", "мамыр"), 5),
    (("июн", "iyun", "маусым", "june", "jun."), 6),
    (("июл", "iyul", "шілде", "july", "jul."), 7),
    (("август", "avgust", "тамыз", "august", "aug."), 8),
    (("сентябр", "sentabr", "sentyabr", "қыркүйек", "september", "sept.", "sep."), 9),
    (("октябр", "oktabr", "oktyabr", "қазан", "october", "oct."), 10),
    (("ноябр", "noyabr", "қараша", "november", "nov."), 11),
    (("декабр", "dekabr", "желтоқсан", "december", "dec."), 12),
]
MONTH = (
    START + r"(?:ма[йяею](?:да|га|дан|ни|нинг|гача)?(?![\p{L}ʻ])"   # May: its forms only, not маяк or майор
    r"|январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
    r"|yanvar|fevral|mart|aprel|iyun|iyul|avgust|senty?abr|okty?abr|noyabr|dekabr)" + W + END
    + r"|may(?=\s+oy)"
    + r"|(?-i:January|February|March|April|May|June|July|August|September|October|November|December)" + END
)
MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
MONTH_WORD = r"(?:\s+(?:oy|ай|ой|month)" + W + ")?"      # "avgust oyida", "желтоқсан айында"

ORDINALS = [  # (stems, value): quarters and halves
    (("iv", "4", "четв", "төртінші", "toʻrtinchi", "тўртинчи", "fourth"), 4),
    (("iii", "3", "трет", "үшінші", "uchinchi", "учинчи", "third"), 3),
    (("ii", "2", "втор", "екінші", "ikkinchi", "иккинчи", "second"), 2),
    (("i", "1", "перв", "бірінші", "birinchi", "биринчи", "first"), 1),
]
ORDINAL = (
    r"(?:(?-i:IV|III|II|I)|[1-4](?:\s?-?\s?(?:st|nd|rd|th|й|м|ом|ый|ого|ші|шы|chi|inchi|чи|инчи))?"
    r"|перв\p{L}*|втор\p{L}*|трет\p{L}*|четв[её]рт\p{L}*|бірінші|екінші|үшінші|төртінші"
    r"|birinchi|ikkinchi|uchinchi|toʻrtinchi|биринчи|иккинчи|учинчи|тўртинчи|first|second|third|fourth)" + END
)
QUARTER_WORD = r"(?:квартал|тоқсан|chora[kg]|чора[кг]|quarter)" + W
HALF_WORD = (r"(?:полугоди\p{L}*|половин\p{L}*(?:\s+года)?|жартыжылды[қғ]\p{L}*|жарты\s+жыл\p{L}*|жартыс\p{L}*"
             r"|yarim\s+yillig?\p{L}*|yarm\p{L}*|ярим\s+йиллиг?\p{L}*|ярм\p{L}*|half)")

REL_YEAR = [  # (pattern, offset from the publication year)
    (r"текущ\p{L}*\s+год\p{L}*|(?:в\s+)?(?:этом|нынешнем)\s+году|этого\s+года|нынешнего\s+года|биыл\p{L}*"
     r"(?:\s+жыл\p{L}*)?|ағымдағы\s+жыл\p{L}*|осы\s+жыл\p{L}*|shu\s+yil\p{L}*|joriy\s+yil\p{L}*|ushbu\s+yil\p{L}*"
     r"|шу\s+йил\p{L}*|жорий\s+йил\p{L}*|ушбу\s+йил\p{L}*|(?:this|the\s+current)\s+year(?:ʻs|'s)?", 0),
    (r"следующ\p{L}*\s+год\p{L}*|(?:в\s+)?следующем\s+году|будущ\p{L}*\s+год\p{L}*|келесі\s+жыл\p{L}*"
     r"|kelasi\s+yil\p{L}*|kelgusi\s+yil\p{L}*|keyingi\s+yil\p{L}*|кейинги\s+йил\p{L}*|келаси\s+йил\p{L}*|келгуси\s+йил\p{L}*|next\s+year(?:ʻs|'s)?"
     r"|the\s+coming\s+year", 1),
    (r"прошл\p{L}*\s+год\p{L}*|былтыр\p{L}*|өткен\s+жыл\p{L}*|oʻtgan\s+yil\p{L}*|ўтган\s+йил\p{L}*"
     r"|last\s+year(?:ʻs|'s)?|the\s+previous\s+year", -1),
]
YEAR_REL = "(?P<yrel>" + "|".join(f"(?:{p})" for p, _ in REL_YEAR) + ")" + END
YEAR_SUFFIX = (  # the word for "year" after the number, in every case the grammar needs
    r"(?:\s?(?:года|году|год|годом|годах|годы|гг?\.)(?!\p{L})|\s(?:жыл(?:ы|дың|ға|ғы|да|дан|дары|дарда|дарға)?)"
    r"(?!\p{L})|-?\s?(?:yil(?:ning|da|ga|i|gi|dan|lar|larda|larga)?|йил(?:нинг|да|га|и|ги|дан|лар|ларда|ларга)?)"
    r"(?=gacha|гача|(?![\p{L}ʻ])))"
)
YEAR_NUM = NOT_IN_NUMBER + r"(?P<year>(?:19[5-9]|20\d)\d)(?!\d)(?![.,]\d)"
YEAR_ABS = YEAR_NUM + YEAR_SUFFIX + "?"
YEAR_REF = rf"(?:{YEAR_ABS}|{YEAR_REL})"
OF = r"(?:\s+of)?"

# Deadline markers: before the period ("к 2030 году", "by the end of 2026") or after it
# ("2030 жылға дейін", "2030-yilga qadar", "2030-yilgacha", "yil oxirigacha").
DL_BEFORE = (r"(?:" + START + r"(?P<dl>к|ко|до|by|until|till|before|no\s+later\s+than|not\s+later\s+than|"
             r"не\s+позднее)\s+(?:(?P<endof>конца|концу|the\s+end\s+of|end\s+of|end-)\s*)?)")
DL_AFTER = (r"(?:\s+(?P<endof>соңына|соңында|oxiri|охири|yakuni|якуни)\p{L}*)?"
            r"(?P<dl>gacha|гача|\s+дейін|\s+қарай|\s+qadar|\s+қадар)?")
PREP = r"(?:(?<=(?<![\p{L}ʻ])(?P<prep>в|во|in|on|of|since|from|с|по|на)\s+))?"   # outside the span

# --- the rules -----------------------------------------------------------------------------------
# A rule is (PREFIX, CORE, SUFFIX).  The CORE starts with something definite (a digit, a month, an
# ordinal, a relative word) and is searched over the text; the optional PREFIX ("к", "2026 жылдың",
# "shu yilning") is then matched backwards from the core and the SUFFIX forwards.  One regex with
# optional leading groups would try them at every character of the article: ten times slower.
NUMERIC = (None, NOT_IN_NUMBER + r"(?:(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)"
           r"|(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d))(?![\d.]\d)", None)
DAY = NOT_IN_NUMBER + r"(?P<day>[0-3]?\d)(?:-?(?:st|nd|rd|th|chi|inchi|чи))?"
DAY_MONTH = (  # "15 ноября 2025 года", "15-noyabr", "2025-yil 15-noyabr", "2025 жылғы 15 қараша", "15–17 мая"
    rf"{DL_BEFORE}?(?:{YEAR_ABS},?\s+)?",
    rf"{DAY}(?:\s?[-–—]\s?(?P<day2>[0-3]?\d))?(?:\s?-\s?|\s+)(?P<mon>{MONTH}|may{END})",
    rf"(?:,?\s+{YEAR_REF})?{DL_AFTER}",
)
MONTH_DAY = (  # "November 15, 2025", "Feb. 7"
    rf"{DL_BEFORE}?",
    rf"(?P<mon>{MONTH}|{MONTH_ABBR})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<year>(?:19|20)\d\d))?(?!\d)",
    None,
)
MONTHS = (  # "в июне–июле текущего года", "shu yilning avgust oyida", "November 2025", "биыл желтоқсан айында"
    rf"{DL_BEFORE}?{PREP}(?:{YEAR_REF}\s+)?",
    rf"(?P<mon>{MONTH})(?:\s?[-–—]\s?(?P<mon2>{MONTH})|\s+(?:по|to|until)\s+(?P<mon2>{MONTH}))?(?P<oy>{MONTH_WORD})",
    rf"(?:{OF},?\s+{YEAR_REF})?{DL_AFTER}",
)
LAST_MONTH = (None, rf"{START}(?P<mrel>last|next|this)\s+(?P<mon>{MONTH})", None)
PERIOD_PREFIX = rf"{DL_BEFORE}?(?:{YEAR_REF}\s+)?(?:(?:в|во|in|the)\s+)*"
PERIOD_SUFFIX = rf"(?:{OF}\s+{YEAR_REF})?{DL_AFTER}"
QUARTER = (  # "IV квартале 2026 года", "2026 жылдың төртінші тоқсанына", "the 4th quarter of 2026", "Q4 2026"
    PERIOD_PREFIX,
    rf"(?:{START}(?P<q>{ORDINAL})\s?-?\s?{QUARTER_WORD}|{START}Q(?P<q>[1-4])|{START}(?P<q>[1-4])Q)",
    PERIOD_SUFFIX,
)
HALF = (  # "в первом полугодии 2027 года", "first half of 2027", "H1 2027", "birinchi yarmida"
    PERIOD_PREFIX,
    rf"(?:{START}(?P<h>{ORDINAL})\s?-?\s?{HALF_WORD}|{START}H(?P<h>[12])|{START}(?P<h>[12])H)",
    PERIOD_SUFFIX,
)
YEARS = (  # "в 2026 году", "2030 жылға дейін", "2030-yilgacha", "in 2026", "к 2030 году", "2024–2027"
    rf"{DL_BEFORE}?(?:{START}(?P<prep>в|во|in|of|since|from|с)\s+)?",
    rf"{YEAR_NUM}(?:(?P<suffix>{YEAR_SUFFIX})|\s?[-–—]\s?(?P<year2>(?:19[5-9]|20\d)\d){YEAR_SUFFIX}?"
    rf"|\s+(?:по|to|until|and|–)\s+(?P<year2>(?:19[5-9]|20\d)\d){YEAR_SUFFIX}?)?",
    DL_AFTER,
)
YEAR_RANGE_WORDS = (None, rf"{START}(?:с|from|between)\s+{YEAR_NUM}\s+(?:по|to|until|and)\s+"
                          rf"(?P<year2>(?:19|20)\d\d){YEAR_SUFFIX}?", None)
RELATIVE_YEAR = (rf"{DL_BEFORE}?", rf"{START}{YEAR_REL}", DL_AFTER)
END_OF_YEAR = (  # "до конца года", "by the end of the year", "жыл соңына дейін", "yil oxirigacha"
    None,
    rf"{START}(?P<dl>до|к|by|until|before)\s+(?P<endof>конца|концу|the\s+end\s+of)\s+(?:текущего\s+|этого\s+)?"
    rf"(?:года|the\s+year|this\s+year)|{START}by\s+(?P<endof>year-end|the\s+year-end)",
    None,
)
END_OF_YEAR_AFTER = (
    rf"(?:{YEAR_REL}\s+)?",
    rf"{START}(?:жыл\p{{L}}*|yil\p{{L}}*|йил\p{{L}}*)\s+(?P<endof>соңына|oxiri|охири|yakuni|якуни)"
    rf"(?P<dl>\p{{L}}*(?:\s+дейін|\s+қарай|gacha|гача|\s+qadar|\s+қадар))",
    None,
)
RELATIVE_SPAN = (  # "в прошлом месяце", "на следующей неделе", "вчера", "kecha", "today"
    None,
    rf"{START}(?P<rel>(?:в|на)\s+(?:прошлом|этом|текущем|следующем)\s+месяце|(?:last|this|next)\s+(?:month|week)"
    rf"|(?:на\s+)?(?:прошлой|этой|следующей)\s+неделе|өткен\s+айда|осы\s+айда|келесі\s+айда|өткен\s+аптада"
    rf"|келесі\s+аптада|(?:oʻtgan|shu|kelasi|kelgusi|keyingi)\s+(?:oy|hafta)\p{{L}}*|(?:ўтган|шу|келаси|келгуси|кейинги)"
    rf"\s+(?:ой|ҳафта)\p{{L}}*|накануне|вчера|сегодня|завтра|позавчера|yesterday|today|tomorrow|кеше|бүгін|ертең|kecha"
    rf"|bugun|ertaga|кеча|бугун|эртага){END}",
    None,
)
WEEKDAYS = [  # (stems, weekday number as in date.weekday())
    (("понедельник", "monday", "дүйсенбі", "dushanba", "душанба"), 0),
    (("вторник", "tuesday", "сейсенбі", "seshanba", "сешанба"), 1),
    (("сред", "wednesday", "сәрсенбі", "chorshanba", "чоршанба"), 2),
    (("четверг", "thursday", "бейсенбі", "payshanba", "пайшанба"), 3),
    (("пятниц", "friday", "жұма", "juma", "жума"), 4),
    (("суббот", "saturday", "сенбі", "shanba", "шанба"), 5),
    (("воскресень", "sunday", "жексенбі", "yakshanba", "якшанба"), 6),
]
WEEKDAY_CORE = (  # "on Tuesday", "во вторник", "сейсенбі күні", "seshanba kuni": the latest such day up to publication
    rf"{START}(?:(?:on|в|во)\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник"
    rf"|среду|четверг|пятницу|субботу|воскресенье)|(?P<wd>дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі"
    rf"|dushanba|seshanba|chorshanba|payshanba|juma|shanba|yakshanba|душанба|сешанба|чоршанба|пайшанба|жума|шанба"
    rf"|якшанба)\s+(?:күні|kuni|куни))(?!\p{{L}})"
)
WEEKDAY = (None, WEEKDAY_CORE, None)
COUNTS = [  # (stems, value): "девять месяцев", "to'qqiz oy", "он ай"
    (("два", "двух", "two", "екі", "ikki", "икки", "2"), 2), (("три", "трёх", "трех", "three", "үш", "uch", "уч", "3"), 3),
    (("четыр", "four", "төрт", "toʻrt", "тўрт", "4"), 4), (("пят", "five", "бес", "besh", "беш", "5"), 5),
    (("шест", "six", "алты", "olti", "олти", "6"), 6), (("сем", "seven", "жеті", "yetti", "етти", "7"), 7),
    (("восем", "восьм", "eight", "сегіз", "sakkiz", "саккиз", "8"), 8),
    (("девят", "nine", "тоғыз", "toʻqqiz", "тўққиз", "9"), 9), (("десят", "ten", "он", "oʻn", "ўн", "10"), 10),
    (("одиннадцат", "eleven", "11"), 11),
]
COUNT = (r"(?:\d{1,2}|два|двух|три|тр[её]х|четыр\p{L}*|пят\p{L}*|шест\p{L}*|сем\p{L}*|восьм\p{L}*|восем\p{L}*|девят\p{L}*"
         r"|десят\p{L}*|одиннадцат\p{L}*|two|three|four|five|six|seven|eight|nine|ten|eleven|екі|үш|төрт|бес|алты|жеті"
         r"|сегіз|тоғыз|он|ikki|uch|toʻrt|besh|olti|yetti|sakkiz|toʻqqiz|oʻn|икки|уч|тўрт|беш|олти|етти|саккиз|тўққиз|ўн)")
FIRST_MONTHS = (  # "first nine months of 2024", "за девять месяцев 2025 года", "Joriy yilning toʻqqiz oyida", "биылғы он айдың"
    rf"(?:{YEAR_REF}\s+)?(?:(?:за|в|in|the|first)\s+)*",
    rf"{START}(?P<months>{COUNT})\s+(?:месяц\p{{L}}*|months|ай\p{{L}}*|oy\p{{L}}*|ой\p{{L}}*)",
    rf"(?:{OF}\s+{YEAR_REF})?",
)
# A duration from the publication date, "в ближайшие три года", "over the next five years", "алдағы үш жылда",
# "kelgusi uch yilda": no date the article names (TimeML's DURATION, not DATE), so it is kept apart from the
# dates (Doc.durations); a commitment made for such a span is due at its end.
NEXT_SPAN = (
    None,
    rf"{START}(?:(?:в|на)\s+(?:ближайшие|следующие|предстоящие)|в\s+течение\s+(?:ближайших|следующих|предстоящих)"
    rf"|(?:over|in|within|during|for)\s+the\s+(?:next|coming)|алдағы|келесі|kelgusi|keyingi|kelasi|yaqin|келгуси"
    rf"|кейинги|келаси|яқин)\s+(?P<n>{COUNT})\s+(?P<unit>лет|года?|месяц\p{{L}}*|years?|months?|жыл\p{{L}}*|ай\p{{L}}*"
    rf"|yil\p{{L}}*|oy\p{{L}}*|йил\p{{L}}*|ой\p{{L}}*)(?:\s+(?:ішінде|ichida|ичида))?{END}",
    None,
)
SINCE_YEAR_START = (None, rf"{START}(?:с|since\s+the)\s+(?:начала|start\s+of|beginning\s+of)\s+{YEAR_NUM}{YEAR_SUFFIX}?",
                    None)
SEASONS = [(("лет", "summer", "жаз", "yoz", "ёз"), 6), (("осен", "autumn", "fall", "күз", "kuz", "куз"), 9),
           (("весн", "spring", "көктем", "bahor", "баҳор"), 3), (("зим", "winter", "қыс", "qish", "қиш"), 12)]
SEASON = (  # "летом", "in the summer", "жазда", "kuzda", "шу йил ёзда": three months of the publication year
    rf"(?:{YEAR_REL}\s+)?", rf"{START}(?P<season>летом|осенью|весной|зимой|(?:in\s+the\s+|this\s+)(?:summer|autumn|fall|spring"
    rf"|winter)|жазда|күзде|көктемде|қыста|yozda|kuzda|bahorda|qishda|ёзда|кузда|баҳорда|қишда)(?!\p{{L}})", None,
)
# Periods that are not dates of an event ("с начала года" = so far this year): matched and dropped.
BLOCK = (
    None,
    rf"{START}(?:с|от|since\s+the)\s+(?:начала|start\s+of|beginning\s+of)\s+(?:текущего\s+|этого\s+|the\s+)?(?:года|year)"
    rf"|{START}year-to-date|{START}so\s+far\s+this\s+year"
    # the base of a comparison ("по сравнению с аналогичным периодом прошлого года") is no date of an event
    rf"|{START}(?:аналогичн\p{{L}}*|того\s+же)\s+период\p{{L}}*\s+(?:прошлого|предыдущего)\s+года"
    rf"|{START}the\s+same\s+period\s+(?:of\s+)?(?:last|the\s+previous)\s+year"
    rf"|{START}(?:oʻtgan|ўтган)\s+(?:yil|йил)\p{{L}}*\s+(?:shu|шу)\s+(?:davr|давр)\p{{L}}*"
    rf"|{START}өткен\s+жылдың\s+(?:сәйкес|осы|ұқсас)\s+кезең\p{{L}}*"
    # a page's metadata label ("date 2025-11-15") is not part of the article's story
    rf"|{START}(?:date|дата|published|опубликовано)\s*:?\s+\d{{4}}-\d\d-\d\d",
    None,
)
BLOCK_SINCE_START = (  # "биылғы жылдың басынан бері", "yil boshidan buyon": so far this year
    rf"(?:{YEAR_REL}\s+)?",
    rf"{START}(?:(?:жыл\p{{L}}*\s+)?басынан(?:\s+бері)?|yil\s+boshidan(?:\s+(?:buyon|beri))?"
    rf"|йил\s+бошидан(?:\s+(?:буён|бери))?)",
    None,
)

RULES = [  # (name, (prefix, core, suffix)); on equal length the earlier rule wins
    ("block", BLOCK), ("block", BLOCK_SINCE_START), ("numeric", NUMERIC), ("end_of_year", END_OF_YEAR),
    ("end_of_year", END_OF_YEAR_AFTER), ("quarter", QUARTER), ("half", HALF), ("day_month", DAY_MONTH),
    ("month_day", MONTH_DAY), ("last_month", LAST_MONTH), ("months", MONTHS), ("year_range", YEAR_RANGE_WORDS),
    ("years", YEARS), ("relative_year", RELATIVE_YEAR), ("relative_span", RELATIVE_SPAN), ("weekday", WEEKDAY),
    ("next_span", NEXT_SPAN), ("first_months", FIRST_MONTHS), ("since_year_start", SINCE_YEAR_START), ("season", SEASON),
]
FLAGS = re.IGNORECASE | re.V0
PREFIX_REACH = 48   # characters a prefix may reach back from its core
# Where a word starts: an alphanumeric character (str.isalnum, which is `re`'s \w less "_") after
# none; the look-behind sees the text before the search's start.  Found by `re`, not a loop in Python.
WORD_OPENING = stdre.compile(r"(?<![^\W_])[^\W_]")

# A cheap necessary condition per rule: words (or plain `re` patterns) one of which every match of its core
# contains, looked for in the lower-cased text first; the core runs only over a text that has one.
# Twenty full scans of every article were an eighth of the reading time of Russian, and most rules
# find nothing in most articles.  Substring tests run at memchr speed, where the `regex` module
# scanning a case-insensitive alternation costs as much as the rule itself.
WORD_START = r"(?<![^\W_])"   # START for the triggers: not after a letter or digit
MONTH_TRIGGER = (guarded(stdre.compile(
    WORD_START + r"(?:январ|феврал|март|апрел|ма[йяею]|июн|июл|август|сентябр|октябр|ноябр|декабр|қаңтар|ақпан"
    r"|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан|yanvar|fevral|mart|aprel|iyun|iyul"
    r"|avgust|senty?abr|okty?abr|noyabr|dekabr)"
    r"|may|january|february|march|april|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.")),)   # (guarded: nlp.guard, the same matches)
TRIGGERS = {
    "block": (*"начала start beginning year-to-date far период period davr давр кезең date дата published".split(),
              *"опубликовано басынан boshidan бошидан".split()),
    "numeric": (guarded(stdre.compile(r"\d[.-]\d")),),
    "end_of_year": tuple("конца концу end соңына oxiri охири yakuni якуни".split()),
    "quarter": (*"квартал тоқсан chora чора quarter".split(), *(f"q{i}" for i in "1234"), *(f"{i}q" for i in "1234")),
    "half": tuple("полугоди половин жарты yarim yarm ярим ярм half h1 h2 1h 2h".split()),
    "day_month": MONTH_TRIGGER, "month_day": MONTH_TRIGGER, "months": MONTH_TRIGGER, "last_month": MONTH_TRIGGER,
    "year_range": (guarded(stdre.compile(r"(?:19|20)\d\d")),),
    "years": (guarded(stdre.compile(r"(?:19[5-9]|20\d)\d")),),
    "relative_year": tuple("год биыл жыл yil йил year былтыр".split()),
    "relative_span": (*"""месяц month week недел айда аптада hafta ҳафта накануне вчера сегодня завтра
                          yesterday today tomorrow кеше бүгін ертең kecha bugun ertaga кеча бугун эртага""".split(),
                      guarded(stdre.compile(r"(?:oʻtgan|shu|kelasi|kelgusi|keyingi|ўтган|шу|келаси|келгуси|кейинги)\s+(?:oy|ой)"))),
    "weekday": tuple("""monday tuesday wednesday thursday friday saturday sunday понедельник вторник среду четверг
                        пятницу субботу воскресенье күні kuni куни""".split()),
    "next_span": tuple("""ближайш следующ предстоящ next coming алдағы келесі kelgusi keyingi kelasi yaqin келгуси
                          кейинги келаси яқин""".split()),
    "first_months": (guarded(stdre.compile(r"\s(?:месяц|months|ай|oy|ой)")),),
    "since_year_start": ("начала", "start", "beginning"),
    "season": tuple("""летом осенью весной зимой summer autumn fall spring winter жазда күзде көктемде қыста yozda
                       kuzda bahorda qishda ёзда кузда баҳорда қишда""".split()),
}

# Where a match of a rule's core can begin: lower-cased words one of which opens every match (a month,
# the "last" of "last March"), for the cores that start with one.  Those cores are tried there only
# (`Rule.finditer`) instead of at every character: the month rules cost as much as all the others
# together, and an article names a month a dozen times in three thousand characters.
MONTH_STARTS = (
    "май", "мая", "мае", "маю", "январ", "феврал", "март", "апрел", "июн", "июл", "август", "сентябр", "октябр",
    "ноябр", "декабр", "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
    "қазан", "қараша", "желтоқсан", "yanvar", "fevral", "mart", "aprel", "iyun", "iyul", "avgust", "sent", "okt",
    "noyabr", "dekabr", "may", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The relative and period words open their cores (after START, which only looks behind), each
# spelled as its pattern spells it; the ordinals and counts may also open with a digit.
ORDINAL_STARTS = ("i", "1", "2", "3", "4", "перв", "втор", "трет", "четв", "бірінші", "екінші", "үшінші", "төртінші",
                  "birinchi", "ikkinchi", "uchinchi", "toʻrtinchi", "биринчи", "иккинчи", "учинчи", "тўртинчи",
                  "first", "second", "third", "fourth")
COUNT_STARTS = (*"0123456789", "два", "двух", "три", "тр", "четыр", "пят", "шест", "сем", "восьм", "восем", "девят",
                "десят", "одиннадцат", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он", "ikki", "uch", "toʻrt", "besh",
                "olti", "yetti", "sakkiz", "toʻqqiz", "oʻn", "икки", "уч", "тўрт", "беш", "олти", "етти", "саккиз",
                "тўққиз", "ўн")
STARTS = {
    "month_day": MONTH_STARTS, "months": MONTH_STARTS, "last_month": ("last", "next", "this"),
    "quarter": (*ORDINAL_STARTS, "q"),
    "half": (*ORDINAL_STARTS, "h"),
    "relative_year": ("текущ", "в", "этом", "нынешн", "этого", "биыл", "ағымдағы", "осы", "shu", "joriy", "ushbu", "шу",
                      "жорий", "ушбу", "this", "the", "следующ", "будущ", "келесі", "kelasi", "kelgusi", "keyingi",
                      "кейинги", "келаси", "келгуси", "next", "прошл", "былтыр", "өткен", "oʻtgan", "ўтган", "last"),
    "relative_span": ("в", "на", "last", "this", "next", "прошлой", "этой", "следующей", "өткен", "осы", "келесі",
                      "oʻtgan", "shu", "kelasi", "kelgusi", "keyingi", "ўтган", "шу", "келаси", "келгуси", "кейинги",
                      "накануне", "вчера", "сегодня", "завтра", "позавчера", "yesterday", "today", "tomorrow", "кеше",
                      "бүгін", "ертең", "kecha", "bugun", "ertaga", "кеча", "бугун", "эртага"),
    "next_span": ("в", "на", "over", "in", "within", "during", "for", "алдағы", "келесі", "kelgusi", "keyingi", "kelasi",
                  "yaqin", "келгуси", "кейинги", "келаси", "яқин"),
    "first_months": COUNT_STARTS,
}
# Letters that a case-insensitive rule matches to a letter of STARTS but that lower-case to another one
# (Cyrillic rounded ve, de, o, es, te; the long s and dotted I make `lowered` None already), and digits
# outside ASCII (a count's \d matches them): a text with one is searched in full.
ODD_CASE = guarded(stdre.compile("[\u1c80-\u1c88]|(?![0-9])\\d"))


def lowered(text: str) -> Optional[str]:
    """The text lower-cased for the triggers, or None when lower-casing could hide a match the rules'
    case-insensitive matching would find (a letter that lower-cases to two, the long s)."""
    low = text.lower()
    return low if len(low) == len(text) and "ſ" not in text else None


def triggered(trigger, low: Optional[str], seen: Optional[dict] = None) -> bool:
    """False only when no match of the rule is possible in the text whose lower case is `low`.
    `seen`: the answers for this text so far, by trigger (four month rules share one)."""
    if low is None or trigger is None:
        return True
    if seen is not None and trigger in seen:
        return seen[trigger]
    found = any(word in low if isinstance(word, str) else word.search(low) is not None for word in trigger)
    if seen is not None:
        seen[trigger] = found
    return found


@dataclass
class Rule:
    """One compiled rule: the core is searched, prefix and suffix are matched around it."""

    name: str
    core: re.Pattern
    prefix: Optional[re.Pattern]
    suffix: Optional[re.Pattern]
    trigger: object = None   # TRIGGERS: absent from the text, the core cannot match
    starts: tuple[str, ...] = ()   # STARTS: every match of the core opens with one of them (lower-cased)
    at_start: bool = False   # every branch of the core opens with START: no match begins after a letter or digit

    def finditer(self, text: str, low: Optional[str] = None, seen: Optional[dict] = None) -> Iterator[tuple[int, int, dict]]:
        """(start, end, groups) of every match of the rule in `text` (`low`: its `lowered` form, if known;
        `seen`: the triggers' answers for this text, kept by the caller for its rules)."""
        if not triggered(self.trigger, low, seen):
            return
        for m in self.core_matches(text, low):
            if m.end() == m.start():
                continue
            start, end, groups = m.start(), m.end(), {k: v for k, v in m.groupdict().items() if v is not None}
            if self.suffix is not None:
                after = self.suffix.match(text, end)
                if after and after.end() > end:
                    end = after.end()
                    groups.update({k: v for k, v in after.groupdict().items() if v is not None})
            if self.prefix is not None:
                before = self._prefix(text, start)
                if before:
                    start = min(start, before.start())
                    groups.update({k: v for k, v in before.groupdict().items() if v is not None})
            yield start, end, groups

    def core_matches(self, text: str, low: Optional[str] = None) -> Iterator:
        """`self.core.finditer(text)`; for a core with `starts`, tried only where one of them begins in
        `low`: after a match, from its end on, as finditer goes on (none of these cores matches empty)."""
        if not self.starts or low is None or _odd_case(text):
            yield from self.core.finditer(text)
            return
        end = 0
        places = word_start_positions(text, low, self.starts) if self.at_start else start_positions(low, self.starts)
        for at in places:
            if at < end:
                continue
            m = self.core.match(text, at)
            if m is not None and m.end() > m.start():
                end = m.end()
                yield m

    def _prefix(self, text: str, core_start: int):
        """The longest prefix that ends exactly where the core starts (None when there is none): tried
        from each word's start within PREFIX_REACH, the first from furthest back, then the empty one."""
        reach = max(0, core_start - PREFIX_REACH)
        for at in WORD_OPENING.finditer(text, reach, core_start):
            m = self.prefix.fullmatch(text, at.start(), core_start)
            if m:
                return m
        return self.prefix.fullmatch(text, core_start, core_start)   # the empty prefix: lookbehinds only


def _compile(name: str, parts: tuple) -> Rule:
    prefix, core, suffix = parts
    return Rule(name, re.compile(core, FLAGS), re.compile(prefix, FLAGS) if prefix else None,
                re.compile(suffix, FLAGS) if suffix else None, TRIGGERS[name], STARTS.get(name, ()),
                all(branch.startswith(START) for branch in flat_branches(core)))


@functools.lru_cache(maxsize=4)
def _odd_case(text: str) -> bool:
    return ODD_CASE.search(text) is not None        # once per text, not once per anchored rule


@functools.lru_cache(maxsize=4)
def start_positions(low: str, starts: tuple[str, ...]) -> list[int]:
    """Every index of `low` where one of `starts` begins, in order (found at memchr speed; kept for the
    rules of one text that share their starts)."""
    found = set()
    for word in starts:
        at = low.find(word)
        while at >= 0:
            found.add(at)
            at = low.find(word, at + 1)
    return sorted(found)


# START's look-behind as a class: the characters after which no core that opens with START matches.
BEFORE_NO_START = re.compile(NOT_BEFORE_START, FLAGS)


@functools.lru_cache(maxsize=4096)
def _bars_start(ch: str) -> bool:
    """START fails after `ch` (a letter, ʻ or a digit, as the rules' `regex` reads them; one character's answer)."""
    return BEFORE_NO_START.match(ch) is not None


@functools.lru_cache(maxsize=4)
def word_start_positions(text: str, low: str, starts: tuple[str, ...]) -> list[int]:
    """`start_positions(low, starts)` less those after a character where START fails in `text`: a core
    that opens with START cannot match there («в» inside «давно», «он» inside «жоспарлаудың»)."""
    return [at for at in start_positions(low, starts) if not at or not _bars_start(text[at - 1])]


COMPILED = [_compile(name, parts) for name, parts in RULES]
_REL_YEAR = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), off) for p, off in REL_YEAR]
DEADLINE_ENDINGS = ("gacha", "гача", "дейін", "қарай", "qadar", "қадар")


# --- resolution ----------------------------------------------------------------------------------
def _iso(day: Optional[dt.date]) -> Optional[str]:
    return day.isoformat() if day else None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _stem_value(word: str, table) -> Optional[int]:
    w = word.casefold().replace("'", "ʻ")
    for stems, value in table:
        if any(w.startswith(s) for s in stems):
            return value
    return None


def month_number(word: str) -> Optional[int]:
    """'ноября' → 11, 'қараша' → 11, 'noyabrgacha' → 11, 'Nov.' → 11."""
    return _stem_value(word, MONTH_STEMS)


def ordinal_value(word: str) -> Optional[int]:
    """'IV' → 4, '4-м' → 4, 'төртінші' → 4, 'toʻrtinchi' → 4, 'first' → 1."""
    w = word.strip()
    if w.isupper() and set(w) <= set("IV"):
        return {"I": 1, "II": 2, "III": 3, "IV": 4}.get(w)
    return _stem_value(w, ORDINALS)


def _year_offset(words: str) -> int:
    squeezed = " ".join(words.split())
    for rx, off in _REL_YEAR:
        if rx.match(squeezed):
            return off
    return 0


class Unresolved(Exception):
    """The expression needs a publication date that the article does not have."""


def _year(g: dict, published: Optional[dt.date]) -> tuple[int, bool]:
    """(year, relative): an absolute year, or one counted from the publication date."""
    if g.get("year"):
        return int(g["year"]), False
    if published is None:
        raise Unresolved
    return published.year + (_year_offset(g["yrel"]) if g.get("yrel") else 0), True


def _interval(name: str, g: dict, published: Optional[dt.date]) -> Optional[tuple[str, dt.date, dt.date]]:
    """(kind, start, end) of the period a rule matched, before deadline markers apply."""
    if name in SPECIAL:
        return SPECIAL[name](g, published)
    if name == "last_month":
        return _last_month(g, published)
    year, _ = _year(g, published)
    if name in ("quarter", "half"):
        n = ordinal_value(g["q"] if name == "quarter" else g["h"])
        size = 3 if name == "quarter" else 6
        if not n or (name == "half" and n > 2):
            return None
        return name, dt.date(year, size * (n - 1) + 1, 1), month_end(year, size * n)
    if name in ("day_month", "month_day", "numeric"):
        return _point(g, year)
    if name == "months":
        return _months(g, year)
    if name in ("years", "year_range") and g.get("year2"):
        y2 = int(g["year2"])
        return ("range", dt.date(year, 1, 1), dt.date(y2, 12, 31)) if year < y2 <= year + 50 else None
    return "year", dt.date(year, 1, 1), dt.date(year, 12, 31)


def _point(g: dict, year: int) -> Optional[tuple[str, dt.date, dt.date]]:
    month = int(g["mnum"]) if g.get("mnum") else month_number(g["mon"])
    try:
        first = dt.date(year, month, int(g["day"]))
        if g.get("day2"):
            return "range", first, dt.date(year, month, int(g["day2"]))
    except (TypeError, ValueError):
        return None
    return "point", first, first


def _months(g: dict, year: int) -> Optional[tuple[str, dt.date, dt.date]]:
    first = month_number(g["mon"])
    if not first:
        return None
    if g.get("mon2"):
        last = month_number(g["mon2"])
        if not last or last <= first:
            return None
        return "range", dt.date(year, first, 1), month_end(year, last)
    return "month", dt.date(year, first, 1), month_end(year, first)


def _last_month(g: dict, published: Optional[dt.date]) -> tuple[str, dt.date, dt.date]:
    """'last December' is the latest December before the publication date; 'next March' the first after."""
    published = _needs(published)
    month = month_number(g["mon"])
    year = published.year
    rel = g["mrel"].lower()
    if rel == "last" and month >= published.month:
        year -= 1
    elif rel == "next" and month <= published.month:
        year += 1
    return "month", dt.date(year, month, 1), month_end(year, month)


def _relative_span(word: str, published: Optional[dt.date]) -> tuple[str, dt.date, dt.date]:
    """'вчера', 'next week', 'өткен айда': a day, week or month counted from the publication date."""
    published = _needs(published)
    w = " ".join(word.casefold().split())
    days = {"вчера": -1, "yesterday": -1, "кеше": -1, "kecha": -1, "кеча": -1, "позавчера": -2,
            "накануне": -1, "завтра": 1, "tomorrow": 1, "ертең": 1, "ertaga": 1, "эртага": 1}
    if any(k in w for k in ("сегодня", "today", "бүгін", "bugun", "бугун")) or w in days:
        day = published + dt.timedelta(days=days.get(w, 0))
        return "point", day, day
    step = -1 if any(k in w for k in ("прошл", "last", "өткен", "oʻtgan", "ўтган")) else (
        1 if any(k in w for k in ("следующ", "next", "келесі", "kelasi", "келаси", "kelgusi", "keyingi", "келгуси",
                                 "кейинги")) else 0)
    if any(k in w for k in ("недел", "week", "апта", "hafta", "ҳафта")):
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
        return "range", monday, monday + dt.timedelta(days=6)
    month_index = published.year * 12 + published.month - 1 + step
    year, month = divmod(month_index, 12)
    return "month", dt.date(year, month + 1, 1), month_end(year, month + 1)


def _needs(published: Optional[dt.date]) -> dt.date:
    if published is None:
        raise Unresolved
    return published


def _weekday(g: dict, published: Optional[dt.date]) -> tuple[str, dt.date, dt.date]:
    day = _needs(published)
    back = (day.weekday() - _stem_value(g["wd"], WEEKDAYS)) % 7
    return "point", day - dt.timedelta(days=back), day - dt.timedelta(days=back)


def _first_months(g: dict, published: Optional[dt.date]) -> Optional[tuple[str, dt.date, dt.date]]:
    n = _stem_value(g["months"], COUNTS)
    if not n or n > 11:
        return None
    year, _ = _year(g, published)
    return "range", dt.date(year, 1, 1), month_end(year, n)


def _next_span(g: dict, published: Optional[dt.date]) -> Optional[tuple[str, dt.date, dt.date]]:
    """The N years or months that follow the publication date."""
    day = _needs(published)
    n = int(g["n"]) if g["n"].isdigit() else _stem_value(g["n"], COUNTS)
    if not n or n > 50:
        return None
    months = n if g["unit"].casefold().startswith(("месяц", "month", "ай", "oy", "ой")) else 12 * n
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    end = dt.date(year, month + 1, min(day.day, month_end(year, month + 1).day))
    return "duration", day, end


def _since_year_start(g: dict, published: Optional[dt.date]) -> tuple[str, dt.date, dt.date]:
    return "range", dt.date(int(g["year"]), 1, 1), _needs(published)


def _season(g: dict, published: Optional[dt.date]) -> tuple[str, dt.date, dt.date]:
    year, _ = _year(g, published)
    first = _stem_value(g["season"].split()[-1], SEASONS)
    last_year, last = (year + 1, 2) if first == 12 else (year, first + 2)
    return "range", dt.date(year, first, 1), month_end(last_year, last)


SPECIAL = {"relative_span": lambda g, p: _relative_span(g["rel"], p), "weekday": _weekday,
           "next_span": _next_span, "first_months": _first_months, "since_year_start": _since_year_start, "season": _season}


def resolve(name: str, g: dict, text: str, published: Optional[dt.date]) -> Optional[dict]:
    """The fact of one match: {"kind", "start", "end"}, or None when it is no date."""
    deadline = bool(g.get("dl")) or text.rstrip().casefold().endswith(DEADLINE_ENDINGS)
    if name == "months" and not (g.get("year") or g.get("yrel") or g.get("prep") or (g.get("oy") or "").strip()
                                 or g.get("mon2") or deadline):
        return None  # a bare month name ("March", "қазан") is too often something else
    if name == "years" and not (g.get("suffix") or g.get("prep") or g.get("year2") or deadline):
        return None  # a bare number like 2026 is a year only with its word or a preposition
    try:
        found = _interval(name, g, published)
    except Unresolved:
        return {"kind": "deadline" if deadline and g.get("year") else "relative", "start": None, "end": None}
    if not found:
        return None
    kind, start, end = found
    if deadline:
        return {"kind": "deadline", "start": _iso(published), "end": _iso(end)}
    return {"kind": kind, "start": _iso(start), "end": _iso(end)}


class DateExtractor:
    """Finds dates: `for start, stop, fact in DateExtractor()(text, published, blocked=[...])`.

    `blocked` are spans (money, counts) inside which no date is looked for.
    """

    def __call__(self, text: str, published: Optional[dt.date] = None,
                 blocked: list[tuple[int, int]] = ()) -> Iterator[tuple[int, int, dict]]:
        text = fold_apostrophes(text)
        low = lowered(text)
        found, seen = [], {}
        for priority, rule in enumerate(COMPILED):
            for start, end, groups in rule.finditer(text, low, seen):
                found.append((start, end, priority, rule.name, groups))
        kept = []
        taken = Intervals(blocked)
        for start, end, _, name, groups in sorted(found, key=lambda x: (x[0] - x[1], x[2], x[0])):
            if not taken.add(start, end) or name == "block":
                continue
            fact = resolve(name, groups, text[start:end], published)
            if fact:
                kept.append((start, end, fact))
        yield from sorted(kept, key=lambda x: x[0])


class Intervals:
    """Non-overlapping [start, end) intervals; `add` refuses one that overlaps (log time, not linear)."""

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return False
        if i < len(self.starts) and self.starts[i] < end:
            return False
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True


EXTRACTOR = DateExtractor()
WEEKDAY_RX = re.compile(WEEKDAY_CORE, FLAGS)


def _said_otherwise(found: list, start: int, fact: dict) -> bool:
    """True when another expression than the weekday at `start` names the same day."""
    return any(f["start"] == fact["start"] and f["kind"] == "point" and s != start for s, _, f in found)


@stage("dates", assigns=("dates", "durations"), requires=("text", "money"))
def dates_stage(doc: Doc) -> None:
    blocked = [tuple(m["span"]) for m in doc.money]
    doc.dates, doc.durations, seen = [], [], set()
    found = list(EXTRACTOR(doc.text, doc.published, blocked))
    for s, e, fact in found:
        if WEEKDAY_RX.fullmatch(doc.text[s:e]) and _said_otherwise(found, s, fact):
            continue  # "ASTANA, March 13 … on Thursday": the weekday repeats the dateline
        key = (doc.text[s:e].strip().casefold(), fact["start"], fact["end"])
        if key in seen and fact["start"]:
            continue  # the same words for the same period, said again, are one date of the article
        seen.add(key)
        (doc.durations if fact["kind"] == "duration" else doc.dates).append(
            {"text": doc.text[s:e].strip(), **fact, "span": [s, e]})
