"""Stage 8: commitments — who promised what, how much, by when, and where it stands.

A sentence is a commitment when one of the CUES of a status is in it: a plan or
target ("планируется", "plans to", "жоспарланған", "rejalashtirilgan"), an
agreement, a signature, a launch or completion, work under way, a delay or a
cancellation.  Cues are grouped by status and tried in the order of STATUS_ORDER,
so "contracts are expected to be signed" is planned, not signed.  Sentences that
only report a past figure ("trade reached $4 billion") have no cue and are not
commitments.

`CommitmentExtractor()(doc)` yields `(start, stop, fact)`, one fact per step (a
sentence announcing two steps gives two, each with its own clause's amount and
period).  The fact carries the actor (`nlp.actors`: the subject by syntax or
rules, else the responsible body, the speaker, the parties), the action (the
clause in the article's language), the step (`nlp.steps`: a milestone or a kind
of step with its object) and its English gloss (`action_en`), status, amount,
quantities (jobs, hectares, projects, buildings), deadline (periods preferred
over points; a done step's date is its `event_date`), evidence (the sentence,
or the clause where the sentence holds several steps) and confidence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from nlp import actors, steps
from nlp.guard import Dispatched, Pruned, guard_all, guarded
from nlp.money import fold_apostrophes
from nlp.pipeline import Doc, stage

W = r"[^\W\d_]*"   # the rest of an inflected word (ʻ is a letter modifier, so \w covers it)


def _any(*patterns: str) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


# English future of an action, not of a state: "will build", "would spend", "will be commissioned"
# commit; "will enjoy", "will cover", "will be capped" describe.
EN_ACTIONS = (r"build|construct|open|launch|start|begin|complete|finish|sign|invest|create|provide|control|spend|add"
              r"|allocate|set\s+up|establish|extend|develop|attract|hold|deliver|raise|increase|expand|introduce"
              r"|commission|implement|carry\s+out|finance|fund|supply|host|organi[sz]e|resume|relocate|launch"
              r"|take\s+place")
EN_DONE = (r"built|constructed|opened|launched|completed|finished|signed|commissioned|set\s+up|established"
           r"|extended|developed|held|delivered|introduced|implemented|carried\s+out|put\s+into\s+operation")

# The figure a target is raised to: "$10 billion", "10 млрд", "about 5,000": a number, a currency sign first.
TARGET = r"(?:about\s+|over\s+|more\s+than\s+|около\s+|более\s+)?[$€£]?\s?\d"

# --- cues, per status, every language in one alternation --------------------------------------
CUES = {
    "planned_strong": _any(
        # ru
        rf"планиру{W}|запланирован{W}|постави{W}\s+(?:перед\s+собой\s+)?(?:цель|задач{W})|поручи{W}|в\s+планах|план(?:ы|ах)?\s+по|намерен{W}|намерева{W}|поставлен[аы]?\s+(?:цель|задач{W})"
        rf"|ставит{W}\s+(?:цель|задач{W})|предполагает{W}|предусматрива{W}|ожидает{W}|рассчитыва{W}|обязу{W}"
        rf"|мож(?:ет|ут)\s+(?:быть\s+)?[^\W\d_]+(?:ть|ти|н[аоы]?)(?!\w)|приложат|необходимость|намечен{W}|собирает{W}|пообещал{W}|обещ{W}|обязал{W}|должн[аоы]?(?!\w)(?!\s+был)|долж[её]н(?!\s+был)|гарантирова{W}"
        # a target figure: «для доведения товарооборота до $10 млрд»
        rf"|(?:доведени{W}|довести|нарастить|увеличить)\s+(?:[\w-]+\s+){{0,4}}?до\s+(?={TARGET})",
        # kk
        rf"[^\W\d_]+(?:уы|уі|ілуі|ылуы)\s+мүмкін|жоспарла{W}|уәде\s+бер{W}|тиіс(?!\w)(?!\s+еді)|кепілдік\s+бер{W}|мақсат\s+ет{W}|мақсат\s+қой{W}|мақсаты|көзделг{W}|көзделуде|күтілуде|күтілед{W}",
        # uz Latn and Cyrl
        rf"rejalashtiril{W}|rejalashtir{W}|vaʻda\s+ber{W}|kerak(?!\w)(?!\s+edi)|ваъда\s+бер{W}|керак(?!\w)(?!\s+эди)|kafolat\s+ber{W}|кафолат\s+бер{W}|vazifasini"
        rf"|[^\W\d_]+(?:shi|ishi|ishlari|ши|иши)\s+(?:mumkin|мумкин)|вазифасини|режалаштир{W}|\w+moqchi{W}|\w+моқчи{W}|maqsad\s+qil{W}|maqsadi{W}|koʻzda\s+tutil{W}|kutilmoqda|kutilyapti|moʻljallan{W}"
        rf"|режалаштирил{W}|мақсад\s+қил{W}|кўзда\s+тутил{W}|кутилмоқда|мўлжаллан{W}",
        # en
        rf"(?:lifting|raising|boosting|increasing|bringing|doubling)\s+(?:[\w-]+\s+){{0,4}}?to\s+(?={TARGET})|"  # a target figure
        r"plans?\s+to|planned|planning\s+to|intends?\s+to|aims?\s+to|aimed\s+at|the\s+goal\s+is|target(?:s|ed)?\s+|"
        r"expects?\s+|expected|promised|pledged|vowed|on\s+track|should\s+be|must\s+be|is\s+to\s+be|are\s+to\s+be|scheduled|set\s+to|due\s+to\s+(?:open|start|be|launch)|"
        rf"(?:may|might|could)\s+(?:also\s+|soon\s+)?(?:{EN_ACTIONS})(?!\w)|"
        rf"envisag{W}|committed\s+to|pledged\s+to|(?:will|would|shall)\s+(?:also\s+|fully\s+|soon\s+|then\s+)?"
        rf"(?:{EN_ACTIONS}|be\s+(?:{EN_DONE}))(?!\w)",
    ),
    "cancelled": _any(
        rf"отмен[её]н{W}|отменил{W}|отказал{W}\s+от|аннулир{W}|расторгнут{W}|расторг",
        rf"тоқтатылды|бас\s+тартты|күші\s+жойылды", rf"bekor\s+qilindi|voz\s+kechdi|бекор\s+қилинди|воз\s+кечди",
        r"cancell?ed|scrapped|abandoned|called\s+off|terminated|dropped\s+(?:the\s+|its\s+|their\s+)?plans?",
    ),
    "delayed": _any(
        rf"перенес[её]н{W}|перенесл{W}|перенос{W}\s+срок{W}|отложен{W}|отложил{W}|задерживает{W}|сдвинут{W}|затягива{W}",
        rf"кейінге\s+қалдырыл{W}|шегерілді|кешіктірілді|мерзімі\s+ұзартылды",
        rf"kechiktirildi|keyinga\s+qoldirildi|koʻchirildi|muddati\s+uzaytirildi|кечиктирилди|кейинга\s+қолдирилди",
        r"postponed|delayed|pushed\s+back|deferred|rescheduled|behind\s+schedule",
    ),
    "signed": _any(
        rf"подписал{W}|подписан{W}|подписание|заключил{W}|заключен{W}\s+(?:соглашени|договор|контракт){W}",
        rf"қол\s+қойды|қол\s+қойылды|қол\s+қойысты", rf"imzoland{W}|imzoladi|imzolashdi|имзоланд{W}|имзолади|имзолашди",
        r"signed|inked",
    ),
    "agreed": _any(
        rf"(?<!как\s)(?<!как\sи\s)договорил{W}|договор[её]нност{W}|(?<!как\s)(?<!как\sи\s)(?<!как\sбыло\s)согласовал{W}|одобрен{W}|одобрил{W}(?!\s+ратификац)|утвердил{W}|утвержден{W}|условил{W}"
        rf"|приняли\s+решение|сформирован\s+перечень",
        rf"келіс(?:ті|тік|іп\s+алды|кен)(?!\w)|уағдалас{W}|мақұлданды|бекітілді",
        rf"kelishib\s+ol{W}|kelishuvga\s+erishil{W}|maʻqullandi|tasdiqlandi"
        rf"|келишиб\s+ол{W}|келишувга\s+эришил{W}|маъқулланди|тасдиқланди",
        r"(?<!as\s)(?<!as\sthey\s)(?<!as\swe\s)agreed|reached\s+an\s+agreement|approved(?!\s+(?:the\s+)?ratification)|endorsed",
    ),
    "in_progress": _any(
        rf"вед[её]тся\s+строительств{W}|веду?тся\s+работ{W}|ид[её]т\s+строительств{W}|строит{W}ся|реализует{W}ся"
        rf"|(?:дан[аоы]?\s+|дали\s+)?старт\s+(?:началу\s+)?строительств{W}|(?:начато|началось|начал[аио]?)\s+строительств{W}",
        rf"салынуда|салынып\s+жатыр|жүргізілуде|іске\s+асырылуда|құрылысы\s+басталды",
        rf"qurilish{W}\s+(?:ishlari\s+)?boshlandi|қурилиш{W}\s+(?:ишлари\s+)?бошланди|qurilmoqda|olib\s+borilmoqda|amalga\s+oshirilmoqda|қурилмоқда|олиб\s+борилмоқда|амалга\s+оширилмоқда",
        r"under\s+construction|(?:is|are)\s+being\s+(?:built|constructed)|(?:started|began|commenced)\s+construction"
        r"|construction\s+(?:has\s+)?(?:started|began|begun|commenced)",
    ),
    "completed": _any(
        rf"запущен[аоы]?(?!\w)|запустил{W}|дан\s+старт|дали\s+старт|введен{W}\s+в\s+эксплуатацию|завершен[аоы]?(?!\w)"
        rf"|завершил{W}"
        rf"|открыт[аоы]?(?!\w)|открыл{W}|ратифицирова{W}|построен[аоы]?(?!\w)|вложил{W}|инвестировал{W}|оплатил{W}"
        rf"|профинансировал{W}|определ[её]н{W}\s+(?:[\w-]+\s+)?(?:инвестор|оператор|подрядчик|победител){W}"
        rf"|(?:выбран|отобран)[аоы]?(?!\w)|(?:учрежден|учреждён)[аоы]?\s+(?:компани|оператор|зон|фонд|совместн){W}|создан[аоы]?\s+(?:управляющ|операционн|компани|оператор){W}",
        rf"таңдалды|анықталды|құрылды|іске\s+қосылды|іске\s+қосты|ашылды|аяқталды|пайдалануға\s+берілді|старт\s+берілді|ратификацияла{W}|қабылданды|тұрғызылды|заң{W}\s+қабылдады",
        rf"tanlandi|aniqlandi|tashkil\s+etildi|танланди|аниқланди|ташкил\s+этилди|ishga\s+tushiril(?:di|gan)|ishga\s+tushirdi{W}|ochildi|yakunlandi|foydalanishga\s+topshirildi|start\s+berildi"
        rf"|qurib\s+bitkazildi|ratifikatsiya\s+qil{W}|ишга\s+туширил(?:ди|ган)|ишга\s+туширди{W}|очилди|якунланди"
        rf"|старт\s+берилди|қуриб\s+битказилди|фойдаланишга\s+топширилди",
        r"launched|inaugurated|opened|completed|commissioned|put\s+into\s+operation|ratifi(?:ed|cation)|allocated"
        r"|(?:was|were|has\s+been|have\s+been)\s+(?:selected|chosen|established|created|founded|set\s+up)",
    ),
    "planned": _any(  # future forms of action verbs: weaker than an explicit plan
        rf"будет\s+(?:построен|запущен|открыт|создан|введен|завершен|подписан|осуществл|обеспечен){W}"
        rf"|будут\s+(?:построены|запущены|открыты|созданы|введены|завершены|подписаны|обеспечен){W}"
        rf"|(?:составит|составят|запустят|запустит|построят|построит|откроют|откроет|завершат|завершит|подпишут|подпишет"
        rf"|создадут|создаст|проведет|проведёт|проведут|начнет|начнёт|начнут|начнется|начнётся|стартует"
        rf"|откроется|завершится|привлечет|привлечёт|выделит|выделят|направят|возведут|продолжится|будет\s+возвед{W})(?!\w)",
        r"(?:аяқтал|бастал|ашыл|салын|қосыл|асырыл|құрыл|қойыл|тартыл)ады|өтеді|жеткізіледі|ашады|беріледі",
        rf"(?:boshlanadi|yakunlanadi|quriladi|ochiladi|tushiriladi|yaratiladi|imzolanadi|boʻlib\s+oʻtadi|yetkazil{W}"
        rf"|yakunlanishi{W}|boshlanishi{W}|бошланади|якунланади|қурилади|очилади|туширилади|яратилади|имзоланади"
        rf"|бўлиб\s+ўтади|якунланиши{W}|бошланиши{W}|oʻtkaziladi|ўтказилади|joriy\s+etiladi|жорий\s+этилади"
        rf"|yoʻlga\s+qoʻyiladi|йўлга\s+қўйилади|qiladi|қилади|quradi|қуради|tushiramiz|туширамиз|ochamiz|очамиз"
        rf"|quramiz|қурамиз|boshlaymiz|бошлаймиз|yakunlaymiz|якунлаймиз)",
    ),
}
STATUS_ORDER = ["planned_strong", "cancelled", "delayed", "in_progress", "signed", "agreed", "completed", "planned"]
# All cues in one pass over a sentence; alternatives in STATUS_ORDER, so at one position the stronger wins.
ANY_CUE = re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<{s}>{CUES[s]})" for s in STATUS_ORDER) + ")", re.IGNORECASE)
# The cues that take any word before a fixed one ("…уы мүмкін", "…ishi mumkin", "…moqchi"): tried at every
# word of every sentence, they are a fifth of the scan.  A clause without the fixed word cannot match them,
# and the same alternation without them (lean_cue(), scanned as LEAN_SCAN) finds the same cues in it, from
# the same alternatives.
OPEN_CUES = (r"[^\W\d_]+(?:уы|уі|ілуі|ылуы)\s+мүмкін", r"[^\W\d_]+(?:shi|ishi|ishlari|ши|иши)\s+(?:mumkin|мумкин)",
             rf"\w+moqchi{W}", rf"\w+моқчи{W}")
FIXED_WORDS = re.compile(r"мүмкін|mumkin|мумкин|moqchi|моқчи", re.IGNORECASE)


def _lean_cues() -> Optional[dict]:
    """CUES without OPEN_CUES (None where one of them is no longer in CUES as written)."""
    strong = CUES["planned_strong"]
    for part in OPEN_CUES:
        if f"|{part}" in strong:
            strong = strong.replace(f"|{part}", "", 1)
        elif f"{part}|" in strong:
            strong = strong.replace(f"{part}|", "", 1)
        else:
            return None
    return {**CUES, "planned_strong": strong}


LEAN_CUES = _lean_cues()


def lean_cue() -> re.Pattern:
    """ANY_CUE without OPEN_CUES, as one alternation (ANY_CUE itself where one of them is no longer in CUES
    as written): what LEAN_SCAN finds, written out (the tests hold the scan to it)."""
    if LEAN_CUES is None:
        return ANY_CUE
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<{s}>{LEAN_CUES[s]})" for s in STATUS_ORDER) + ")",
                      re.IGNORECASE)


# ANY_CUE and lean_cue() scanned with, at each place, only the cues that can begin with its character
# (nlp.guard.Dispatched: the same matches, sooner).
ANY_SCAN = Dispatched([(s, CUES[s]) for s in STATUS_ORDER])
LEAN_SCAN = Dispatched([(s, (LEAN_CUES or CUES)[s]) for s in STATUS_ORDER])


def cues_in(clause: str) -> Iterator[re.Match]:
    """`ANY_CUE.finditer(clause)`, with lean_cue() where no fixed word of OPEN_CUES is in the clause
    (the same matches from ANY_SCAN and LEAN_SCAN)."""
    return (ANY_SCAN if FIXED_WORDS.search(clause) else LEAN_SCAN).finditer(clause)

# A cue inside a relative clause ("…, который будет реализован") describes, it does not commit.
RELATIVE_CLAUSE = re.compile(r"(?:котор\w+|which|that)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# …unless the relative clause reports a promise ("X и Y, которые пообещали запустить линию")
PROMISE = r"(?:пообещал\w*|обеща\w*|заверил\w*|обязал\w*|promised|pledged|vowed|undertook)"
PROMISED = re.compile(rf"(?:котор\w+|which|that)\s+(?:\w+\s+){{0,1}}{PROMISE}\s+(?:\w+\s+){{0,1}}$", re.IGNORECASE)
PROMISE_CUE = re.compile(PROMISE, re.IGNORECASE)
# An investment figure stated as a plan: "стоимость проекта составит 123 млрд тенге", "185,1 млрд теңгені құрайды".
MONEY_PLAN = guarded(re.compile(_any(
    r"составит|составят|на\s+сумму|стоимост\w*|программ\w*", r"құрайды|құны|бағдарлама\w*",
    r"tashkil\s+etadi|qiymati|dastur\w*|oʻz\s+ichiga\s+oladi|ташкил\s+этади|қиймати|дастур\w*",
    r"worth(?!\s+of)|valued\s+at|total\s+investment|investment\s+of|programme|program"), re.IGNORECASE))
MONEY_PAST = guarded(re.compile(r"достиг\w*|жетті|yetdi|reached|жұмсалды|sarflandi|yoʻnaltirildi|выделен\w*|spent"
                                r"|ajratil\w*", re.IGNORECASE))

# --- English glosses of the action -------------------------------------------------------------
# English words are bounded: "fair" is in "Affairs", "trade" in "trademark", "contract" in "contractor".
GLOSSES = [  # (pattern over the clause, gloss); the first that matches wins
    (r"техническ\w*\s+запуск|техникалық\s+іске|texnik\s+ishga|техник\s+ишга|technical\s+launch", "technical launch"),
    (r"строительств\w*|құрылыс\w*|qurilish\w*|қурилиш\w*|construction", "construction"),
    (r"товарооборот\w*|тауар\s+айналым\w*|savdo\s+hajm\w*|tovar\s+aylanma\w*|товар\s+айланма\w*"
     r"|\btrade\b(?!\s+fairs?\b)", "raise trade to"),
    (r"довести|довед\w*|увелич\w*|нарасти\w*|yetkaz\w*|жеткіз\w*|етказ\w*"
     r"|\brais(?:e|es|ed|ing)\b|\bincreas\w*|\bboost\w*", "raise to"),
    (r"рабочих\s+мест|жұмыс\s+орн\w*|ish\s+oʻrn\w*|иш\s+ўрн\w*|\bjobs\b", "create jobs"),
    (r"ратифи\w*", "ratify agreement"),
    (r"меморандум\w*|memorandum", "sign memorandum"),
    (r"соглашени\w*|договор\w*|келісім\w*|shartnoma\w*|kelishuv\w*|шартнома\w*|келишув\w*"
     r"|\bagreements?\b|\bcontracts?\b", "agreement"),
    (r"открыти\w*|ашылу\w*|ochilish\w*|очилиш\w*|opening", "official opening"),
    (r"запуск\w*|запущ\w*|запуст\w*|іске\s+қос\w*|ishga\s+tushir\w*|ишга\s+туширил\w*|launch\w*", "launch"),
    (r"инвестиц\w*|investitsiya\w*|инвестиция\w*|investment", "invest"),
    (r"allocat\w*|выдел\w*|ajrat\w*|ажрат\w*|бөлін\w*", "allocate funds"),
    (r"ярмарк\w*|жәрмеңке\w*|yarmarka\w*"            # "fair" the noun, not "a fair deal"
     r"|\b(?:trade|industrial|export|international|business|joint|regional|annual)\s+fairs?\b"
     r"|\bfairs?\s+(?:will|is|was|opens?|opened|takes?|took)\b|\bthe\s+fair\b", "organise fair"),
]
VERB_GLOSS = {"planned": "plan", "signed": "sign", "agreed": "agree on", "completed": "complete",
              "in_progress": "carry out", "delayed": "delay", "cancelled": "cancel"}
# A planned construction clause that speaks of finishing it: the deadline of completion, not of the start.
COMPLETION = re.compile(
    r"заверш\w*|окончани\w*|законч\w*|аяқта\w*|аяқтал\w*|yakunla\w*|yakunlan\w*|tugalla\w*|tugat\w*"
    r"|якунла\w*|якунлан\w*|тугалла\w*|complet\w*|finish\w*", re.IGNORECASE)
# One pass over a clause for every gloss; the earliest pattern in GLOSSES that matches anywhere wins.
ANY_GLOSS = guarded(re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(GLOSSES)), re.IGNORECASE))
# ANY_GLOSS scanned with only the glosses whose words' openings are in the clause (nlp.guard.Pruned: the same
# matches; the whole alternation cost 30-40 µs a clause, tried at every letter).
GLOSS_SCAN = Pruned([(f"g{i}", p) for i, (p, _) in enumerate(GLOSSES)], re.IGNORECASE)

# --- quantities ----------------------------------------------------------------------------------
QUANTITY_UNITS = [
    (r"(?:\w+\s+){0,2}?(?:рабочих\s+мест|мест|jobs|жұмыс\s+орн\w*|ish\s+oʻrn\w*|иш\s+ўрн\w*)", "jobs"),
    (r"гектар\w*|га(?!\w)|hectares?|ha(?!\w)|gektar\w*", "hectares"),
    (r"(?:\w+\s+){0,3}?проект\w*|(?:\w+\s+){0,2}?projects?|(?:\w+\s+){0,2}?жоба\w*|(?:\w+\s+){0,2}?loyiha\w*"
     r"|(?:\w+\s+){0,2}?лойиҳа\w*", "projects"),
    (r"(?:\w+\s+){0,2}?(?:здани\w*|корпус\w*|buildings?|ғимарат\w*|bino\w*|бино\w*)", "buildings"),
    (r"(?:\w+\s+){0,2}?(?:предприяти\w*|enterprises?|кәсіпорын\w*|korxona\w*|корхона\w*)", "enterprises"),
]
QUANTITY_SCALE = r"(?:\s+(?P<scale>тысяч\w*|тыс\.|мың\w*|ming|минг|thousand))?"
QUANTITY = re.compile(
    r"(?<![\d.,$])(?P<num>\d{1,3}(?:[  ]\d{3})+|\d+(?:[.,]\d+)?)" + QUANTITY_SCALE
    + r"(?:\s*(?:та|ta))?\s+(?:(?:более|свыше|около|over|about)\s+)?(?P<unit>"
    + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(QUANTITY_UNITS)) + ")",
    re.IGNORECASE,
)

WEAK = 0.5     # confidence of a commitment read from a future verb alone
FIGURE = 0.4   # confidence of one read from an investment figure alone ("стоимость составит …")
DEADLINE_RANK = {"deadline": 0, "quarter": 1, "half": 2, "month": 3, "range": 4, "year": 5, "duration": 6, "point": 7}
CLAUSE_SPLIT = re.compile(r",\s+(?:а\s+также|а|и|and|ал|сондай-ақ|shuningdek|шунингдек)\s+|\s+as\s+well\s+as\s+|;\s+",
                          re.IGNORECASE)
# The last word of a Kazakh or Uzbek sentence in the present-future tense ("-ади", "-илади", "-ады", "-еді").
FINAL_VERB = re.compile(r"[^\W\d_]{2,}(?:adi|aydi|ydi|ади|айди|йди|ады|еді|йды|йді)[»\"”]?\s*[.!]?\s*$", re.IGNORECASE)
COMMA = re.compile(r",\s+|\s+[–—-]\s+|\s+(?:and|и|va|ва|және|hamda)\s+(?=to\s|[^\W\d_]+\s)")
PERIOD_KINDS = {"deadline", "quarter", "half", "month", "year", "range"}


def is_headline(text: str, start: int, end: int) -> bool:
    """A first line of its own without a final full stop, with the article after it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    first_line = NON_SPACE.search(text, 0, line_start) is None     # nothing but spaces before it (no copy)
    return (first_line and line_end != -1 and text[line_start:line_end].strip() == text[start:end].strip()
            and not text[start:end].rstrip().endswith((".", "!", "?", "…"))
            and NON_SPACE.search(text, line_end) is not None)


NON_SPACE = re.compile(r"\S")


def find_cue(clause: str) -> Optional[tuple[str, re.Match]]:
    """(status, match) of the strongest cue in a clause, or None."""
    best = None
    clause = fold_apostrophes(clause)   # one character for one: positions stay those of the clause
    for m in cues_in(clause):
        rank = STATUS_ORDER.index(m.lastgroup)
        if (best is None or rank < best[0]) and not _relative(clause[:m.start()][-40:], m.group()):
            best = (rank, m)
            if rank == 0:
                break                   # nothing ranks before the first status: no later cue can win
    if best is None:
        return None
    status = STATUS_ORDER[best[0]]
    return ("planned" if status == "planned_strong" else status), best[1]


def has_cue(clause: str) -> bool:
    """`find_cue(clause) is not None`, from the first cue that counts rather than the best."""
    clause = fold_apostrophes(clause)
    return any(not _relative(clause[:m.start()][-40:], m.group()) for m in cues_in(clause))


def _relative(before: str, cue: str) -> bool:
    """The cue opens a relative clause that describes ("the center, which will hold…"), not one
    that reports a promise."""
    return bool(RELATIVE_CLAUSE.search(before)) and not PROMISED.search(before) and not PROMISE_CUE.fullmatch(cue)


def _future_by_date(sentence: str, dates: list[dict], published: Optional[str]) -> bool:
    """A Kazakh or Uzbek sentence that ends in a present-future verb and names a period still to
    come ("Корхона 2027 йил охиригача тўлиқ қувватга чиқарилади") states a plan."""
    if not published or not any(d["kind"] in PERIOD_KINDS and d.get("end") and d["end"] > published for d in dates):
        return False
    return FINAL_VERB.search(sentence) is not None    # the dearer test last: most sentences name no such period


def _strong_cue(clause: str) -> bool:
    """A cue of its own, more than a future verb form."""
    found = find_cue(clause)
    return bool(found) and found[1].lastgroup != "planned"


def gloss(status: str, clause: str) -> str:
    """A short English gloss of the action: 'start construction', 'technical launch', 'sign agreement'…"""
    first = None
    for m in GLOSS_SCAN.finditer(fold_apostrophes(clause)):
        i = int(m.lastgroup[1:])
        first = i if first is None else min(first, i)
        if first == 0:
            break                       # no gloss comes before the first
    if first is None:
        return VERB_GLOSS[status]
    g = GLOSSES[first][1]
    if g == "construction":
        if status == "in_progress":
            return "construction under way"
        if status == "completed" or COMPLETION.search(clause):
            return "complete construction"
        return "start construction"
    if g == "agreement":
        return {"signed": "sign agreement", "agreed": "agree"}.get(status, "sign agreement")
    return g


def quantities(text: str) -> list[dict]:
    """Counts of jobs, hectares, projects, buildings, enterprises in `text`."""
    out = []
    for m in QUANTITY.finditer(fold_apostrophes(text)):
        value = float(re.sub(r"[  ]", "", m.group("num")).replace(",", "."))
        if m.group("scale"):
            value *= 1000
        unit = next(u for i, (_, u) in enumerate(QUANTITY_UNITS) if m.group(f"u{i}"))
        out.append({"value": value, "unit": unit, "text": m.group().strip()})
    return out


class Spans:
    """Facts sorted by where they start, for the ones inside a stretch of text in log time."""

    def __init__(self, items: list[dict]):
        self.items = sorted((x for x in items if x.get("span")), key=lambda x: x["span"][0])
        self.starts = [x["span"][0] for x in self.items]

    def inside(self, start: int, end: int) -> list[dict]:
        return self.items[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


@dataclass
class Index:
    """A document's money, dates and entities, indexed once for every sentence."""

    money: Spans
    dates: Spans
    entities: Spans

    @classmethod
    def of(cls, doc: Doc) -> "Index":
        return cls(Spans(doc.money), Spans(doc.dates + doc.durations), Spans(doc.entities))


def pick_deadline(dates: list[dict], published: Optional[str]) -> Optional[dict]:
    """The date of a clause that a commitment is due by: periods before points, the dateline never."""
    usable = [d for d in dates if d.get("end") and not (d["kind"] == "point" and d["start"] == published)]
    if not usable:
        return None
    best = min(usable, key=lambda d: DEADLINE_RANK.get(d["kind"], 9))
    return {"kind": best["kind"], "start": best["start"], "end": best["end"]}


class CommitmentExtractor:
    """Finds commitments in a Doc whose sentences, entities, money and dates are already read."""

    def __call__(self, doc: Doc) -> Iterator[tuple[int, int, dict]]:
        published = doc.published.isoformat() if doc.published else None
        idx = Index.of(doc)
        ctx = actors.Context(doc, steps.subject_name(doc.resources.settings.topic_path if doc.resources else None))
        previous = None
        for s_start, s_end in doc.sentences:
            sentence = doc.text[s_start:s_end]
            if len(sentence) > 2000:  # a wall of text, not a sentence: nothing to read reliably
                continue
            headline = is_headline(doc.text, s_start, s_end)
            for item in self._sentence(doc, idx, s_start, s_end, published, ctx, previous):
                item[2]["headline"] = headline   # kept where the body does not tell the same step (see _dedupe)
                yield item
            previous = (s_start, s_end)

    def _sentence(self, doc: Doc, idx: Index, s_start: int, s_end: int, published: Optional[str],
                  ctx: "actors.Context", previous: Optional[tuple[int, int]] = None):
        sentence = fold_apostrophes(doc.text[s_start:s_end])
        found = find_cue(sentence)
        money = idx.money.inside(s_start, s_end)
        if not found and money and MONEY_PLAN.search(sentence) and not MONEY_PAST.search(sentence):
            found = ("planned", MONEY_PLAN.search(sentence))
        if not found and _future_by_date(sentence, idx.dates.inside(s_start, s_end), published):
            found = ("planned", FINAL_VERB.search(sentence))
        if not found:
            return
        status, cue = found
        clauses = self._clauses(doc, idx, s_start, s_end)
        for c_start, c_end in clauses:
            own = find_cue(doc.text[c_start:c_end]) if len(clauses) > 1 else None
            c_status, c_cue, c_at = (own[0], own[1], c_start) if own else (status, cue, s_start)
            fact = self._fact(doc, idx, c_status, c_cue, c_at, s_start, s_end, c_start, c_end, published, ctx,
                              previous)
            if len(clauses) > 1:   # one step of several: its own clause is its evidence, the sentence beside it
                o_start, o_end = doc.original_span(c_start, c_end)
                fact["sentence"], fact["evidence"] = fact["evidence"], doc.original[o_start:o_end].strip(" ,;")
                fact["span"] = [c_start, c_end]
            if len(clauses) == 1:  # the whole sentence: its date is the clause's
                fact["deadline"] = pick_deadline(idx.dates.inside(s_start, s_end), published)
            if _is_description(fact, doc.text[c_start:c_end]):
                continue
            yield s_start, s_end, fact

    @staticmethod
    def _clauses(doc: Doc, idx: Index, s_start: int, s_end: int) -> list[tuple[int, int]]:
        """The clauses of a sentence that each carry a commitment of their own.

        A sentence is cut where a coordinated clause brings its own amount or period after a
        clause with a cue: "запущен центр, а также ряд проектов на $1,3 млрд"; "the launch is
        planned for Q4 2026, the opening – in the first half of 2027".
        """
        anchors = sorted(x["span"][0] for x in idx.money.inside(s_start, s_end)) + sorted(
            d["span"][0] for d in idx.dates.inside(s_start, s_end) if d["kind"] in PERIOD_KINDS)
        if not anchors:
            return [(s_start, s_end)]
        sentence = doc.text[s_start:s_end]
        cuts = [(s_start + m.start(), True) for m in CLAUSE_SPLIT.finditer(sentence)]
        cuts += [(s_start + m.start(), False) for m in COMMA.finditer(sentence)]
        clauses, begin = [], s_start
        for cut, coordinated in sorted(set(cuts)):
            left = doc.text[begin:cut]
            right_has = any(cut < a < s_end for a in anchors)
            left_has = any(begin <= a < cut for a in anchors)
            # a clause without a verb of its own shares the sentence's final one (Kazakh, Uzbek:
            # "іске қосылуы 2026 жылдың үшінші тоқсанына, ал ресми ашылуы 2027 жылға жоспарланған")
            gapped = coordinated and right_has and any(begin <= a < cut for a in anchors) and has_cue(doc.text[cut:s_end])
            if not has_cue(left) and not gapped:
                continue
            if right_has and (not left_has and coordinated or _same_kind(idx, begin, cut, s_end) and _names_a_step(doc, doc.text[cut:s_end])
                              or _strong_cue(doc.text[cut:s_end])):
                clauses.append((begin, cut))
                begin = cut
        clauses.append((begin, s_end))
        return clauses

    @staticmethod
    def _fact(doc: Doc, idx: Index, status, cue, cue_base, s_start, s_end, c_start, c_end, published, ctx,
              previous=None) -> dict:
        """The commitment of one clause; `cue` was found in the text that starts at `cue_base`."""
        clause = doc.text[c_start:c_end]
        cue_at = cue_base + cue.start()
        money = sorted(idx.money.inside(c_start, c_end), key=lambda x: abs(x["span"][0] - cue_at))  # nearest the cue
        o_start, o_end = doc.original_span(s_start, s_end)
        actor = actors.resolve(doc, idx, ctx, s_start, s_end, c_start, c_end, cue_at, previous)
        unnamed = _without_names(clause, c_start, idx.entities.inside(c_start, c_end))
        step = _step(doc, idx, clause, c_start, c_end, s_start, s_end, status, actor,
                     doc.text[previous[0]:previous[1]] if previous else "", unnamed)
        return {
            "actor": actor,
            "action": _trim_words(_predicate(clause), 16),
            "action_en": _action_en(status, step, unnamed),
            "step": step.id, "milestone": step.milestone, "object": step.object,
            "status": status,
            "amount": {"amount": money[0]["amount"], "currency": money[0]["currency"]} if money else None,
            "quantities": quantities(clause),
            "deadline": pick_deadline(idx.dates.inside(c_start, c_end), published),
            "evidence": doc.original[o_start:o_end],
            "span": [s_start, s_end],
            "confidence": FIGURE if cue.re is MONEY_PLAN else WEAK if cue.lastgroup == "planned" else 0.8,
        }


# The opening connective `_predicate` drops ("а также", "сондай-ақ", "also").
CONNECTIVE = re.compile(r"^(?:а\s+также|также|кроме\s+того|при\s+этом|сондай-ақ|shuningdek|шунингдек|also|and|а|и)\s+",
                        re.IGNORECASE)
LOCATIVE_END = re.compile(r"(?:да|де|та|те|da|de)$")
PUNCT_NEXT = re.compile(r"\s*[,.]")


def _predicate(clause: str) -> str:
    """The clause as the article words it, without its dateline and opening connectives: the step in
    the original language (never just the cue word)."""
    text = clause.strip()
    cut = actors.DATELINE.match(text)
    text = text[cut.end():] if cut else text
    text = CONNECTIVE.sub("", text)
    return text.strip(" ,.;—-»«\"")


def _step(doc: Doc, idx: Index, clause: str, c_start: int, c_end: int, s_start: int, s_end: int, status: str,
          actor: Optional[str], before: str = "", unnamed: Optional[str] = None) -> "steps.Step":
    """The step the clause reports: a milestone of the subject, or a kind of step with its object
    (`unnamed`: the clause with its names blanked, `_without_names`, where the caller has it)."""
    acting = set((actor or "").split(" and "))
    center = steps.subject_name(doc.resources.settings.topic_path if doc.resources else None)
    objects, places, subject_at = [], [], None
    for e in idx.entities.inside(c_start, c_end):
        name = e.get("canonical") or e.get("normal") or e["text"]
        if name == center:
            subject_at = e["span"][0] - c_start if subject_at is None else subject_at
        elif e.get("type") in ("ORG", "LOC") and _where(doc.text, e):
            places.append((e["span"][0] - c_start, e["span"][1] - c_start))
        elif e.get("type") == "ORG" and not _is_actor(name, e["text"], acting):
            objects.append((e["span"][0] - c_start, e["span"][1] - c_start, name))
    about = (doc.relevance or {}).get("label") == "about"
    lexicon = steps.load_lexicon(getattr(doc.resources.settings, "milestones_path", None) if doc.resources else None)
    return steps.classify(clause, doc.text[s_start:s_end], about=about, status=status, object_names=objects,
                          lexicon=lexicon, before=before, subject_at=subject_at,
                          unnamed=_without_names(clause, c_start, idx.entities.inside(c_start, c_end))
                          if unnamed is None else unnamed,
                          places=tuple(places))


IN_PLACE = re.compile(r"(?:^|\s)(?:в|во|на|in|at|inside|within)\s+(?:the\s+)?$", re.I)


def _where(text: str, e: dict) -> bool:
    """The organisation names where the step happens ("a plant in the Turan special economic zone",
    "«Тұран» арнайы экономикалық аймағында"), not what the step is about."""
    s, end = e["span"]
    return bool(IN_PLACE.search(text[max(0, s - 16):s]) or LOCATIVE_END.search(e["text"])
                or steps.PLACE_AFTER.match(text[end:end + 40]) and not PUNCT_NEXT.match(text[end:end + 2]))


def _is_actor(name: str, text: str, acting: set[str]) -> bool:
    from nlp.registry import fold as reg_fold

    folded = {reg_fold(a) for a in acting if a}
    return any(reg_fold(n) in folded or any(reg_fold(n) in a or a in reg_fold(n) for a in folded if a)
               for n in (name, text) if n)


def _action_en(status: str, step: "steps.Step", clause: str) -> Optional[str]:
    """The English gloss: the step's own (a milestone's, a kind's with its object), else the clause's
    gloss where it says more than the status verb; never a bare "plan"."""
    if step.milestone:
        return step.gloss
    if status == "in_progress" and step.id in ("construction", "construction-completion"):
        return "construction under way" + (f": {step.object}" if step.object else "")
    old = gloss(status, clause)
    if old == "construction under way" or (old in ("start construction", "complete construction") and step.object):
        return old + (f": {step.object}" if step.object else "")
    if step.gloss:
        return step.gloss
    return old if old in CLAUSE_GLOSSES else None      # "trade" alone glosses no target, a verb no step


# The glosses of GLOSSES that say what the step is wherever the words stand in the clause.
CLAUSE_GLOSSES = {"technical launch", "official opening", "launch", "ratify agreement", "sign memorandum",
                  "create jobs", "organise fair", "allocate funds", "invest", "sign agreement"}


def _without_names(clause: str, base: int, entities: list[dict]) -> str:
    """The clause with the names in it blanked: the Ministry of Trade says nothing about raising trade."""
    chars = list(clause)
    for e in entities:
        for i in range(max(e["span"][0] - base, 0), min(e["span"][1] - base, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _names_a_step(doc: Doc, text: str) -> bool:
    """The text after a cut names a step of its own ("…, and the official opening for 2027"), not only a
    closer date for the same one ("…this year as agreed, in the fourth quarter")."""
    if has_cue(text):
        return True
    lex = steps.load_lexicon(getattr(doc.resources.settings, "milestones_path", None) if doc.resources else None)
    folded = fold_apostrophes(text)
    return steps.step_kind(lex, folded) is not None or steps.milestone(lex, folded, folded, True, "planned") is not None


def _same_kind(idx: Index, begin: int, cut: int, end: int) -> bool:
    """Both sides of a cut carry an amount, or both a period: two commitments side by side."""
    def kinds(a: int, b: int) -> set[str]:
        found = {"money"} if idx.money.inside(a, b) else set()
        return found | ({"date"} if any(d["kind"] in PERIOD_KINDS for d in idx.dates.inside(a, b)) else set())
    return bool(kinds(begin, cut) & kinds(cut, end))


# Someone will pay (active voice): a commitment of its own, never a figure added to the sentence before.
SPENDS = re.compile(
    r"(?<!\w)(?:выделит|выделят|направит|направят|вложит|вложат|инвестирует|инвестируют|профинансирует|профинансируют"
    r"|бөледі|бөлеміз|салады|инвестиция\s+салады|ajratadi|ajratamiz|kiritadi|ажратади|ажратамиз|киритади"
    r"|will\s+(?:allocate|invest|spend|provide|finance|fund))(?!\w)", re.IGNORECASE)


def attach_followers(items: list[tuple[int, int, dict]], doc: Doc) -> list[tuple[int, int, dict]]:
    """"X signed an agreement to build a plant. The project is valued at $85 million.": a next
    sentence that only adds a figure or a date (no commitment of its own, or only a weak one)
    gives its amount and period to the commitment before it, and is not reported itself."""
    idx = Index.of(doc)
    by_sentence: dict[int, list[int]] = {}
    starts = [s for s, _ in doc.sentences]
    for i, (start, _, _) in enumerate(items):
        by_sentence.setdefault(bisect.bisect_right(starts, start) - 1, []).append(i)
    dropped: set[int] = set()
    for sent, members in sorted(by_sentence.items()):
        nxt = sent + 1
        if nxt >= len(doc.sentences) or nxt - 1 != sent:
            continue
        followers = by_sentence.get(nxt, [])
        if any(SPENDS.search(items[i][2]["action"]) for i in followers):
            continue            # «область выделит 8 млрд тенге»: someone who will pay is a commitment of its own
        strength = max((items[i][2]["confidence"] for i in followers), default=0.0)
        if _take_from(items[members[-1]][2], idx, doc.sentences[nxt], doc, strength) and followers:
            dropped.update(followers)
    return [item for i, item in enumerate(items) if i not in dropped]


def _take_from(fact: dict, idx: Index, sentence: tuple[int, int], doc: Doc, strength: float) -> bool:
    """Give `fact` the amount and period of `sentence` where it has none; True when it took one.

    An amount comes over from a sentence whose own commitment is at most a future verb ("60 млрд
    теңге инвестиция салынады"); a period only from one that is at most a figure, since a
    future verb with a date ("работы начнутся в августе") is a commitment of its own."""
    took = False
    if fact.get("milestone"):
        return False            # a milestone (an opening, a launch) takes no figure or date from a neighbour
    money = idx.money.inside(*sentence)
    if fact["amount"] is None and money and strength <= WEAK:
        fact["amount"] = {"amount": money[0]["amount"], "currency": money[0]["currency"]}
        took = True
    periods = [d for d in idx.dates.inside(*sentence) if d["kind"] in PERIOD_KINDS]
    if fact["deadline"] is None and periods and strength <= FIGURE:
        fact["deadline"] = pick_deadline(periods, doc.published.isoformat() if doc.published else None)
        took = True
    return took


def _trim_words(text: str, n: int) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _dedupe(items: list[tuple[int, int, dict]], doc: Doc) -> list[tuple[int, int, dict]]:
    """An article that says three times that the center was launched reports one commitment.

    Reports of one step (a milestone, or a kind of step on one object) with one status are one;
    the body's telling is kept before the headline's, and takes from the others what it lacks
    (actor, deadline, amount).  Other reports are one when status, gloss, amount and an
    organisation named agree."""
    idx = Index(Spans([]), Spans([]), Spans(doc.entities))
    order = sorted(range(len(items)), key=lambda i: (bool(items[i][2].get("headline")), i))
    kept: dict[tuple, int] = {}
    loose: list[tuple[tuple, tuple, int]] = []
    keep: list[int] = []
    for i in order:
        start, end, fact = items[i]
        if fact.get("step") and (fact.get("milestone") or fact.get("object")):
            key = (fact["step"], fact.get("object"), fact["status"])
            if key in kept:
                _complete(items[kept[key]][2], fact)
                continue
            kept[key] = i
            keep.append(i)
            continue
        objects = tuple(sorted({e.get("canonical") for e in idx.entities.inside(start, end)
                                if e.get("type") == "ORG" and e.get("canonical")}))
        key = (fact["status"], fact["action_en"], fact["amount"] and fact["amount"]["amount"])
        twin = next((j for k, o, j in loose if k == key and set(objects) & set(o)), None)
        if twin is not None:
            _complete(items[twin][2], fact)
            continue
        loose.append((key, objects, i))
        keep.append(i)
    body_steps = {items[i][2].get("step") for i in keep if not items[i][2].get("headline")}
    return [items[i] for i in sorted(keep)
            if not (items[i][2].get("headline") and items[i][2].get("step") in body_steps - {None})]


# Where it will stand, how large it will be, what it will become: a description, not a step
# (unless an amount or a deadline is committed with it).
DESCRIPTION = guarded(re.compile(
    r"(?<!\w)(?:гектар\w*|га(?!\w)|hectares?|gektar\w*|maydon\w*|майдон\w*|аумақ\w*|площад\w*|территори\w*"
    r"|hudud\w*|ҳудуд\w*|near|border\s+area|on\s+the\s+border|в\s+районе|вблизи|рядом|маңында|yaqinida|яқинида"
    r"|станет|станут|will\s+become|will\s+serve\s+as|aims?\s+to|призван\w*|позволит|позволят|will\s+allow"
    r"|сможет|смогут|will\s+be\s+able|бола\s+алады|qila\s+oladi|қила\s+олади"
    r"|будет\s+расположен\w*|will\s+be\s+located|joylashadi|жойлашади|орналасады|boʻladi|бўлади|болады)(?!\w)",
    re.IGNORECASE))


# A passive future ("will be constructed", "будет построен", "quriladi", "салынады"): no one commits in it.
PASSIVE = re.compile(r"(?<!\w)(?:will\s+be\s+\w+(?:ed|en|t)|будет\s+\w+[нт][аоы]?|будут\s+\w+[нт]ы"
                     r"|\w+(?:ilad|илад|ылад|ілед|інед|ынад)\w*)(?!\w)", re.IGNORECASE)


def _is_description(fact: dict, clause: str) -> bool:
    """Where it will stand, how large, what it will become, with no amount or date committed: by a
    future verb alone, or in the passive ("The ICIC will be constructed on the border area")."""
    clause = fold_apostrophes(clause)
    return (not fact.get("amount") and not fact.get("deadline") and bool(DESCRIPTION.search(clause))
            and (fact["confidence"] <= WEAK or bool(PASSIVE.search(clause))))


def _complete(fact: dict, other: dict) -> None:
    for field in ("actor", "deadline", "amount"):
        if not fact.get(field) and other.get(field):
            fact[field] = other[field]


def _as_event(fact: dict) -> dict:
    """A done step (completed, signed, cancelled) has an event date, never a deadline."""
    fact.pop("headline", None)
    if fact["status"] in steps.DONE:
        fact["event_date"], fact["deadline"] = fact.get("deadline"), None
    else:
        fact["event_date"] = None
    return fact


EXTRACTOR = CommitmentExtractor()


@stage("commitments", assigns=("commitments",), requires=("text", "sentences", "entities", "money", "dates"))
def commitments_stage(doc: Doc) -> None:
    doc.commitments = [_as_event(fact) for _, _, fact in _dedupe(attach_followers(list(EXTRACTOR(doc)), doc), doc)]
    actors.fill_from_article(doc, doc.commitments)


guard_all(globals())   # nlp.guard: the same matches, found sooner
