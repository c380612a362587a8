"""Word lists and patterns the recognisers and the merge share: titles, organisation and place
markers of Kazakh and Uzbek (three spellings), legal forms, quotes, surname endings."""
from __future__ import annotations

import re

QUOTES_OPEN, QUOTES_CLOSE = "«“„\"", "»”\""
# Words that natasha sometimes takes for a person, and titles before names.
TITLE_WORDS = {
    "премьер", "министр", "министров", "вице", "президент", "президента", "аким", "акима", "посол", "посла",
    "глава", "председатель", "замминистра", "заместитель", "депутат", "сенатор", "хоким", "губернатор",
}
KK_UZ_TITLES = (
    r"президенті|премьер-министрі|министрі|вице-министрі|орынбасары|әкімі|төрағасы|басшысы|елшісі|депутаты|"
    r"хатшысы|директоры|prezidenti|prezident|vaziri|oʻrinbosari|hokimi|raisi|boshligʻi|rahbari|elchisi|"
    r"direktori|deputati|bosh|президенти|вазири|ўринбосари|ҳокими|раиси|бошлиғи|раҳбари|элчиси|директори|"
    r"министр|аким|посол|minister|ambassador|akim|governor"
)
ORG_MARKERS = (
    r"министрлігі|министрлиги|vazirligi|вазирлиги|әкімдігі|әкімшілігі|hokimligi|ҳокимлиги|агенттігі|"
    r"agentligi|агентлиги|комитеті|qoʻmitasi|қўмитаси|банкі|banki|банки|компаниясы|kompaniyasi|компанияси|"
    r"корпорациясы|korporatsiyasi|холдингі|xoldingi|зауыты|zavodi|заводи|палатасы|palatasi|палатаси|"
    r"қоры|jamgʻarmasi|университеті|universiteti|ассоциациясы|assotsiatsiyasi|кеңесі|kengashi|кенгаши|"
    r"концерні|konserni|концерни|корпорацияси|ассоциацияси|жамғармаси|университети|"
    # institutes, unions, airports in all three spellings (not a region's departments: named mostly in
    # an official's title, «…savdo boshqarmasi boshligʻi», where the person is the entity)
    r"институты|instituti|институти|академиясы|akademiyasi|академияси|бірлестігі|birlashmasi|бирлашмаси|"
    r"одағы|uyushmasi|уюшмаси|әуежайы|aeroporti|аэропорти|инспекциясы|inspeksiyasi|инспекцияси|"
    # a bank named by its own name («Markaziy bank», «Milliy bank»), airlines
    r"bank|банк|aviakompaniyasi|авиакомпанияси"
)
# «… named after …»: a person's or a place's name inside an organisation's («Алишер Навоий номидаги …
# университети», «Әл-Фараби атындағы … университеті»).
NAMED_AFTER = r"номидаги|nomidagi|атындағы"
# Heads of a quoted name's organisation: «Қорғас» … орталығы, «Turon» … zonasi.
ORG_HEADS = r"орталығы|markazi|маркази|аймағы|zonasi|зонаси|паркі|parki|кластері|klasteri|center|centre|zone"
MARKER_ENDINGS = r"ның|нің|на|не|нда|нде|нан|нен|н|мен|нинг|ни|га|да|дан|даги|ning|ni|ga|da|dan|dagi|n|s"
LEGAL_FORMS = r"ЖШС|ТОО|АҚ|АО|ООО|ЗАО|МЧЖ|MChJ|АЖ|AJ|ХК|XK|LLP|LLC|JSC|Ltd|Inc|ҚК|QK"
LOC_MARKERS = (
    r"облысы|облысының|ауданы|қаласы|ауылы|viloyati|tumani|shahri|qishlogʻi|вилояти|тумани|шаҳри|"
    r"шаҳар|районы|province|region|district|city"
)
SURNAME = re.compile(
    r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ][\wʻ-]*?(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ұлы|қызы|ov|ev|yev|ova|eva|yeva|uly|ulы|"
    r"qizi|oʻgʻli|ўғли|ий|ski|sky|ский|енко|enko|бек|bek|bay|бай|baev|bayev|баев|boyev|боев)(?:\w{0,6})$")


# Words that often open a Kazakh or Uzbek sentence and are no first names.
STARTERS = {
    "кеше", "бүгін", "ертең", "биыл", "былтыр", "сондай-ақ", "сонымен", "бұл", "осы", "ол", "олар", "алайда",
    "дегенмен", "қазір", "жақында", "кейін", "содан", "мысалы", "жалпы", "сондықтан", "оның", "бұдан",
    "kecha", "bugun", "ertaga", "shuningdek", "bundan", "bu", "ushbu", "u", "ular", "biroq", "ammo", "hozir",
    "yaqinda", "keyin", "masalan", "umuman", "shu", "uning", "avval", "кеча", "бугун", "эртага", "шунингдек",
    "бундан", "бу", "ушбу", "улар", "бироқ", "аммо", "ҳозир", "яқинда", "кейин", "масалан", "шу", "унинг",
    # personal pronouns
    "мен", "біз", "сіз", "сен", "men", "biz", "siz", "sen", "биз", "сиз",
}


LOC_MARKER_WORD = re.compile(rf"(?:{LOC_MARKERS})(?:{MARKER_ENDINGS})?", re.IGNORECASE)


def sentence_initial(text: str, pos: int) -> bool:
    """True at the start of a text, a line or a sentence (quotes and brackets skipped)."""
    i = pos                               # step back over spaces and openers (no copy of the text before)
    while i and text[i - 1] in " «\"“(":
        i -= 1
    return not i or text[i - 1] in ".!?\n—:"


DEMONYMS = {"kazakh", "uzbek", "kyrgyz", "tajik", "turkmen", "russian", "chinese", "turkish", "american",
            "european", "asian", "kazakhstani", "uzbekistani", "afghan", "iranian", "central asian"}
