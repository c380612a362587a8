"""Sentences written for the ways real news names who takes a step (issue 10), in every language
and script: (lang, text, checks), each check (evidence words, parties, not) for the commitment
whose evidence holds `evidence words`: its actor names each of `parties` (a part of a name, any
script) and no more parties than those, and none of `not`.
"""
from __future__ import annotations

PUB = "2026-03-10"

# 1. a pact "between X and Y": its parties, not a name inside the pact's subject
BETWEEN = [
    ("ru", "На встрече достигнута договоренность о сотрудничестве между Министерством энергетики Казахстана "
           "и Агентством по инвестициям Узбекистана.",
     [("договоренность", ["министерств", "агентств"], [])]),
    ("en", "A memorandum was signed between the Turkestan regional akimat and the Syrdarya regional khokimiyat "
           "on joint tourist routes.",
     [("memorandum", ["turkestan", "syrdarya"], [])]),
    ("kk", "«Artel» компаниясы мен «Qazaq Textile» ЖШС арасында ынтымақтастық туралы меморандумға қол қойылды.",
     [("меморандум", ["artel", "qazaq textile"], [])]),
    ("uz-Latn", "«Artel» kompaniyasi va «Qazaq Textile» MChJ oʻrtasida hamkorlik toʻgʻrisida shartnoma imzolandi.",
     [("shartnoma", ["artel", "qazaq textile"], [])]),
    ("uz-Cyrl", "«Artel» компанияси ва «Qazaq Textile» МЧЖ ўртасида ҳамкорлик тўғрисида шартнома имзоланди.",
     [("шартнома", ["artel", "qazaq textile"], [])]),
    # exchanges between universities are the object of the agreement, not its parties
    ("ru", "Министр образования Казахстана Ерлан Сагадиев и министр высшего образования Узбекистана Конгратбай "
           "Шарипов провели переговоры в Ташкенте. Достигнута договоренность расширить обмены между вузами и "
           "колледжами двух стран.",
     [("обмены", ["сагадиев", "шарипов"], ["вуз"])]),
]

# 2. the parties of a talk: the two people met last, a title standing for the person it introduced
TALKS = [
    ("ru", "Посол Казахстана Ержан Нурланов посетил Гулистан. На встрече с хокимом области Азизом Рахимовым "
           "обсуждались совместные проекты в торговле, сельском хозяйстве и туризме, а также поставки овощей и "
           "фруктов в приграничные районы. Стороны отметили рост товарооборота между регионами за последние годы "
           "и интерес бизнеса к новым маршрутам. Участники также обсудили подготовку кадров для предприятий и "
           "обмен опытом между аграрными колледжами. По итогам встречи достигнута договоренность провести в мае "
           "совместный бизнес-форум.",
     [("бизнес-форум", ["нурланов", "рахимов"], [])]),
    ("ru", "Посол Казахстана Ержан Нурланов посетил Гулистан. Он встретился с хокимом области Азизом Рахимовым. "
           "Позже посол Казахстана побеседовал с директором технопарка Аскаром Бекетовым. "
           "Стороны договорились открыть в июне выставку продукции технопарка.",
     [("выставку", ["нурланов", "бекетов"], ["рахимов"])]),
    ("en", "Uzbekistan's ambassador Dilshod Akhmedov visited Shymkent on Tuesday. He met regional akim Nurlan "
           "Seitov. Later the ambassador held talks with the technopark's director Marat Abenov. "
           "The sides agreed to organise a trade fair in June.",
     [("trade fair", ["akhmedov", "abenov"], ["seitov"])]),
    ("kk", "Өзбекстан елшісі Дилшод Ахмедов Шымкентке келді. Ол облыс әкімі Нұрлан Сейітовпен кездесті. "
           "Тараптар маусымда сауда жәрмеңкесін өткізуге келісті.",
     [("жәрмеңке", ["ахмедов", "сейітов"], [])]),
    ("uz-Latn", "Qozogʻiston elchisi Yerzhan Nurlanov Guliston shahriga tashrif buyurdi. U viloyat hokimi Aziz "
                "Rahimov bilan uchrashdi. Tomonlar may oyida biznes-forum oʻtkazishga kelishib oldi.",
     [("forum", ["nurlanov", "rahimov"], [])]),
    ("uz-Cyrl", "Қозоғистон элчиси Ержан Нурланов Гулистон шаҳрига ташриф буюрди. У вилоят ҳокими Азиз "
                "Раҳимов билан учрашди. Томонлар май ойида бизнес-форум ўтказишга келишиб олди.",
     [("форум", ["нурланов", "раҳимов"], [])]),
]

# 3. a relative pronoun stands for the people it follows
RELATIVE = [
    ("ru", "На церемонии выступили председатель правления компании «Арай» Самат Оспанов и директор завода "
           "Игорь Ким, которые пообещали запустить новую линию до конца 2026 года.",
     [("линию", ["оспанов", "ким"], [])]),
    ("en", "The ceremony was attended by Artel's chief executive Timur Aliev, who promised to open the plant "
           "by the end of 2026.",
     [("plant", ["aliev"], [])]),
]

# 4. those taking part in a step told without a subject
TAKING_PART = [
    ("ru", "На площадке создается логистический хаб с участием турецких инвесторов. "
           "Здесь планируется открыть склады к 2027 году.",
     [("склады", ["инвестор"], [])]),
    ("en", "A logistics hub is being created on the site with the participation of Turkish investors. "
           "Warehouses are planned to open there by 2027.",
     [("Warehouses", ["investor"], [])]),
    ("kk", "Алаңда түрік инвесторларының қатысуымен логистикалық хаб құрылуда. "
           "Қоймаларды 2027 жылға дейін ашу жоспарланған.",
     [("Қоймаларды", ["инвестор"], [])]),
    ("uz-Latn", "Maydonda turk investorlari ishtirokida logistika xabi barpo etilmoqda. "
                "Omborlarni 2027-yilgacha ochish rejalashtirilgan.",
     [("Omborlarni", ["investor"], [])]),
]

# 5. "the investor", "the company": the company named before, never the ministry named since
FIRMS = [
    ("en", "Kazakh developer Silk Build LLP will finance the access roads. The Ministry of Energy approved the "
           "grid plan on Monday. The investor will also build a hotel by 2027.",
     [("hotel", ["silk build"], ["energy"])]),
    ("ru", "ТОО «Жибек Курылыс» профинансирует строительство дорог. Министерство энергетики одобрило план "
           "подключения к сетям. Инвестор также построит гостиницу к 2027 году.",
     [("гостиницу", ["жибек"], ["энерг"])]),
]

# 6. the steps a signed document holds: its parties, not the center the project stands in
DOCUMENT_STEPS = [
    ("uz-Cyrl", "«Artel» компанияси ва «Qazaq Textile» МЧЖ ўртасида меморандум имзоланди. Бу марказдаги биринчи "
                "лойиҳадир. Корхона 2026 йилда ишга туширилиши режалаштирилган.",
     [("Корхона", ["artel", "qazaq textile"], ["industrial cooperation"])]),
    ("uz-Latn", "«Artel» kompaniyasi va «Qazaq Textile» MChJ oʻrtasida memorandum imzolandi. Bu markazdagi birinchi "
                "loyihadir. Korxona 2026-yilda ishga tushirilishi rejalashtirilgan.",
     [("Korxona", ["artel", "qazaq textile"], ["industrial cooperation"])]),
    ("kk", "«Artel» компаниясы мен «Qazaq Textile» ЖШС арасында меморандумға қол қойылды. Бұл орталықтағы "
           "алғашқы жоба. Кәсіпорынды 2026 жылы іске қосу жоспарланған.",
     [("Кәсіпорынды", ["artel", "qazaq textile"], ["industrial cooperation"])]),
    ("ru", "Компания «Артель» и ТОО «Казак Текстиль» подписали меморандум. Это первый проект такого рода в "
           "регионе. Запуск предприятия запланирован на 2026 год.",
     [("Запуск", ["артел", "казак текстил"], [])]),
]

# 7. a step told without a subject after a sentence whose subject is the center
AFTER_CENTER = [
    ("ru", "Международный центр промышленной кооперации «Центральная Азия» станет крупной площадкой для "
           "логистики. К 2027 году планируется запустить там 60 проектов.",
     [("60 проектов", ["industrial cooperation"], [])]),
    ("ru", "В области создается индустриальный парк на территории Международного центра промышленной кооперации "
           "«Центральная Азия» с участием китайских инвесторов. Здесь планируется открыть заводы к 2027 году.",
     [("заводы", ["инвестор"], ["industrial cooperation"])]),
]

# 8. Kazakh and Uzbek: a body named by its kind in the nominative, with what qualifies it, is the
# subject, not the country or place that qualifies it
BODIES = [
    ("kk", "АСТАНА, 4 наурыз — Парламент Сенаты Қазақстан мен Қырғызстан арасындағы келісімді ратификациялады.",
     [("ратификациялады", ["senate"], ["қырғыз"])]),
    ("kk", "Шымкент қаласының әкімдігі 2027 жылға дейін жаңа автобус бағыттарын ашуды жоспарлап отыр.",
     [("бағыттарын", ["әкімдіг"], [])]),
    ("uz-Latn", "Navoiy viloyati hokimligi 2027-yilgacha 30 ta yangi mehmonxona qurishni rejalashtirgan.",
     [("mehmonxona", ["hokimlig"], [])]),
    ("uz-Cyrl", "Наманган вилояти ҳокимлиги 2027 йилгача 30 та янги меҳмонхона қуришни режалаштирган.",
     [("меҳмонхона", ["ҳокимлиг"], [])]),
    ("uz-Cyrl", "Лойиҳа қиймати 40 миллион долларни ташкил этади ва корхона 2027 йилда ишга туширилиши режалаштирилган.",
     [("корхона", [], ["этади"])]),
]

# 9. Kazakh and Uzbek: a country that only qualifies an oblique noun, or a list ending in one, is no subject
COUNTRY_MODIFIERS = [
    ("kk", "«Береке Агро» ЖШС зауыт салды. Өнімнің жартысын Қырғызстан және Ресей нарықтарына экспорттау жоспарланған.",
     [("экспорттау", ["береке"], ["ресей", "қырғыз"])]),
    ("uz-Cyrl", "«Бахт Агро» МЧЖ завод қурди. Маҳсулотнинг катта қисми Қирғизистон ва Тожикистонга экспорт қилиниши "
                "режалаштирилган.",
     [("экспорт", ["бахт"], ["қирғиз", "тожик"])]),
]

# 10. the center as the place of a step, not its actor
CENTER_AS_PLACE = [
    ("uz-Latn", "Oʻtgan hafta markaz hududida 35 kilovoltli podstansiya ishga tushirildi.",
     [("podstansiya", [], ["industrial cooperation"])]),
    ("kk", "Өткен айда орталық аумағында қойма ғимаратының қаңқасы толық тұрғызылды.",
     [("қойма", [], ["industrial cooperation"])]),
]

# 11. "the heads of state" the article does not name: as written, not the people it names
UNNAMED_LEADERS = [
    ("uz-Cyrl", "Вилоят ҳокими ўринбосари Акмал Раҳимов маълумот берди. Расмий очилиш маросими 2027 йилнинг биринчи "
                "ярмида икки давлат раҳбарлари иштирокида ўтказилиши кутилмоқда.",
     [("очилиш", ["раҳбарлари"], ["раҳимов"])]),
]

# 12. a pact made "with" someone: both are its parties (but a chamber ratifying a pact with a country
# is the chamber alone)
PACT_PARTNERS = [
    ("ru", "Мажилис ратифицировал соглашение с Узбекистаном о создании центра.",
     [("ратифицировал", ["мажилис"], ["узбек"])]),
    ("en", "Kazakhstan signed an agreement with China on a new railway.",
     [("railway", ["kazakhstan", "china"], [])]),
    ("ru", "Казахстан подписал соглашение с Китаем о строительстве новой дороги.",
     [("соглашение", ["kazakhstan", "china"], [])]),
    ("uz-Latn", "«Artel» kompaniyasi «TCL gr.» bilan zavod qurish boʻyicha kelishuv imzoladi.",
     [("kelishuv", ["artel", "tcl"], [])]),
    ("uz-Cyrl", "«Artel» компанияси «TCL gr.» билан завод қуриш бўйича келишув имзолади.",
     [("келишув", ["artel", "tcl"], [])]),
    ("kk", "«Береке» ЖШС «TCL gr.» компаниясымен зауыт салу туралы келісімге қол қойды.",
     [("келісімге", ["береке", "tcl"], [])]),
]

# 13. a subject that is a body named by what it is and where it serves, not the place alone
SUBJECT_PHRASES = [
    ("en", "The customs services of Kazakhstan and Uzbekistan signed a protocol on joint control of goods.",
     [("protocol", ["customs services of kazakhstan", "uzbekistan"], [])]),
    ("en", "The Turkestan regional administration will build a new access road by 2027.",
     [("road", ["regional administration"], [])]),
    ("ru", "Таможенные службы Казахстана и Узбекистана подписали протокол о совместном контроле грузов.",
     [("протокол", ["таможенные службы казахстана и узбекистана"], [])]),
    ("en", "A Chinese-Kazakh joint venture signed an agreement on Tuesday to build a glass-fibre plant.",
     [("glass-fibre", ["joint venture"], [])]),
]

# 14. a body that says it: "…, the committee said", "Әуежай әкімшілігінің хабарлауынша", "Viloyat hokimligining
# maʼlumotlariga koʻra"
SOURCES = [
    ("en", "The tracking system should be fully operational by the end of 2026, the customs committee said.",
     [("tracking system", ["customs committee"], [])]),
    ("kk", "Әуежай әкімшілігінің хабарлауынша, терминалды 2028 жылдың бірінші тоқсанында пайдалануға беру жоспарланған.",
     [("терминалды", ["әкімшілігі"], [])]),
    ("uz-Latn", "Viloyat hokimligining maʼlumotlariga koʻra, yoʻl 2027-yilgacha qurib bitkaziladi.",
     [("yoʻl", ["hokimligi"], [])]),
    ("uz-Cyrl", "Вилоят ҳокимлигининг маълумотларига кўра, йўл 2027 йилгача қуриб битказилади.",
     [("йўл", ["ҳокимлиги"], [])]),
]

# 15. Russian "в X заверили", "пояснили в компании", and a quote whose speaker is named where it closes
SAID_AT = [
    ("ru", "В ТОО «Жибек Курылыс» заверили, что дорогу построят до конца 2026 года.",
     [("дорогу", ["жибек"], [])]),
    ("ru", "В министерстве энергетики сообщили, что подстанцию построят к 2027 году.",
     [("подстанцию", ["министерство энергетики"], [])]),
    ("ru", "Поставщик задержал отгрузку сканеров. В ТОО «Жибек Курылыс» заверили, что это не повлияет на график. "
           "«Мы уже оплатили поставку. Запуск терминала по-прежнему ожидается в четвертом квартале 2026 года», — "
           "пояснили в компании.",
     [("Мы уже оплатили", ["жибек"], []), ("Запуск терминала", ["жибек"], [])]),
]

# 16. a step told with no party at all, far from any other: the body the article names as responsible
RESPONSIBLE = [
    ("ru", "Министерство энергетики Казахстана отвечает за подключение площадки к сетям.\n\n"
           "Площадка лежит в степи у реки. Летом здесь жарко и сухо, зимой дуют сильные ветры, а весной степь "
           "ненадолго зеленеет. Ближайшее село стоит в двенадцати километрах, к нему ведет грунтовая дорога, "
           "вдоль которой тянутся хлопковые поля. По вечерам над полями кружат стаи скворцов.\n\n"
           "Подстанцию планируется ввести весной 2027 года.",
     [("Подстанцию", ["energ"], [])]),
    ("en", "The Ministry of Energy is responsible for connecting the site to the grid.\n\n"
           "The site lies in the steppe by a river. Summers here are hot and dry, winter brings strong winds, and "
           "in spring the steppe turns green for a few weeks. The nearest village is twelve kilometres away, along "
           "a dirt road lined with cotton fields. In the evenings flocks of starlings circle above them.\n\n"
           "The substation is planned to open in spring 2027.",
     [("substation", ["energy"], [])]),
    ("kk", "Энергетика министрлігі алаңды желіге қосуға жауапты.\n\n"
           "Алаң өзен жағасындағы далада орналасқан. Жазда мұнда ыстық әрі құрғақ, қыста қатты жел соғады, ал "
           "көктемде дала бірнеше аптаға жасылданады. Ең жақын ауыл он екі шақырым жерде, оған мақта алқаптарының "
           "бойымен қара жол апарады. Кешке алқаптардың үстінде қараторғай топтары айналады.\n\n"
           "Қосалқы станцияны 2027 жылдың көктемінде іске қосу жоспарланған.",
     [("Қосалқы", ["энергетика"], [])]),
    ("uz-Latn", "Energetika vazirligi maydonni tarmoqqa ulashga masʼul.\n\n"
                "Maydon daryo boʻyidagi dashtda joylashgan. Yozda bu yerda issiq va quruq, qishda kuchli shamol "
                "esadi, bahorda esa dasht bir necha haftaga yashillanadi. Eng yaqin qishloq oʻn ikki kilometr "
                "narida, unga paxta dalalari boʻylab tuproq yoʻl olib boradi. Kechqurun dalalar ustida "
                "chugʻurchiqlar galasi aylanadi.\n\n"
                "Podstansiyani 2027-yil bahorida ishga tushirish rejalashtirilgan.",
     [("Podstansiyani", ["energetika"], [])]),
]

CLASSES = {"between": BETWEEN, "talks": TALKS, "relative": RELATIVE, "taking-part": TAKING_PART,
           "firms": FIRMS, "document-steps": DOCUMENT_STEPS, "after-center": AFTER_CENTER, "bodies": BODIES,
           "country-modifiers": COUNTRY_MODIFIERS, "center-as-place": CENTER_AS_PLACE,
           "unnamed-leaders": UNNAMED_LEADERS, "pact-partners": PACT_PARTNERS, "subject-phrases": SUBJECT_PHRASES,
           "sources": SOURCES, "said-at": SAID_AT, "responsible": RESPONSIBLE}

# Where a step happens is not what it is about: the zone a plant is built in is no object of the step
# (lang, text, the name the step's object must not be)
PLACES = [
    ("en", "A joint venture will build a glass plant in the Turan special economic zone by 2027.", "turan"),
    ("ru", "Совместное предприятие построит стекольный завод в специальной экономической зоне «Туран» к 2027 году.",
     "turan"),
    ("kk", "Бірлескен кәсіпорын 2027 жылға дейін «Тұран» арнайы экономикалық аймағында шыны зауытын салады.", "turan"),
    ("uz-Latn", "Qoʻshma korxona 2027-yilgacha «Jizzax» erkin iqtisodiy zonasida shisha zavodi quradi.", "jizzax"),
    ("uz-Cyrl", "Қўшма корхона 2027 йилгача «Жиззах» эркин иқтисодий зонасида шиша заводи қуради.", "jizzax"),
]
