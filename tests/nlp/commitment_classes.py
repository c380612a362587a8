"""Sentences written for the classes of commitments real news brings (issue 10), in every language
and script: (lang, text, expected) with expected one tuple per commitment:
(status, actor (a part of it, folded case) or None, step id or None, date end or None), where the
date is the deadline of an open step and the event date of a done one.  Short articles open with
a sentence naming the center, so milestones can be read as the center's.
"""
from __future__ import annotations

PUB = "2026-03-10"
CENTER = {
    "ru": "Международный центр промышленной кооперации «Центральная Азия» строят на границе. ",
    "kk": "«Орталық Азия» халықаралық өнеркәсіптік кооперация орталығы шекарада салынып жатыр. ",
    "uz-Latn": "«Markaziy Osiyo» xalqaro sanoat kooperatsiyasi markazi chegarada barpo etilmoqda. ",
    "uz-Cyrl": "«Марказий Осиё» халқаро саноат кооперацияси маркази чегарада барпо этилмоқда. ",
    "en": "The International Center for Industrial Cooperation Central Asia is rising on the border. ",
}

# 1. two steps, two deadlines in one sentence
TWO_STEPS = [
    ("ru", "Технический запуск центра намечен на III квартал 2026 года, а официальное открытие – на первое полугодие 2027 года.",
     [("planned", None, "icic.technical-launch", "2026-09-30"), ("planned", None, "icic.official-opening", "2027-06-30")]),
    ("en", "The technical launch is scheduled for the third quarter of 2026, and the official opening for the first half of 2027.",
     [("planned", None, "icic.technical-launch", "2026-09-30"), ("planned", None, "icic.official-opening", "2027-06-30")]),
    ("kk", "Орталықтың техникалық іске қосылуы 2026 жылдың үшінші тоқсанына, ал ресми ашылуы 2027 жылдың бірінші жартыжылдығына жоспарланған.",
     [("planned", None, "icic.technical-launch", "2026-09-30"), ("planned", None, "icic.official-opening", "2027-06-30")]),
]
# 1b. one step, its date told twice ("this year as agreed, in the fourth quarter"): one commitment
ONE_STEP_TWO_DATES = [
    ("en", "The technical launch will take place this year as agreed, in the fourth quarter, the deputy minister said.",
     [("planned", "minister", "icic.technical-launch", "2026-12-31")]),
    ("ru", "Технический запуск центра запланирован на этот год, как и договаривались, на четвертый квартал.",
     [("planned", None, "icic.technical-launch", "2026-12-31")]),
]
# 3. a headline that states the step (no body telling it again)
HEADLINES = [
    ("en", "Kazakhstan will hold the technical launch of the border center in 2026\n\nOfficials spoke at a briefing in Astana on Monday.",
     [("planned", "kazakhstan", "icic.technical-launch", "2026-12-31")]),
    ("ru", "Казахстан проведет технический запуск приграничного центра в 2026 году\n\nОб этом сообщили на брифинге в Астане.",
     [("planned", "kazakhstan", "icic.technical-launch", "2026-12-31")]),
]
# 4. impersonal and passive plans: the responsible body named elsewhere, or the speaker
IMPERSONAL = [
    ("ru", "Министерство торговли и интеграции Казахстана курирует проект. Техническое открытие центра запланировано на IV квартал 2026 года.",
     [("planned", "trade and integration", "icic.technical-launch", "2026-12-31")]),
    ("kk", "Сауда және интеграция министрі Арман Шаққалиев жиында сөйледі. Министрдің айтуынша, орталықтың техникалық іске қосылуы 2026 жылдың төртінші тоқсанына жоспарланып отыр.",
     [("planned", "shakkaliyev", "icic.technical-launch", "2026-12-31")]),
    ("en", "The technical launch of the center is planned for the fourth quarter of 2026, Deputy Minister Kairat Torebayev said.",
     [("planned", "torebayev", "icic.technical-launch", "2026-12-31")]),
]
# 5. chambers ratify, an investor is selected, an operator company is created: completed
DONE = [
    ("en", "Kazakhstan's Senate ratified the agreement on the center on Thursday.",
     [("completed", "senate", "icic.ratification.kz-senate", "2026-03-05")]),
    ("ru", "Сенат Парламента Казахстана ратифицировал соглашение о центре.",
     [("completed", "senate", "icic.ratification.kz-senate", None)]),
    ("ru", "По итогам тендера определен инвестор центра.",
     [("completed", None, "icic.investor-selection", None)]),
]
# 6. hedged plans and investment volumes: planned, with the amount
HEDGED = [
    ("en", "The Asian bank may allocate about $50 million to the center's roads.",
     [("planned", "bank", "allocate", None)]),
    ("ru", "Инвестиции в центр составят 27 млрд тенге.", [("planned", None, "invest", None)]),
    ("uz-Latn", "Bank markaz yoʻllariga 50 million dollar ajratishi mumkin.", [("planned", "bank", "allocate", None)]),
    ("kk", "Банк орталық жолдарына 50 млн доллар бөлуі мүмкін.", [("planned", "банк", "allocate", None)]),
]
# 7. descriptions, purposes and effects: no commitment
DESCRIPTIONS = [
    ("en", "The center will occupy 100 hectares near the Atameken checkpoint.", []),
    ("en", "The center will become a hub for trade between the two countries.", []),
    ("ru", "Центр станет площадкой для торговли двух стран.", []),
    ("uz-Latn", "Markaz 100 gektar maydonda joylashadi.", []),
    ("kk", "Орталық 100 гектар аумақта орналасады.", []),
]
# 8. past events with a date: an event date, never a deadline
PAST = [
    ("en", "The agreement on the center was signed in Tashkent on 22 December 2022.",
     [("signed", None, "agreement", "2022-12-22")]),
    ("ru", "Соглашение о создании центра было подписано в Ташкенте 22 декабря 2022 года.",
     [("signed", None, "agreement", "2022-12-22")]),
]
# 9. parties for words that stand for them
PARTIES = [
    ("ru", "Касым-Жомарт Токаев и Шавкат Мирзиёев провели переговоры. Касым-Жомарт Токаев поблагодарил Шавката Мирзиёева. Стороны подписали соглашение о торговле.",
     [("signed", "tokayev", "agreement", None)]),
    ("kk", "Қасым-Жомарт Тоқаев пен Шавкат Мирзиёев «Орталық Азия» орталығын іске қосты.",
     [("completed", "tokayev", "icic.launch", None)]),
    ("uz-Latn", "Shavkat Mirziyoyev va Qasim-Jomart Toqayev markaz faoliyatini ishga tushirdi.",
     [("completed", "mirziyoyev", "icic.launch", None)]),
    ("uz-Cyrl", "Шавкат Мирзиёев ва Қосим-Жомарт Тўқаев марказ фаолиятини ишга туширди.",
     [("completed", "mirziyoyev", "icic.launch", None)]),
]
# the trade target, in every language
TRADE = [
    ("ru", "Стороны намерены довести товарооборот до $10 млрд к 2030 году.",
     [("planned", None, "kz-uz.trade-target", "2030-12-31")]),
    ("kk", "Тараптар тауар айналымын 2030 жылға дейін 10 млрд долларға жеткізуді мақсат етті.",
     [("planned", None, "kz-uz.trade-target", "2030-12-31")]),
    ("uz-Latn", "Tomonlar 2030-yilga qadar tovar aylanmasini 10 milliard dollarga yetkazishni maqsad qilgan.",
     [("planned", None, "kz-uz.trade-target", "2030-12-31")]),
    ("uz-Cyrl", "Томонлар 2030 йилгача товар айирбошлаш ҳажмини 10 миллиард долларга етказишни мақсад қилган.",
     [("planned", None, "kz-uz.trade-target", "2030-12-31")]),
    ("en", "The two countries plan to raise bilateral trade to $10 billion by 2030.",
     [("planned", None, "kz-uz.trade-target", "2030-12-31")]),
]

# 10. steps of kinds the lexicon names beyond building and signing: reconstruct, spend, export, hold an
# event, complete works, train staff, grant benefits, set up a body, launch a system
KINDS = [
    ("ru", "Реконструкцию пункта пропуска планируется завершить к концу 2026 года.",
     [("planned", None, "checkpoint", "2026-12-31")]),
    ("uz-Latn", "Chegara postini 2026-yilgacha rekonstruksiya qilish rejalashtirilgan.",
     [("planned", None, "reconstruction", "2026-12-31")]),
    ("uz-Latn", "Ushbu ishlarga 2027-yilgacha 3 trillion soʻm sarflanishi rejalashtirilgan.",
     [("planned", None, "spend", "2027-12-31")]),
    ("kk", "Өнімнің жартысын 2027 жылдан бастап экспорттау жоспарланған.",
     [("planned", None, "export", "2027-12-31")]),
    ("uz-Cyrl", "Тақдимот март ойида Тошкентда ўтказилиши режалаштирилган.",
     [("planned", None, "event", "2026-03-31")]),
    ("en", "The company aims to finish the works by the end of next year.",
     [("planned", "company", "completion", "2027-12-31")]),
    ("kk", "Биыл 600 адамды қайта даярлау мақсат етілді.", [("planned", None, "training", "2026-12-31")]),
    ("uz-Cyrl", "Йиғилишда резидентлар учун солиқ имтиёзлари рўйхати маъқулланди.",
     [("agreed", None, "benefits", None)]),
    ("uz-Latn", "Ratifikatsiyadan soʻng markazning boshqaruv kengashini tuzish boʻyicha kelishib olindi.",
     [("agreed", None, "board", None)]),
    ("en", "The tracking system should be fully operational by the end of 2026, the committee said.",
     [("planned", "committee", "system", "2026-12-31")]),
]

CLASSES = {"kinds": KINDS, "one-step-two-dates": ONE_STEP_TWO_DATES, "two-steps": TWO_STEPS, "headline": HEADLINES, "impersonal": IMPERSONAL, "done": DONE,
           "hedged": HEDGED, "description": DESCRIPTIONS, "past": PAST, "parties": PARTIES, "trade": TRADE}
