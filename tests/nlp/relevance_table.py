"""The relevance table: sentences and short articles in every language and script, written for
this project (facts such as the 100 hectares, Atameken, Gulistan and Maktaaral are real; the
stories are not).

Sentences are (class, names the center?, text); articles are (class, expected label, text).
Classes: name, head (another head noun), middle (another middle, any order), quoted (only the
quoted «Central Asia» with industrial words), parts, place (place and people), people, second
(the center as the second story), turan-parent (the center with Turan named as its parent zone);
near misses: khorgos, turan, turan-passing, park (other industrial parks of Turkestan region),
trade, checkpoint, region, other.  The Uzbek Cyrillic rows are the Uzbek Latin ones
transliterated, a few rewritten.

A sentence names the center when, as the headline of an article whose body says nothing, it
makes the article "about" the center.

    .venv/bin/python -m tests.nlp.relevance_table      # accuracy per language and class
"""
from __future__ import annotations

import collections
import sys

RU_SENTENCES = [
    # the center under other heads
    ("head", True, "Комплекс «Центральная Азия» на казахстанско-узбекской границе примет первых арендаторов весной."),
    ("head", True, "Международный хаб промышленной кооперации «Центральная Азия» получил новый таможенный терминал."),
    ("head", True, "На площадке международной зоны промышленной кооперации «Центральная Азия» закончили укладку дорог."),
    ("head", True, "Строители сдали второй корпус международного комплекса промышленной кооперации."),
    ("head", True, "Платформа промышленной кооперации «Центральная Азия» объединит заводы двух стран."),
    ("head", True, "В хабе «Центральная Азия» открылся первый склад-холодильник."),
    # other middles, any order
    ("middle", True, "Международный центр сотрудничества «Центральная Азия» откроет двери для инвесторов в 2027 году."),
    ("middle", True, "Центр торгово-экономического сотрудничества «Центральная Азия» расположится у пункта пропуска."),
    ("middle", True, "Работы в центре партнёрства «Центральная Азия» идут по графику."),
    ("middle", True, "«Центральная Азия» — международный центр промышленного сотрудничества двух республик — растёт."),
    ("middle", True, "Центр международного промышленного сотрудничества «Центральная Азия» выдал первые разрешения."),
    ("middle", True, "Создание международного центра кооперации «Центральная Азия» обсудили в Ташкенте."),
    ("middle", True, "Центр приграничного сотрудничества «Центральная Азия» будет работать без виз."),
    # only the quoted name with industrial words
    ("quoted", True, "На территории «Центральной Азии» уже работают три завода."),
    ("quoted", True, "Резиденты «Центральной Азии» получат налоговые льготы на десять лет."),
    ("quoted", True, "Производство стройматериалов в «Центральной Азии» запустят летом."),
    # its parts
    ("parts", True, "Казахстанская часть центра займёт 100 гектаров."),
    ("parts", True, "Первая очередь МЦПК будет введена до конца года."),
    ("parts", True, "Индустриальный парк на территории центра построит инвестор из Турции."),
    ("parts", True, "Узбекская часть комплекса «Центральная Азия» будет готова позже казахстанской."),
    ("parts", True, "Первые резиденты центра промышленной кооперации уже завезли оборудование."),
    # its place and people
    ("place", True, "На площадке в 100 гектаров у пункта пропуска «Атамекен» возводят склады."),
    ("place", True, "ТОО «TCL gr.» вложило в объект у границы ещё 20 млрд тенге."),
    ("place", True, "Участок у «Атамекена» в Мактааральском районе отдан под промышленное строительство."),
    ("place", True, "Инвестор проекта, TCL gr., завершил строительство административного здания."),
    # names and acronyms, inflected
    ("name", True, "Делегация осмотрела стройку ЦМПК."),
    ("name", True, "В МЦПК «Центральная Азия» зарегистрировано 40 компаний."),
    ("name", True, "Международному центру промышленной кооперации выделили ещё два участка."),
    # near misses and other news
    ("khorgos", False, "Международный центр приграничного сотрудничества «Хоргос» принял рекордное число гостей."),
    ("khorgos", False, "МЦПС «Хоргос» расширит беспошлинную зону."),
    ("khorgos", False, "Центр «Хоргос» стал популярным у туристов из Алматы."),
    ("turan", False, "СЭЗ «Туран» одобрила три новых проекта."),
    ("turan", False, "В специальной экономической зоне «Туран» построят завод стекловолокна."),
    ("park", False, "Индустриальная зона «Оңтүстік» в Шымкенте получила новых участников."),
    ("park", False, "Индустриальный парк под Туркестаном расширят на 50 гектаров."),
    ("trade", False, "Товарооборот Казахстана и Узбекистана за полгода вырос на 12 процентов."),
    ("trade", False, "Через пункт пропуска «Атамекен» за сутки проходит тысяча грузовиков."),
    ("trade", False, "Пункт пропуска «Атамекен» в Мактааральском районе закрыли на ремонт."),
    ("other", False, "Центр обслуживания населения в Мактаарале переехал в новое здание."),
    ("other", False, "Страны Центральной Азии обсудили водную повестку."),
    ("other", False, "Международный центр торговли в Ташкенте провёл выставку."),
    ("other", False, "Центр приграничного сотрудничества на казахстанско-кыргызской границе откроется в 2028 году."),
    ("other", False, "Форум «Центральная Азия — Китай» прошёл в Астане."),
    ("other", False, "Сотрудничество стран Центральной Азии в промышленности растёт."),
]

RU_ARTICLES = [
    ("name", "about", "МЦПК «Центральная Азия» достроит таможенный терминал к осени\n\n"
     "АСТАНА, 4 мая — Подрядчик ускорил работы на терминале. Первые грузовики пройдут его в сентябре.\n\n"
     "Стоимость терминала — 9 млрд тенге."),
    ("head", "about", "Комплекс «Центральная Азия» получил первых арендаторов\n\n"
     "Десять компаний подписали договоры аренды складов. Ещё пять ведут переговоры.\n\n"
     "Комплекс строится на границе Казахстана и Узбекистана."),
    ("middle", "about", "Границу ждёт новый поток грузов\n\n"
     "Международный центр торгово-экономического сотрудничества «Центральная Азия» начнёт работу в 2027 году, "
     "сообщили в министерстве. Центр разместит склады и выставочные залы.\n\n"
     "Пропускать в него будут без виз."),
    ("quoted", "about", "В «Центральной Азии» запустят первый завод\n\n"
     "Производство кабеля откроется на территории «Центральной Азии» в марте. Инвестиции составят 12 млн долларов.\n\n"
     "Завод даст работу 200 жителям района."),
    ("parts", "about", "Казахстанская часть центра готова на 80 процентов\n\n"
     "МАКТААРАЛ, 3 июня — Строители закончили административное здание и дороги. "
     "Первая очередь центра будет сдана в декабре.\n\nРезиденты центра смогут въехать весной."),
    ("place", "about", "На 100 гектарах у «Атамекена» вырастут склады и цеха\n\n"
     "Площадка в 100 гектаров у пункта пропуска «Атамекен» почти готова к приёму арендаторов. "
     "Инженерные сети подведут к лету.\n\nТОО «TCL gr.» уже вложило в площадку 120 млрд тенге."),
    ("people", "about", "TCL gr. отчитался о стройке у границы\n\n"
     "Инвестор ТОО «TCL gr.» закончил таможенный терминал и приступил к складам. "
     "До конца года компания вложит ещё 15 млрд тенге.\n\nРаботы ведутся в Мактааральском районе."),
    ("second", "about", "Президенты обсудили воду и энергетику\n\n"
     "ТАШКЕНТ, 12 мая — Лидеры двух стран встретились в Ташкенте и обсудили водные ресурсы.\n\n"
     "Отдельно стороны договорились ускорить запуск Международного центра промышленной кооперации «Центральная Азия». "
     "Центр должен заработать в первом полугодии 2027 года, а на его строительство выделят ещё 30 млрд тенге.\n\n"
     "Также обсуждались поставки зерна."),
    ("name", "about", "ЦМПК: стройка идёт по графику\n\n"
     "На объекте работают 600 человек. Центр получил электричество.\n\nКомплекс будет открыт в 2027 году."),
    ("turan-parent", "about", "Центр промышленной кооперации на границе зарегистрировал 40 компаний\n\n"
     "Международный центр промышленной кооперации «Центральная Азия», входящий в СЭЗ «Туран», "
     "зарегистрировал 40 резидентов.\n\nЦентр ожидает ещё двадцать заявок."),
    ("parts", "about", "Индустриальный парк на территории центра примет текстильщиков\n\n"
     "В индустриальном парке МЦПК откроют три швейные фабрики. Резиденты центра получат льготы.\n\n"
     "Первая фабрика заработает осенью."),
    ("middle", "about", "Международный центр сотрудничества «Центральная Азия» выбрал оператора\n\n"
     "Оператором центра станет совместная компания двух стран. Она займётся арендой и логистикой."),
    ("trade", "related", "Товарооборот с Узбекистаном вырос\n\n"
     "АСТАНА, 2 мая — Товарооборот двух стран за квартал вырос на 10 процентов.\n\n"
     "Экспорт зерна остаётся главной статьёй.\n\nРастут поставки металлов.\n\n"
     "Импорт фруктов увеличился вдвое.\n\n"
     "В будущем торговле поможет Международный центр промышленной кооперации."),
    ("turan-passing", "related", "СЭЗ «Туран» привлекла пять проектов\n\n"
     "ТУРКЕСТАН, 6 мая — Специальная экономическая зона «Туран» подписала соглашения на 40 млрд тенге.\n\n"
     "Среди проектов — завод стекла и цементный завод.\n\n"
     "В зону входит и МЦПК «Центральная Азия» на границе."),
    ("checkpoint", "related", "«Атамекен» начнёт работать круглосуточно\n\n"
     "Пункт пропуска «Атамекен» перейдёт на круглосуточный режим с июня. Очереди сократятся."),
    ("checkpoint", "related", "КПП на узбекской границе обновят\n\n"
     "МАКТААРАЛ, 9 апреля — Пункт пропуска «Атамекен» реконструируют за 18 млрд тенге.\n\n"
     "Установят сканеры и весы.\n\nРядом строится Международный центр промышленной кооперации, поэтому поток машин вырастет."),
    ("region", "related", "В Мактааральском районе собрали хлопок\n\n"
     "Аграрии Мактааральского района собрали 200 тысяч тонн хлопка-сырца. Урожай выше прошлогоднего."),
    ("khorgos", "none", "«Хоргос» принял миллион туристов\n\n"
     "ЖАРКЕНТ, 3 апреля — Международный центр приграничного сотрудничества «Хоргос» принял миллион посетителей. "
     "Центр «Хоргос» расширит торговые площади."),
    ("turan", "none", "СЭЗ «Туран» построит цементный завод\n\n"
     "Специальная экономическая зона «Туран» подписала соглашение о цементном заводе. Зона выделит 20 гектаров."),
    ("park", "none", "Индустриальная зона «Оңтүстік» расширится\n\n"
     "Индустриальная зона «Оңтүстік» в Шымкенте получит ещё 50 гектаров. Индустриальный парк разместит пять заводов."),
    ("other", "none", "Погода на выходные\n\nВ Алматы ожидаются дожди. В Астане похолодает."),
]

EN_SENTENCES = [
    ("head", True, "The Central Asia industrial cooperation hub will open its customs terminal in September."),
    ("head", True, "Work on the international industrial cooperation complex on the Kazakh-Uzbek border is half done."),
    ("head", True, "The \"Central Asia\" zone will host textile and food plants."),
    ("head", True, "A second warehouse opened at the International Industrial Cooperation Zone \"Central Asia\"."),
    ("head", True, "The 'Central Asia' platform for industrial cooperation signed up ten tenants."),
    ("head", True, "Trucks queued outside the Central Asia International Industrial Cooperation Hub."),
    ("middle", True, "The International Center for Trade and Economic Cooperation \"Central Asia\" will be visa-free."),
    ("middle", True, "The Central Asia International Cooperation Center named its first operator."),
    ("middle", True, "Investors toured the International Partnership Center \"Central Asia\" on Friday."),
    ("middle", True, "The International Centre for Industrial Collaboration \"Central Asia\" expects 40 residents."),
    ("middle", True, "Officials inspected the international industrial cooperation centre near the border."),
    ("middle", True, "The International Center for Boundary Cooperation \"Central Asia\" will sit between two checkpoints."),
    ("middle", True, "Uzbekistan finished roads to the Central Asia cross-border cooperation center."),
    ("quoted", True, "Three factories already operate on the territory of \"Central Asia\"."),
    ("quoted", True, "Residents of “Central Asia” will pay no land tax for ten years."),
    ("quoted", True, "Production of cables at \"Central Asia\" starts in March."),
    ("parts", True, "The Kazakh part of the center will cover 100 hectares."),
    ("parts", True, "The first stage of the ICIC is due by the end of the year."),
    ("parts", True, "An industrial park inside the center will be built by a Turkish investor."),
    ("parts", True, "The Uzbek section of the \"Central Asia\" complex will open later than the Kazakh one."),
    ("parts", True, "The first residents of the industrial cooperation center have moved in their machines."),
    ("place", True, "Warehouses are rising on the 100-hectare site at the Atameken checkpoint."),
    ("place", True, "TCL gr. LLP put another 20 billion tenge into the project."),
    ("place", True, "A plot by Atameken in Maktaaral district has been set aside for industrial construction."),
    ("place", True, "The investor, TCL gr., has finished the administrative building."),
    ("name", True, "A delegation visited the ICIC construction site."),
    ("name", True, "Forty companies have registered with the International Center for Industrial Cooperation."),
    ("name", True, "The ICIC \"Central Asia\" received two more plots."),
    ("khorgos", False, "The Khorgos International Center for Boundary Cooperation welcomed a record number of visitors."),
    ("khorgos", False, "Khorgos will add 50 hectares to its duty-free zone."),
    ("khorgos", False, "The Khorgos dry port sent a thousand containers to Europe."),
    ("turan", False, "The Turan special economic zone approved three new projects."),
    ("turan", False, "A glass-fibre plant will be built in the Turan SEZ."),
    ("park", False, "The Ontustik industrial zone in Shymkent welcomed new participants."),
    ("park", False, "An industrial park near Turkestan will grow by 50 hectares."),
    ("trade", False, "Trade between Kazakhstan and Uzbekistan rose 12 percent in six months."),
    ("trade", False, "A thousand trucks cross the Atameken checkpoint every day."),
    ("trade", False, "The Atameken checkpoint in Maktaaral district closed for repairs."),
    ("other", False, "A public service center in Maktaaral moved to a new building."),
    ("other", False, "Central Asian countries discussed water sharing."),
    ("other", False, "The World Trade Center in Tashkent held an exhibition."),
    ("other", False, "A cross-border cooperation center on the Kazakh-Kyrgyz border will open in 2028."),
    ("other", False, "The Central Asia-China forum took place in Astana."),
    ("other", False, "Industrial cooperation among Central Asian states is growing."),
]

EN_ARTICLES = [
    ("name", "about", "ICIC to finish customs terminal by autumn\n\n"
     "ASTANA, May 4 – The contractor has sped up work on the terminal. The first trucks will pass through it in September.\n\n"
     "The terminal costs 9 billion tenge."),
    ("head", "about", "Central Asia industrial cooperation hub signs first tenants\n\n"
     "Ten companies signed warehouse leases. Five more are in talks.\n\nThe hub is being built on the Kazakh-Uzbek border."),
    ("middle", "about", "New flow of goods expected at the border\n\n"
     "The International Center for Trade and Economic Cooperation \"Central Asia\" will open in 2027, the ministry said. "
     "The center will house warehouses and showrooms.\n\nVisitors will enter without visas."),
    ("quoted", "about", "First factory to open in \"Central Asia\"\n\n"
     "Cable production will start on the territory of \"Central Asia\" in March. Investment totals $12 million.\n\n"
     "The plant will employ 200 people from the district."),
    ("parts", "about", "Kazakh part of the center 80% complete\n\n"
     "MAKTAARAL, June 3 – Builders have finished the administrative building and the roads. "
     "The first stage of the center will be handed over in December.\n\nResidents of the center can move in next spring."),
    ("place", "about", "Warehouses and workshops to rise on 100 hectares at Atameken\n\n"
     "The 100-hectare site at the Atameken checkpoint is almost ready for tenants. Utilities will be connected by summer.\n\n"
     "TCL gr. has already invested 120 billion tenge in the site."),
    ("people", "about", "TCL gr. reports on border construction\n\n"
     "The investor TCL gr. LLP completed the customs terminal and started on the warehouses. "
     "It will invest another 15 billion tenge by the end of the year.\n\nThe works are in Maktaaral district."),
    ("second", "about", "Presidents discuss water and energy\n\n"
     "TASHKENT, May 12 – The two leaders met in Tashkent and discussed water resources.\n\n"
     "They also agreed to speed up the launch of the International Center for Industrial Cooperation \"Central Asia\". "
     "The center should start work in the first half of 2027, and another 30 billion tenge will go to its construction.\n\n"
     "Grain supplies were also discussed."),
    ("name", "about", "ICIC: construction on schedule\n\n"
     "Some 600 people work at the site. The center has been connected to the grid.\n\nThe complex will open in 2027."),
    ("turan-parent", "about", "Border industrial cooperation center registers 40 companies\n\n"
     "The International Center for Industrial Cooperation \"Central Asia\", part of the Turan SEZ, "
     "has registered 40 residents.\n\nThe center expects twenty more applications."),
    ("parts", "about", "Industrial park inside the center to host textile firms\n\n"
     "Three garment factories will open in the ICIC industrial park. Residents of the center get tax breaks.\n\n"
     "The first factory will start in autumn."),
    ("middle", "about", "Central Asia International Cooperation Center picks operator\n\n"
     "A joint company of the two countries will run the center. It will handle leases and logistics."),
    ("trade", "related", "Trade with Uzbekistan grows\n\n"
     "ASTANA, May 2 – Trade between the two countries grew 10 percent in the quarter.\n\n"
     "Grain exports remain the main item.\n\nMetal deliveries are up.\n\nFruit imports doubled.\n\n"
     "The International Center for Industrial Cooperation should help trade in the future."),
    ("turan-passing", "related", "Turan SEZ attracts five projects\n\n"
     "TURKISTAN, May 6 – The Turan special economic zone signed agreements worth 40 billion tenge.\n\n"
     "The projects include a glass plant and a cement plant.\n\n"
     "The zone also includes the ICIC \"Central Asia\" on the border."),
    ("checkpoint", "related", "Atameken to work around the clock\n\n"
     "The Atameken checkpoint will switch to round-the-clock operation from June. Queues should shrink."),
    ("checkpoint", "related", "Checkpoint on the Uzbek border to be upgraded\n\n"
     "MAKTAARAL, April 9 – The Atameken checkpoint will be rebuilt for 18 billion tenge.\n\n"
     "Scanners and scales will be installed.\n\n"
     "An industrial cooperation center is being built nearby, so traffic will grow."),
    ("region", "related", "Maktaaral harvests its cotton\n\n"
     "Farmers in Maktaaral district picked 200,000 tonnes of raw cotton. The harvest beat last year's."),
    ("khorgos", "none", "Khorgos welcomes a million tourists\n\n"
     "ZHARKENT, April 3 – The Khorgos International Center for Boundary Cooperation received a million visitors. "
     "The Khorgos center will expand its shopping space."),
    ("turan", "none", "Turan SEZ to build cement plant\n\n"
     "The Turan special economic zone signed a deal for a cement plant. The zone will allot 20 hectares."),
    ("park", "none", "Ontustik industrial zone to expand\n\n"
     "The Ontustik industrial zone in Shymkent will get another 50 hectares. Its industrial park will house five plants."),
    ("other", "none", "Weekend weather\n\nRain is expected in Almaty. It will turn colder in Astana."),
]

KK_SENTENCES = [
    ("head", True, "«Орталық Азия» кешені көктемде алғашқы жалға алушыларды қабылдайды."),
    ("head", True, "«Орталық Азия» халықаралық өнеркәсіптік кооперация хабы жаңа кеден терминалын алды."),
    ("head", True, "«Орталық Азия» халықаралық өнеркәсіптік кооперация аймағында жолдар салынып бітті."),
    ("head", True, "Құрылысшылар халықаралық өнеркәсіптік кооперация кешенінің екінші ғимаратын тапсырды."),
    ("head", True, "«Орталық Азия» өнеркәсіптік кооперация алаңы екі елдің зауыттарын біріктіреді."),
    ("head", True, "«Орталық Азия» хабында алғашқы тоңазытқыш қойма ашылды."),
    ("middle", True, "«Орталық Азия» халықаралық ынтымақтастық орталығы 2027 жылы инвесторларға есігін ашады."),
    ("middle", True, "«Орталық Азия» сауда-экономикалық ынтымақтастық орталығы өткізу пункті жанында орналасады."),
    ("middle", True, "«Орталық Азия» серіктестік орталығындағы жұмыстар кесте бойынша жүріп жатыр."),
    ("middle", True, "Екі республиканың халықаралық өнеркәсіптік ынтымақтастық орталығы – «Орталық Азия» – өсіп келеді."),
    ("middle", True, "«Орталық Азия» халықаралық кооперация орталығы алғашқы рұқсаттарды берді."),
    ("middle", True, "«Орталық Азия» халықаралық шекара маңы ынтымақтастығы орталығы визасыз жұмыс істейді."),
    ("middle", True, "Ташкентте «Орталық Азия» халықаралық ынтымақтастық кешенін құру талқыланды."),
    ("quoted", True, "«Орталық Азия» аумағында қазірдің өзінде үш зауыт жұмыс істейді."),
    ("quoted", True, "«Орталық Азияның» резиденттері он жылға салық жеңілдігін алады."),
    ("quoted", True, "«Орталық Азияда» құрылыс материалдары өндірісі жазда іске қосылады."),
    ("parts", True, "Орталықтың қазақстандық бөлігі 100 гектар жерді алады."),
    ("parts", True, "ХӨКО-ның бірінші кезеңі жыл соңына дейін пайдалануға беріледі."),
    ("parts", True, "Орталық аумағындағы индустриялық паркті түрік инвесторы салады."),
    ("parts", True, "«Орталық Азия» кешенінің өзбекстандық бөлігі қазақстандық бөліктен кейін дайын болады."),
    ("parts", True, "Өнеркәсіптік кооперация орталығының алғашқы резиденттері жабдықтарын әкелді."),
    ("place", True, "«Атамекен» өткізу пунктінің жанындағы 100 гектарлық алаңда қоймалар салынып жатыр."),
    ("place", True, "«TCL gr.» ЖШС нысанға тағы 20 млрд теңге салды."),
    ("place", True, "Мақтаарал ауданындағы «Атамекен» маңындағы аумақ өнеркәсіптік құрылысқа берілді."),
    ("place", True, "Жобаның инвесторы TCL gr. әкімшілік ғимараттың құрылысын аяқтады."),
    ("name", True, "Делегация ХӨКО құрылысын аралап көрді."),
    ("name", True, "«Орталық Азия» халықаралық өнеркәсіптік кооперация орталығында 40 компания тіркелді."),
    ("name", True, "Халықаралық өнеркәсіптік кооперация орталығына тағы екі учаске бөлінді."),
    ("khorgos", False, "«Қорғас» халықаралық шекара маңы ынтымақтастығы орталығы рекордтық қонақ қабылдады."),
    ("khorgos", False, "«Қорғас» орталығы бажсыз аймағын кеңейтеді."),
    ("khorgos", False, "«Қорғас» шекаралық ынтымақтастық орталығының қазақстандық бөлігінде сауда кешені ашылды."),
    ("turan", False, "«Тұран» арнайы экономикалық аймағы үш жаңа жобаны мақұлдады."),
    ("turan", False, "«Тұран» АЭА-да шыны талшық зауыты салынады."),
    ("park", False, "Шымкенттегі «Оңтүстік» индустриялық аймағына жаңа қатысушылар келді."),
    ("park", False, "Түркістан маңындағы индустриялық парк 50 гектарға кеңейеді."),
    ("trade", False, "Қазақстан мен Өзбекстанның тауар айналымы алты айда 12 пайызға өсті."),
    ("trade", False, "«Атамекен» өткізу пункті арқылы тәулігіне мың жүк көлігі өтеді."),
    ("trade", False, "Мақтаарал ауданындағы «Атамекен» өткізу пункті жөндеуге жабылды."),
    ("other", False, "Мақтааралдағы халыққа қызмет көрсету орталығы жаңа ғимаратқа көшті."),
    ("other", False, "Орталық Азия елдері су мәселесін талқылады."),
    ("other", False, "Ташкенттегі халықаралық сауда орталығы көрме өткізді."),
    ("other", False, "Қазақстан-Қырғызстан шекарасындағы шекаралық ынтымақтастық орталығы 2028 жылы ашылады."),
    ("other", False, "Астанада «Орталық Азия – Қытай» форумы өтті."),
    ("other", False, "Орталық Азия елдерінің өнеркәсіптегі ынтымақтастығы артып келеді."),
]

KK_ARTICLES = [
    ("name", "about", "ХӨКО кеден терминалын күзге қарай салып бітіреді\n\n"
     "АСТАНА, 4 мамыр — Мердігер терминалдағы жұмысты жеделдетті. Алғашқы жүк көліктері қыркүйекте өтеді.\n\n"
     "Терминалдың құны 9 млрд теңге."),
    ("head", "about", "«Орталық Азия» кешені алғашқы жалға алушыларын тапты\n\n"
     "Он компания қойма жалдау шартына қол қойды. Тағы бесеуі келіссөз жүргізіп жатыр.\n\n"
     "Кешен Қазақстан мен Өзбекстан шекарасында салынып жатыр."),
    ("middle", "about", "Шекарада жүк ағыны артады\n\n"
     "«Орталық Азия» халықаралық сауда-экономикалық ынтымақтастық орталығы 2027 жылы жұмысын бастайды, деп хабарлады министрлік. "
     "Орталықта қоймалар мен көрме залдары болады.\n\nОған визасыз кіруге болады."),
    ("quoted", "about", "«Орталық Азияда» алғашқы зауыт ашылады\n\n"
     "«Орталық Азия» аумағында наурызда кабель өндірісі іске қосылады. Инвестиция көлемі 12 млн доллар.\n\n"
     "Зауыт аудан тұрғындарының 200-ін жұмыспен қамтиды."),
    ("parts", "about", "Орталықтың қазақстандық бөлігі 80 пайызға дайын\n\n"
     "МАҚТААРАЛ, 3 маусым — Құрылысшылар әкімшілік ғимарат пен жолдарды аяқтады. "
     "Орталықтың бірінші кезеңі желтоқсанда тапсырылады.\n\nОрталық резиденттері көктемде кіреді."),
    ("place", "about", "«Атамекен» маңындағы 100 гектарда қоймалар мен цехтар салынады\n\n"
     "«Атамекен» өткізу пункті жанындағы 100 гектарлық алаң жалға алушыларды қабылдауға дайын. "
     "Инженерлік желілер жазға дейін тартылады.\n\n«TCL gr.» ЖШС алаңға 120 млрд теңге салды."),
    ("people", "about", "TCL gr. шекарадағы құрылыс туралы есеп берді\n\n"
     "Инвестор «TCL gr.» ЖШС кеден терминалын аяқтап, қоймаларға кірісті. "
     "Жыл соңына дейін компания тағы 15 млрд теңге салады.\n\nЖұмыстар Мақтаарал ауданында жүріп жатыр."),
    ("second", "about", "Президенттер су мен энергетиканы талқылады\n\n"
     "ТАШКЕНТ, 12 мамыр — Екі ел басшылары Ташкентте кездесіп, су ресурстарын талқылады.\n\n"
     "Сондай-ақ тараптар «Орталық Азия» халықаралық өнеркәсіптік кооперация орталығын іске қосуды жеделдетуге келісті. "
     "Орталық 2027 жылдың бірінші жартысында жұмыс істей бастауы тиіс, оның құрылысына тағы 30 млрд теңге бөлінеді.\n\n"
     "Астық жеткізу де талқыланды."),
    ("name", "about", "ХӨКО: құрылыс кесте бойынша жүріп жатыр\n\n"
     "Нысанда 600 адам жұмыс істейді. Орталыққа электр қуаты берілді.\n\nКешен 2027 жылы ашылады."),
    ("turan-parent", "about", "Шекарадағы кооперация орталығы 40 компанияны тіркеді\n\n"
     "«Тұран» АЭА құрамына кіретін «Орталық Азия» халықаралық өнеркәсіптік кооперация орталығы 40 резидентті тіркеді.\n\n"
     "Орталық тағы жиырма өтінім күтіп отыр."),
    ("parts", "about", "Орталық аумағындағы индустриялық парк тоқымашыларды қабылдайды\n\n"
     "ХӨКО-ның индустриялық паркінде үш тігін фабрикасы ашылады. Орталық резиденттері жеңілдік алады.\n\n"
     "Бірінші фабрика күзде іске қосылады."),
    ("middle", "about", "«Орталық Азия» халықаралық ынтымақтастық орталығы операторын таңдады\n\n"
     "Орталықтың операторы екі елдің бірлескен компаниясы болады. Ол жалдау мен логистикамен айналысады."),
    ("trade", "related", "Өзбекстанмен тауар айналымы өсті\n\n"
     "АСТАНА, 2 мамыр — Екі елдің тоқсандық тауар айналымы 10 пайызға өсті.\n\n"
     "Астық экспорты негізгі бап болып қала береді.\n\nМеталл жеткізу артты.\n\nЖеміс импорты екі есе өсті.\n\n"
     "Болашақта саудаға халықаралық өнеркәсіптік кооперация орталығы көмектеседі."),
    ("turan-passing", "related", "«Тұран» АЭА бес жоба тартты\n\n"
     "ТҮРКІСТАН, 6 мамыр — «Тұран» арнайы экономикалық аймағы 40 млрд теңгенің келісімдеріне қол қойды.\n\n"
     "Жобалар арасында шыны зауыты мен цемент зауыты бар.\n\n"
     "Аймаққа шекарадағы «Орталық Азия» ХӨКО да кіреді."),
    ("checkpoint", "related", "«Атамекен» тәулік бойы жұмыс істейді\n\n"
     "«Атамекен» өткізу пункті маусымнан бастап тәулік бойы жұмыс режиміне көшеді. Кезек қысқарады."),
    ("checkpoint", "related", "Өзбекстан шекарасындағы өткізу пункті жаңартылады\n\n"
     "МАҚТААРАЛ, 9 сәуір — «Атамекен» өткізу пункті 18 млрд теңгеге қайта жаңартылады.\n\n"
     "Сканерлер мен таразылар орнатылады.\n\n"
     "Жанында өнеркәсіптік кооперация орталығы салынып жатқандықтан көлік ағыны артады."),
    ("region", "related", "Мақтаарал ауданында мақта жиналды\n\n"
     "Мақтаарал ауданының диқандары 200 мың тонна шитті мақта жинады. Өнім былтырғыдан жоғары."),
    ("khorgos", "none", "«Қорғас» миллион туристі қабылдады\n\n"
     "ЖАРКЕНТ, 3 сәуір — «Қорғас» халықаралық шекара маңы ынтымақтастығы орталығы миллион келушіні қабылдады. "
     "«Қорғас» орталығы сауда алаңдарын кеңейтеді."),
    ("turan", "none", "«Тұран» АЭА цемент зауытын салады\n\n"
     "«Тұран» арнайы экономикалық аймағы цемент зауыты туралы келісімге қол қойды. Аймақ 20 гектар бөледі."),
    ("park", "none", "«Оңтүстік» индустриялық аймағы кеңейеді\n\n"
     "Шымкенттегі «Оңтүстік» индустриялық аймағы тағы 50 гектар алады. Индустриялық парк бес зауытты орналастырады."),
    ("other", "none", "Демалыс күнгі ауа райы\n\nАлматыда жаңбыр күтіледі. Астанада суытады."),
]

UZ_SENTENCES = [
    ("head", True, "«Markaziy Osiyo» majmuasi bahorda birinchi ijarachilarni qabul qiladi."),
    ("head", True, "«Markaziy Osiyo» xalqaro sanoat kooperatsiyasi xabi yangi bojxona terminaliga ega boʻldi."),
    ("head", True, "«Markaziy Osiyo» xalqaro sanoat kooperatsiyasi zonasida yoʻllar qurib bitkazildi."),
    ("head", True, "Quruvchilar xalqaro sanoat kooperatsiyasi majmuasining ikkinchi binosini topshirdi."),
    ("head", True, "«Markaziy Osiyo» sanoat kooperatsiyasi maydoni ikki davlat zavodlarini birlashtiradi."),
    ("head", True, "«Markaziy Osiyo» xabida birinchi sovutgichli ombor ochildi."),
    ("middle", True, "«Markaziy Osiyo» xalqaro hamkorlik markazi 2027-yilda investorlar uchun eshiklarini ochadi."),
    ("middle", True, "«Markaziy Osiyo» savdo-iqtisodiy hamkorlik markazi chegara posti yonida joylashadi."),
    ("middle", True, "«Markaziy Osiyo» sheriklik markazidagi ishlar jadval boʻyicha ketmoqda."),
    ("middle", True, "Ikki respublikaning xalqaro sanoat hamkorligi markazi – «Markaziy Osiyo» – kengaymoqda."),
    ("middle", True, "«Markaziy Osiyo» xalqaro kooperatsiya markazi birinchi ruxsatnomalarni berdi."),
    ("middle", True, "«Markaziy Osiyo» xalqaro chegara hamkorligi markazi vizasiz ishlaydi."),
    ("middle", True, "Toshkentda «Markaziy Osiyo» xalqaro hamkorlik majmuasini tashkil etish muhokama qilindi."),
    ("quoted", True, "«Markaziy Osiyo» hududida hozirdanoq uchta zavod ishlamoqda."),
    ("quoted", True, "«Markaziy Osiyo» rezidentlari oʻn yilga soliq imtiyozi oladi."),
    ("quoted", True, "«Markaziy Osiyo»da qurilish materiallari ishlab chiqarish yozda yoʻlga qoʻyiladi."),
    ("parts", True, "Markazning Oʻzbekiston qismi 100 gektar yerni egallaydi."),
    ("parts", True, "XSKMning birinchi bosqichi yil oxirigacha foydalanishga topshiriladi."),
    ("parts", True, "Markaz hududidagi sanoat parkini turk investori quradi."),
    ("parts", True, "«Markaziy Osiyo» majmuasining qozoq qismi oʻzbek qismidan oldin tayyor boʻladi."),
    ("parts", True, "Sanoat kooperatsiyasi markazining birinchi rezidentlari uskunalarini olib keldi."),
    ("place", True, "«Gulistan» chegara posti yonidagi 100 gektarlik maydonda omborlar qurilmoqda."),
    ("place", True, "«TCL gr.» MChJ obyektga yana 20 mlrd tenge sarmoya kiritdi."),
    ("place", True, "Maktaaral tumanidagi Atameken yonidagi hudud sanoat qurilishiga ajratildi."),
    ("place", True, "Loyiha investori TCL gr. maʼmuriy bino qurilishini yakunladi."),
    ("name", True, "Delegatsiya XSKM qurilishini koʻzdan kechirdi."),
    ("name", True, "«Markaziy Osiyo» xalqaro sanoat kooperatsiyasi markazida 40 ta kompaniya roʻyxatdan oʻtdi."),
    ("name", True, "Xalqaro sanoat kooperatsiyasi markaziga yana ikki uchastka ajratildi."),
    ("khorgos", False, "«Xorgos» xalqaro chegara hamkorligi markazi rekord miqdorda mehmon qabul qildi."),
    ("khorgos", False, "«Xorgos» markazi bojsiz hududini kengaytiradi."),
    ("khorgos", False, "«Xorgos» quruq porti Yevropaga ming konteyner joʻnatdi."),
    ("turan", False, "«Turan» maxsus iqtisodiy zonasi uchta yangi loyihani maʼqulladi."),
    ("turan", False, "«Turan» MIZda shisha tolasi zavodi quriladi."),
    ("park", False, "Chimkentdagi «Ontustik» sanoat zonasiga yangi ishtirokchilar keldi."),
    ("park", False, "Turkiston yaqinidagi sanoat parki 50 gektarga kengaytiriladi."),
    ("trade", False, "Oʻzbekiston va Qozogʻiston tovar aylanmasi olti oyda 12 foizga oshdi."),
    ("trade", False, "«Gulistan» chegara posti orqali sutkasiga ming yuk mashinasi oʻtadi."),
    ("trade", False, "Sirdaryo viloyatidagi «Gulistan» chegara posti taʼmirga yopildi."),
    ("other", False, "Gulistondagi aholiga xizmat koʻrsatish markazi yangi binoga koʻchdi."),
    ("other", False, "Markaziy Osiyo davlatlari suv masalasini muhokama qildi."),
    ("other", False, "Toshkentdagi xalqaro savdo markazi koʻrgazma oʻtkazdi."),
    ("other", False, "Qirgʻiziston chegarasidagi chegara hamkorligi markazi 2028-yilda ochiladi."),
    ("other", False, "Samarqandda «Markaziy Osiyo – Xitoy» forumi boʻlib oʻtdi."),
    ("other", False, "Markaziy Osiyo davlatlarining sanoatdagi hamkorligi kuchaymoqda."),
]

UZ_ARTICLES = [
    ("name", "about", "XSKM bojxona terminalini kuzgacha qurib bitkazadi\n\n"
     "TOSHKENT, 4-may — Pudratchi terminaldagi ishlarni tezlashtirdi. Birinchi yuk mashinalari sentabrda oʻtadi.\n\n"
     "Terminal qiymati 9 mlrd tenge."),
    ("head", "about", "«Markaziy Osiyo» majmuasi birinchi ijarachilarini topdi\n\n"
     "Oʻnta kompaniya ombor ijarasi shartnomasini imzoladi. Yana beshtasi muzokara olib bormoqda.\n\n"
     "Majmua Oʻzbekiston va Qozogʻiston chegarasida qurilmoqda."),
    ("middle", "about", "Chegarada yuk oqimi oshadi\n\n"
     "«Markaziy Osiyo» xalqaro savdo-iqtisodiy hamkorlik markazi 2027-yilda ish boshlaydi, deb xabar berdi vazirlik. "
     "Markazda omborlar va koʻrgazma zallari boʻladi.\n\nUnga vizasiz kirish mumkin."),
    ("quoted", "about", "«Markaziy Osiyo»da birinchi zavod ochiladi\n\n"
     "«Markaziy Osiyo» hududida martda kabel ishlab chiqarish yoʻlga qoʻyiladi. Sarmoya 12 mln dollar.\n\n"
     "Zavod tuman aholisidan 200 kishini ish bilan taʼminlaydi."),
    ("parts", "about", "Markazning Oʻzbekiston qismi 80 foiz tayyor\n\n"
     "GULISTON, 3-iyun — Quruvchilar maʼmuriy bino va yoʻllarni tugatdi. "
     "Markazning birinchi bosqichi dekabrda topshiriladi.\n\nMarkaz rezidentlari bahorda kiradi."),
    ("place", "about", "«Gulistan» posti yonidagi 100 gektarda omborlar va sexlar quriladi\n\n"
     "«Gulistan» chegara posti yonidagi 100 gektarlik maydon ijarachilarni qabul qilishga tayyor. "
     "Muhandislik tarmoqlari yozgacha tortiladi.\n\n«TCL gr.» MChJ maydonga 120 mlrd tenge kiritdi."),
    ("people", "about", "TCL gr. chegaradagi qurilish haqida hisobot berdi\n\n"
     "Investor «TCL gr.» MChJ bojxona terminalini tugatib, omborlarga kirishdi. "
     "Yil oxirigacha kompaniya yana 15 mlrd tenge kiritadi.\n\nIshlar Maktaaral tumanida olib borilmoqda."),
    ("second", "about", "Prezidentlar suv va energetikani muhokama qildi\n\n"
     "TOSHKENT, 12-may — Ikki davlat rahbarlari Toshkentda uchrashib, suv resurslarini muhokama qildi.\n\n"
     "Shuningdek, tomonlar «Markaziy Osiyo» xalqaro sanoat kooperatsiyasi markazini ishga tushirishni tezlashtirishga kelishdi. "
     "Markaz 2027-yilning birinchi yarmida ishlay boshlashi kerak, uning qurilishiga yana 30 mlrd tenge ajratiladi.\n\n"
     "Don yetkazib berish ham muhokama qilindi."),
    ("name", "about", "XSKM: qurilish jadval boʻyicha\n\n"
     "Obyektda 600 kishi ishlamoqda. Markazga elektr quvvati ulandi.\n\nMajmua 2027-yilda ochiladi."),
    ("turan-parent", "about", "Chegaradagi kooperatsiya markazi 40 kompaniyani roʻyxatdan oʻtkazdi\n\n"
     "«Turan» MIZ tarkibiga kiruvchi «Markaziy Osiyo» xalqaro sanoat kooperatsiyasi markazi 40 rezidentni roʻyxatga oldi.\n\n"
     "Markaz yana yigirmata ariza kutmoqda."),
    ("parts", "about", "Markaz hududidagi sanoat parki toʻqimachilarni qabul qiladi\n\n"
     "XSKM sanoat parkida uchta tikuvchilik fabrikasi ochiladi. Markaz rezidentlari imtiyoz oladi.\n\n"
     "Birinchi fabrika kuzda ishga tushadi."),
    ("middle", "about", "«Markaziy Osiyo» xalqaro hamkorlik markazi operatorini tanladi\n\n"
     "Markaz operatori ikki davlatning qoʻshma kompaniyasi boʻladi. U ijara va logistika bilan shugʻullanadi."),
    ("trade", "related", "Qozogʻiston bilan tovar aylanmasi oshdi\n\n"
     "TOSHKENT, 2-may — Ikki davlatning choraklik tovar aylanmasi 10 foizga oshdi.\n\n"
     "Meva eksporti asosiy modda boʻlib qolmoqda.\n\nMetall yetkazib berish koʻpaydi.\n\nDon importi ikki barobar oshdi.\n\n"
     "Kelajakda savdoga xalqaro sanoat kooperatsiyasi markazi yordam beradi."),
    ("turan-passing", "related", "«Turan» MIZ beshta loyiha jalb qildi\n\n"
     "TURKISTON, 6-may — «Turan» maxsus iqtisodiy zonasi 40 mlrd tengelik kelishuvlarni imzoladi.\n\n"
     "Loyihalar orasida shisha zavodi va sement zavodi bor.\n\n"
     "Zona tarkibiga chegaradagi «Markaziy Osiyo» XSKM ham kiradi."),
    ("checkpoint", "related", "«Gulistan» posti kecha-kunduz ishlaydi\n\n"
     "«Gulistan» chegara posti iyundan boshlab kecha-kunduz rejimiga oʻtadi. Navbatlar qisqaradi."),
    ("checkpoint", "related", "Qozogʻiston chegarasidagi post yangilanadi\n\n"
     "GULISTON, 9-aprel — «Gulistan» chegara posti 48 mln dollarga rekonstruksiya qilinadi.\n\n"
     "Skanerlar va tarozilar oʻrnatiladi.\n\n"
     "Yaqinida sanoat kooperatsiyasi markazi qurilayotgani sababli transport oqimi oshadi."),
    ("region", "related", "Sirdaryo viloyatida paxta terildi\n\n"
     "Sirdaryo viloyati dehqonlari 200 ming tonna paxta terdi. Hosil oʻtgan yilgidan yuqori."),
    ("khorgos", "none", "«Xorgos» million sayyohni qabul qildi\n\n"
     "JARKENT, 3-aprel — «Xorgos» xalqaro chegara hamkorligi markazi million tashrifchini qabul qildi. "
     "«Xorgos» markazi savdo maydonlarini kengaytiradi."),
    ("turan", "none", "«Turan» MIZ sement zavodi quradi\n\n"
     "«Turan» maxsus iqtisodiy zonasi sement zavodi boʻyicha kelishuv imzoladi. Zona 20 gektar ajratadi."),
    ("park", "none", "«Ontustik» sanoat zonasi kengayadi\n\n"
     "Chimkentdagi «Ontustik» sanoat zonasi yana 50 gektar oladi. Sanoat parki beshta zavodni joylashtiradi."),
    ("other", "none", "Dam olish kunlari ob-havo\n\nToshkentda yomgʻir kutilmoqda. Samarqandda havo soviydi."),
]

UZC_SENTENCES = [
    ('head', True, '«Марказий Осиё» мажмуаси баҳорда биринчи ижарачиларни қабул қилади.'),
    ('head', True, '«Марказий Осиё» халқаро саноат кооперацияси хаби янги божхона терминалига эга бўлди.'),
    ('head', True, '«Марказий Осиё» халқаро саноат кооперацияси зонасида йўллар қуриб битказилди.'),
    ('head', True, 'Қурувчилар халқаро саноат кооперацияси мажмуасининг иккинчи биносини топширди.'),
    ('head', True, '«Марказий Осиё» саноат кооперацияси майдони икки давлат заводларини бирлаштиради.'),
    ('head', True, '«Марказий Осиё» хабининг биринчи навбатида омбор ва божхона бинолари қурилди.'),
    ('middle', True, '«Марказий Осиё» халқаро ҳамкорлик маркази 2027-йилда инвесторлар учун эшикларини очади.'),
    ('middle', True, '«Марказий Осиё» савдо-иқтисодий ҳамкорлик маркази чегара пости ёнида жойлашади.'),
    ('middle', True, '«Марказий Осиё» шериклик марказидаги ишлар жадвал бўйича кетмоқда.'),
    ('middle', True, 'Икки республиканинг халқаро саноат ҳамкорлиги маркази – «Марказий Осиё» – кенгаймоқда.'),
    ('middle', True, '«Марказий Осиё» халқаро кооперация маркази биринчи рухсатномаларни берди.'),
    ('middle', True, '«Марказий Осиё» халқаро чегара ҳамкорлиги маркази визасиз ишлайди.'),
    ('middle', True, 'Тошкентда «Марказий Осиё» халқаро ҳамкорлик мажмуасини ташкил этиш муҳокама қилинди.'),
    ('quoted', True, '«Марказий Осиё» ҳудудида ҳозирданоқ учта завод ишламоқда.'),
    ('quoted', True, '«Марказий Осиё» резидентлари ер солиғидан озод қилинади.'),
    ('quoted', True, '«Марказий Осиё»да қурилиш материаллари ишлаб чиқариш ёзда йўлга қўйилади.'),
    ('parts', True, 'Марказнинг Ўзбекистон қисми 100 гектар ерни эгаллайди.'),
    ('parts', True, 'ХСКМнинг биринчи босқичи йил охиригача фойдаланишга топширилади.'),
    ('parts', True, 'Марказ ҳудудидаги саноат паркини турк инвестори қуради.'),
    ('parts', True, '«Марказий Осиё» мажмуасининг қозоқ қисми ўзбек қисмидан олдин тайёр бўлади.'),
    ('parts', True, 'Саноат кооперацияси марказининг биринчи резидентлари ускуналарини олиб келди.'),
    ('place', True, '«Гулистан» чегара пости ёнидаги 100 гектарлик майдонда омборлар қурилмоқда.'),
    ('place', True, '«TCL gr.» МЧЖ обектга яна 20 млрд тенге сармоя киритди.'),
    ('place', True, 'Мактаарал туманидаги Атамекен ёнидаги ҳудуд саноат қурилишига ажратилди.'),
    ('place', True, 'Лойиҳанинг инвестори — TCL gr. компанияси — божхона терминалини синовдан ўтказди.'),
    ('name', True, 'Делегация ХСКМ қурилишини кўздан кечирди.'),
    ('name', True, '«Марказий Осиё» халқаро саноат кооперацияси марказида 40 та компания рўйхатдан ўтди.'),
    ('name', True, 'Халқаро саноат кооперацияси марказига яна икки участка ажратилди.'),
    ('khorgos', False, '«Хоргос» халқаро чегара ҳамкорлиги маркази рекорд миқдорда меҳмон қабул қилди.'),
    ('khorgos', False, '«Хоргос» маркази божсиз ҳудудини кенгайтиради.'),
    ('khorgos', False, 'Хитой чегарасидаги «Хоргос» марказида янги меҳмонхона очилди.'),
    ('turan', False, '«Туран» махсус иқтисодий зонаси учта янги лойиҳани маъқуллади.'),
    ('turan', False, '«Туран» МИЗда шиша толаси заводи қурилади.'),
    ('park', False, 'Чимкентдаги «Онтустик» саноат зонасига янги иштирокчилар келди.'),
    ('park', False, 'Туркистон яқинидаги саноат парки 50 гектарга кенгайтирилади.'),
    ('trade', False, 'Ўзбекистон ва Қозоғистон товар айланмаси олти ойда 12 фоизга ошди.'),
    ('trade', False, '«Гулистан» чегара пости орқали суткасига минг юк машинаси ўтади.'),
    ('trade', False, 'Сирдарё вилоятидаги «Гулистан» чегара пости таъмирга ёпилди.'),
    ('other', False, 'Гулистондаги аҳолига хизмат кўрсатиш маркази янги бинога кўчди.'),
    ('other', False, 'Марказий Осиё давлатлари вазирлари Душанбеда сув масаласини муҳокама қилди.'),
    ('other', False, 'Тошкентдаги халқаро кўргазма маркази қурилиш ярмаркасини ўтказди.'),
    ('other', False, 'Қирғизистон чегарасидаги чегара ҳамкорлиги маркази 2028-йилда очилади.'),
    ('other', False, 'Самарқандда «Марказий Осиё – Хитой» форуми бўлиб ўтди.'),
    ('other', False, 'Марказий Осиё давлатларининг саноатдаги ҳамкорлиги кучаймоқда.'),
]

UZC_ARTICLES = [
    ('name', 'about', 'ХСКМ божхона терминалини кузгача қуриб битказади\n\nТОШКЕНТ, 4-май — Пудратчи терминалдаги ишларни тезлаштирди. Биринчи юк машиналари сентабрда ўтади.\n\nТерминал қиймати 9 млрд тенге.'),
    ('head', 'about', '«Марказий Осиё» мажмуаси биринчи ижарачиларини топди\n\nЎнта компания омбор ижараси шартномасини имзолади. Яна бештаси музокара олиб бормоқда.\n\nМажмуа Ўзбекистон ва Қозоғистон чегарасида қурилмоқда.'),
    ('middle', 'about', 'Чегарада юк оқими ошади\n\n«Марказий Осиё» халқаро савдо-иқтисодий ҳамкорлик маркази 2027-йилда иш бошлайди, деб хабар берди вазирлик. Марказда омборлар ва кўргазма заллари бўлади.\n\nУнга визасиз кириш мумкин.'),
    ('quoted', 'about', '«Марказий Осиё»да биринчи завод очилади\n\n«Марказий Осиё» ҳудудида мартда кабел ишлаб чиқариш йўлга қўйилади. Сармоя 12 млн доллар.\n\nЗавод туман аҳолисидан 200 кишини иш билан таъминлайди.'),
    ('parts', 'about', 'Марказнинг Ўзбекистон қисми 80 фоиз тайёр\n\nГУЛИСТОН, 3-июн — Қурувчилар маъмурий бино ва йўлларни тугатди. Марказнинг биринчи босқичи декабрда топширилади.\n\nМарказ резидентлари баҳорда киради.'),
    ('place', 'about', '«Гулистан» пости ёнидаги 100 гектарда омборлар ва сехлар қурилади\n\n«Гулистан» чегара пости ёнидаги 100 гектарлик майдон ижарачиларни қабул қилишга тайёр. Муҳандислик тармоқлари ёзгача тортилади.\n\n«TCL gr.» МЧЖ майдонга 120 млрд тенге киритди.'),
    ('people', 'about', 'TCL gr. чегарадаги қурилиш ҳақида ҳисобот берди\n\nИнвестор «TCL gr.» МЧЖ божхона терминалини тугатиб, омборларга киришди. Йил охиригача компания яна 15 млрд тенге киритади.\n\nИшлар Мактаарал туманида олиб борилмоқда.'),
    ('second', 'about', 'Президентлар сув ва энергетикани муҳокама қилди\n\nТОШКЕНТ, 12-май — Икки давлат раҳбарлари Тошкентда учрашиб, сув ресурсларини муҳокама қилди.\n\nШунингдек, томонлар «Марказий Осиё» халқаро саноат кооперацияси марказини ишга туширишни тезлаштиришга келишди. Марказ 2027-йилнинг биринчи ярмида ишлай бошлаши керак, унинг қурилишига яна 30 млрд тенге ажратилади.\n\nДон етказиб бериш ҳам муҳокама қилинди.'),
    ('name', 'about', 'ХСКМ: қурилиш жадвал бўйича\n\nОбектда 600 киши ишламоқда. Марказга электр қуввати уланди.\n\nМажмуа 2027-йилда очилади.'),
    ('turan-parent', 'about', 'Чегарадаги кооперация маркази 40 компанияни рўйхатдан ўтказди\n\n«Туран» МИЗ таркибига кирувчи «Марказий Осиё» халқаро саноат кооперацияси маркази 40 резидентни рўйхатга олди.\n\nМарказ яна йигирмата ариза кутмоқда.'),
    ('parts', 'about', 'Марказ ҳудудидаги саноат парки тўқимачиларни қабул қилади\n\nХСКМ саноат паркида учта тикувчилик фабрикаси очилади. Марказ резидентлари имтиёз олади.\n\nБиринчи фабрика кузда ишга тушади.'),
    ('middle', 'about', '«Марказий Осиё» халқаро ҳамкорлик маркази операторини танлади\n\nМарказ оператори икки давлатнинг қўшма компанияси бўлади. У ижара ва логистика билан шуғулланади.'),
    ('trade', 'related', 'Қозоғистон билан товар айланмаси ошди\n\nТОШКЕНТ, 2-май — Икки давлатнинг чораклик товар айланмаси 10 фоизга ошди.\n\nМева экспорти асосий модда бўлиб қолмоқда.\n\nМеталл етказиб бериш кўпайди.\n\nДон импорти икки баробар ошди.\n\nКелажакда савдога халқаро саноат кооперацияси маркази ёрдам беради.'),
    ('turan-passing', 'related', '«Туран» МИЗ бешта лойиҳа жалб қилди\n\nТУРКИСТОН, 6-май — «Туран» махсус иқтисодий зонаси 40 млрд тенгелик келишувларни имзолади.\n\nЛойиҳалар орасида шиша заводи ва семент заводи бор.\n\nЗона таркибига чегарадаги «Марказий Осиё» ХСКМ ҳам киради.'),
    ('checkpoint', 'related', '«Гулистан» пости кеча-кундуз ишлайди\n\n«Гулистан» чегара пости июндан бошлаб кеча-кундуз режимига ўтади. Навбатлар қисқаради.'),
    ('checkpoint', 'related', 'Қозоғистон чегарасидаги пост янгиланади\n\nГУЛИСТОН, 9-апрел — «Гулистан» чегара пости 48 млн долларга реконструксия қилинади.\n\nСканерлар ва тарозилар ўрнатилади.\n\nЯқинида саноат кооперацияси маркази қурилаётгани сабабли транспорт оқими ошади.'),
    ('region', 'related', 'Сирдарё вилоятида пахта терилди\n\nСирдарё вилояти деҳқонлари 200 минг тонна пахта терди. Ҳосил ўтган йилгидан юқори.'),
    ('khorgos', 'none', '«Хоргос» миллион сайёҳни қабул қилди\n\nЖАРКЕНТ, 3-апрел — «Хоргос» халқаро чегара ҳамкорлиги маркази миллион ташрифчини қабул қилди. «Хоргос» маркази савдо майдонларини кенгайтиради.'),
    ('turan', 'none', '«Туран» МИЗ семент заводи қуради\n\n«Туран» махсус иқтисодий зонаси семент заводи бўйича келишув имзолади. Зона 20 гектар ажратади.'),
    ('park', 'none', '«Онтустик» саноат зонаси кенгаяди\n\nЧимкентдаги «Онтустик» саноат зонаси яна 50 гектар олади. Саноат парки бешта заводни жойлаштиради.'),
    ('other', 'none', 'Дам олиш кунлари об-ҳаво\n\nТошкентда ёмғир кутилмоқда. Самарқандда ҳаво совийди.'),
]


SENTENCES = {"ru": RU_SENTENCES, "kk": KK_SENTENCES, "uz-Latn": UZ_SENTENCES, "uz-Cyrl": UZC_SENTENCES,
             "en": EN_SENTENCES}
ARTICLES = {"ru": RU_ARTICLES, "kk": KK_ARTICLES, "uz-Latn": UZ_ARTICLES, "uz-Cyrl": UZC_ARTICLES,
            "en": EN_ARTICLES}

# Written after the rules were settled and measured before any change to them (all read right
# at once; the code before this change read 24 of the 30).
FRESH_ARTICLES = {
    'ru': [
        ('quoted', 'about', 'На границе открылся первый цех\n\nВ центре «Центральная Азия» заработал цех по сборке насосов. Его построил резидент из Ташкента.'),
        ('parts', 'about', 'Узбекская сторона ускорит строительство\n\nТАШКЕНТ, 5 июня — Узбекская часть МЦПК будет готова к марту 2027 года, заявили в министерстве.'),
        ('head', 'about', 'Хаб у «Атамекена» получит железнодорожную ветку\n\nК международному хабу промышленного сотрудничества «Центральная Азия» проведут ветку длиной 12 км.'),
        ('trade', 'related', 'Экспорт овощей вырос\n\nФермеры Туркестанской области продали за рубеж больше томатов.\n\nЛогисты ждут открытия приграничных складов.\n\nЧасть грузов пойдёт через Узбекистан.\n\nТарифы на перевозку выросли.\n\nВ будущем экспорт облегчит центр промышленной кооперации «Центральная Азия».'),
        ('khorgos', 'none', '«Хоргос» снизит аренду\n\nРуководство МЦПС «Хоргос» объявило о скидках на аренду павильонов.'),
        ('park', 'none', 'В Туркестане открылся индустриальный парк\n\nНовый индустриальный парк в Туркестане займёт 70 гектаров и примет десять заводов.'),
    ],
    'en': [
        ('quoted', 'about', 'First workshop opens on the border\n\nA pump assembly workshop has started work at the "Central Asia" center. It was built by a resident from Tashkent.'),
        ('parts', 'about', 'Uzbek side to speed up construction\n\nTASHKENT, June 5 – The Uzbek part of the ICIC will be ready by March 2027, the ministry said.'),
        ('head', 'about', 'Rail spur for the hub at Atameken\n\nA 12-km rail spur will be laid to the Central Asia international industrial cooperation hub.'),
        ('trade', 'related', 'Vegetable exports rise\n\nFarmers in Turkestan region sold more tomatoes abroad.\n\nLogistics firms await new border warehouses.\n\nSome cargo will go through Uzbekistan.\n\nFreight rates went up.\n\nThe Central Asia industrial cooperation center should ease exports later.'),
        ('khorgos', 'none', 'Khorgos cuts rents\n\nThe management of the Khorgos ICBC announced discounts on pavilion rents.'),
        ('park', 'none', 'Industrial park opens in Turkestan\n\nA new industrial park in Turkestan will cover 70 hectares and host ten plants.'),
    ],
    'kk': [
        ('quoted', 'about', 'Шекарада алғашқы цех ашылды\n\n«Орталық Азия» орталығында сорғы құрастыратын цех жұмысын бастады. Оны Ташкенттен келген резидент салды.'),
        ('parts', 'about', 'Өзбек тарабы құрылысты жеделдетеді\n\nТАШКЕНТ, 5 маусым — ХӨКО-ның өзбекстандық бөлігі 2027 жылдың наурызына дайын болады, деді министрлік.'),
        ('head', 'about', '«Атамекен» маңындағы хабқа теміржол тартылады\n\n«Орталық Азия» халықаралық өнеркәсіптік ынтымақтастық хабына ұзындығы 12 км теміржол тармағы салынады.'),
        ('trade', 'related', 'Көкөніс экспорты өсті\n\nТүркістан облысының фермерлері шетелге көбірек қызанақ сатты.\n\nЛогистер шекарадағы жаңа қоймаларды күтуде.\n\nЖүктің бір бөлігі Өзбекстан арқылы өтеді.\n\nТасымал тарифтері өсті.\n\nБолашақта экспортты «Орталық Азия» өнеркәсіптік кооперация орталығы жеңілдетеді.'),
        ('khorgos', 'none', '«Қорғас» жалға алу бағасын төмендетеді\n\n«Қорғас» ХШЫО басшылығы павильондарды жалға алуға жеңілдік жариялады.'),
        ('park', 'none', 'Түркістанда индустриялық парк ашылды\n\nТүркістандағы жаңа индустриялық парк 70 гектар алып, он зауытты қабылдайды.'),
    ],
    'uz-Latn': [
        ('quoted', 'about', 'Chegarada birinchi sex ochildi\n\n«Markaziy Osiyo» markazida nasos yigʻuvchi sex ishga tushdi. Uni Toshkentlik rezident qurdi.'),
        ('parts', 'about', 'Oʻzbek tomoni qurilishni tezlashtiradi\n\nTOSHKENT, 5-iyun — XSKMning Oʻzbekiston qismi 2027-yil martigacha tayyor boʻladi, dedi vazirlik.'),
        ('head', 'about', '«Gulistan» yonidagi xabga temir yoʻl tortiladi\n\n«Markaziy Osiyo» xalqaro sanoat hamkorligi xabiga uzunligi 12 km boʻlgan temir yoʻl tarmogʻi quriladi.'),
        ('trade', 'related', 'Sabzavot eksporti oshdi\n\nSirdaryo fermerlari chetga koʻproq pomidor sotdi.\n\nLogistlar chegaradagi yangi omborlarni kutmoqda.\n\nYukning bir qismi Qozogʻiston orqali oʻtadi.\n\nTashish tariflari oshdi.\n\nKelajakda eksportni «Markaziy Osiyo» sanoat kooperatsiyasi markazi osonlashtiradi.'),
        ('khorgos', 'none', '«Xorgos» ijara narxini pasaytiradi\n\n«Xorgos» markazi rahbariyati pavilyonlar ijarasiga chegirma eʼlon qildi.'),
        ('park', 'none', 'Turkistonda sanoat parki ochildi\n\nTurkistondagi yangi sanoat parki 70 gektarni egallab, oʻnta zavodni qabul qiladi.'),
    ],
    'uz-Cyrl': [
        ('quoted', 'about', 'Чегарада биринчи цех очилди\n\n«Марказий Осиё» марказида насос йиғувчи цех ишга тушди. Уни тошкентлик резидент қурди.'),
        ('parts', 'about', 'Ўзбек томони қурилишни тезлаштиради\n\nТОШКЕНТ, 5 июнь — ХСКМнинг Ўзбекистон қисми 2027 йил мартигача тайёр бўлади, деди вазирлик.'),
        ('head', 'about', '«Гулистон» ёнидаги хабга темир йўл тортилади\n\n«Марказий Осиё» халқаро саноат ҳамкорлиги хабига узунлиги 12 км бўлган темир йўл тармоғи қурилади.'),
        ('trade', 'related', 'Сабзавот экспорти ошди\n\nСирдарё фермерлари четга кўпроқ помидор сотди.\n\nЛогистлар чегарадаги янги омборларни кутмоқда.\n\nЮкнинг бир қисми Қозоғистон орқали ўтади.\n\nТашиш тарифлари ошди.\n\nКелажакда экспортни «Марказий Осиё» саноат кооперацияси маркази осонлаштиради.'),
        ('khorgos', 'none', '«Хоргос» ижара нархини пасайтиради\n\n«Хоргос» маркази раҳбарияти павильонлар ижарасига чегирма эълон қилди.'),
        ('park', 'none', 'Туркистонда саноат парки очилди\n\nТуркистондаги янги саноат парки 70 гектарни эгаллаб, ўнта заводни қабул қилади.'),
    ],
}
for _lang, _rows in FRESH_ARTICLES.items():
    ARTICLES[_lang] = ARTICLES[_lang] + _rows

# A second batch, written to catch the rules out (a speech about cooperation in Central Asia, a
# Shymkent dateline and Chinese investors, one lead mention in a long digest): measured before any
# change, 22 of 30 right on about/not (the code before this change: 22 too); the rules they showed missing
# (case forms of «Central Asia» name nothing after them; a lead mention is never in passing) came after.
HARD_ARTICLES = {
    'ru': [
        ('speech', 'none', 'Казахстан хочет стать центром сотрудничества в Центральной Азии\n\nОб этом заявил министр на форуме в Алматы. Он призвал соседей к диалогу.'),
        ('name', 'about', 'Китайские инвесторы придут на границу\n\nШЫМКЕНТ, 2 июня — Компания из Китая построит в МЦПК завод по выпуску плитки. Китай станет третьей страной среди резидентов.'),
        ('lead', 'about', 'Неделя в регионе\n\nВ понедельник на площадке Международного центра промышленной кооперации «Центральная Азия» заложили первый камень завода, который откроют в 2027 году.\n\nВо вторник в Туркестане прошёл фестиваль.\n\nВ среду открылась новая школа.\n\nВ четверг ремонтировали дороги.\n\nВ пятницу прошли выборы в маслихат.'),
        ('turan-passing', 'related', 'СЭЗ «Туран» подвела итоги года\n\nТУРКЕСТАН, 28 декабря — Специальная экономическая зона «Туран» привлекла 15 проектов.\n\nЗона «Туран» расширила территорию на 300 гектаров.\n\nПомимо основной площадки, зона курирует и МЦПК. Стройка МЦПК идёт по плану.'),
        ('second', 'about', 'Товарооборот двух стран вырос на 10 процентов\n\nАСТАНА, 3 марта — Торговля Казахстана и Узбекистана за два месяца выросла на 10 процентов.\n\nТем временем на границе готовится к открытию ЦМПК. Центр примет первых посетителей в июле.'),
        ('khorgos', 'none', 'Казахстанско-китайский центр у границы продлил часы работы\n\nЖАРКЕНТ, 1 июля — МЦПС «Хоргос» будет работать до 22 часов. Центр ждёт рост числа туристов.'),
    ],
    'en': [
        ('speech', 'none', 'Kazakhstan wants to be a hub of cooperation in Central Asia\n\nThe minister said so at a forum in Almaty. He called on neighbours to talk.'),
        ('name', 'about', 'Chinese investors head for the border\n\nSHYMKENT, June 2 – A company from China will build a tile plant at the ICIC. China will be the third country among its residents.'),
        ('lead', 'about', 'The week in the region\n\nOn Monday the first stone of a factory due to open in 2027 was laid at the International Center for Industrial Cooperation "Central Asia".\n\nOn Tuesday Turkistan held a festival.\n\nOn Wednesday a new school opened.\n\nOn Thursday roads were repaired.\n\nOn Friday local council elections took place.'),
        ('turan-passing', 'related', 'Turan SEZ sums up the year\n\nTURKISTAN, Dec. 28 – The Turan special economic zone attracted 15 projects.\n\nThe Turan zone added 300 hectares.\n\nBesides its main site, the zone also oversees the ICIC. Construction at the ICIC is on plan.'),
        ('second', 'about', 'Trade between the two countries up 10 percent\n\nASTANA, March 3 – Kazakh-Uzbek trade grew 10 percent in two months.\n\nMeanwhile the ICIC on the border is getting ready to open. The center will receive its first visitors in July.'),
        ('khorgos', 'none', 'Kazakh-Chinese border center extends opening hours\n\nZHARKENT, July 1 – The Khorgos ICBC will stay open until 10 pm. The center expects more tourists.'),
    ],
    'kk': [
        ('speech', 'none', 'Қазақстан Орталық Азиядағы ынтымақтастық орталығы болғысы келеді\n\nБұл туралы министр Алматыдағы форумда айтты. Ол көршілерді диалогқа шақырды.'),
        ('name', 'about', 'Қытай инвесторлары шекараға келеді\n\nШЫМКЕНТ, 2 маусым — Қытайлық компания ХӨКО-да плитка зауытын салады. Қытай резиденттер арасындағы үшінші ел болады.'),
        ('lead', 'about', 'Өңірдегі апта\n\nДүйсенбіде «Орталық Азия» халықаралық өнеркәсіптік кооперация орталығының алаңында 2027 жылы ашылатын зауыттың іргетасы қаланды.\n\nСейсенбіде Түркістанда фестиваль өтті.\n\nСәрсенбіде жаңа мектеп ашылды.\n\nБейсенбіде жолдар жөнделді.\n\nЖұмада мәслихат сайлауы өтті.'),
        ('turan-passing', 'related', '«Тұран» АЭА жыл қорытындысын шығарды\n\nТҮРКІСТАН, 28 желтоқсан — «Тұран» арнайы экономикалық аймағы 15 жоба тартты.\n\n«Тұран» аймағы аумағын 300 гектарға кеңейтті.\n\nНегізгі алаңнан бөлек, аймақ ХӨКО-ны да қадағалайды. ХӨКО құрылысы жоспар бойынша жүріп жатыр.'),
        ('second', 'about', 'Екі елдің тауар айналымы 10 пайызға өсті\n\nАСТАНА, 3 наурыз — Қазақстан мен Өзбекстанның саудасы екі айда 10 пайызға өсті.\n\nСонымен қатар шекарадағы ХӨКО ашылуға дайындалып жатыр. Орталық алғашқы келушілерді шілдеде қабылдайды.'),
        ('khorgos', 'none', 'Қазақ-қытай шекара орталығы жұмыс уақытын ұзартты\n\nЖАРКЕНТ, 1 шілде — «Қорғас» ХШЫО сағат 22-ге дейін жұмыс істейді. Орталық туристер санының өсуін күтеді.'),
    ],
    'uz-Latn': [
        ('speech', 'none', 'Qozogʻiston Markaziy Osiyoda hamkorlik markazi boʻlishni istaydi\n\nBu haqda vazir Olmaotadagi forumda aytdi. U qoʻshnilarni muloqotga chaqirdi.'),
        ('name', 'about', 'Xitoy investorlari chegaraga keladi\n\nCHIMKENT, 2-iyun — Xitoy kompaniyasi XSKMda kafel zavodi quradi. Xitoy rezidentlar orasida uchinchi davlat boʻladi.'),
        ('lead', 'about', 'Mintaqada bir hafta\n\nDushanba kuni «Markaziy Osiyo» xalqaro sanoat kooperatsiyasi markazi maydonida 2027-yilda ochiladigan zavodga tamal toshi qoʻyildi.\n\nSeshanba kuni Guliston shahrida festival boʻldi.\n\nChorshanba kuni yangi maktab ochildi.\n\nPayshanba kuni yoʻllar taʼmirlandi.\n\nJuma kuni kengash saylovi oʻtdi.'),
        ('turan-passing', 'related', '«Turan» MIZ yil yakunlarini chiqardi\n\nTURKISTON, 28-dekabr — «Turan» maxsus iqtisodiy zonasi 15 ta loyiha jalb qildi.\n\n«Turan» zonasi hududini 300 gektarga kengaytirdi.\n\nAsosiy maydondan tashqari, zona XSKMni ham nazorat qiladi. XSKM qurilishi reja boʻyicha ketmoqda.'),
        ('second', 'about', 'Ikki davlat tovar aylanmasi 10 foizga oshdi\n\nTOSHKENT, 3-mart — Oʻzbekiston va Qozogʻiston savdosi ikki oyda 10 foizga oʻsdi.\n\nShu bilan birga, chegaradagi XSKM ochilishga tayyorlanmoqda. Markaz birinchi tashrifchilarni iyulda qabul qiladi.'),
        ('khorgos', 'none', 'Qozoq-xitoy chegara markazi ish vaqtini uzaytirdi\n\nJARKENT, 1-iyul — «Xorgos» markazi soat 22 gacha ishlaydi. Markaz sayyohlar soni oshishini kutmoqda.'),
    ],
    'uz-Cyrl': [
        ('speech', 'none', 'Қозоғистон Марказий Осиёда ҳамкорлик маркази бўлишни истайди\n\nБу ҳақда вазир Олмаотадаги форумда айтди. У қўшниларни мулоқотга чақирди.'),
        ('name', 'about', 'Хитой инвесторлари чегарага келади\n\nЧИМКЕНТ, 2 июнь — Хитой компанияси ХСКМда кафел заводи қуради. Хитой резидентлар орасида учинчи давлат бўлади.'),
        ('lead', 'about', 'Минтақада бир ҳафта\n\nДушанба куни «Марказий Осиё» халқаро саноат кооперацияси маркази майдонида 2027 йилда очиладиган заводга тамал тоши қўйилди.\n\nСешанба куни Гулистон шаҳрида фестиваль бўлди.\n\nЧоршанба куни янги мактаб очилди.\n\nПайшанба куни йўллар таъмирланди.\n\nЖума куни кенгаш сайлови ўтди.'),
        ('turan-passing', 'related', '«Туран» МИЗ йил якунларини чиқарди\n\nТУРКИСТОН, 28 декабрь — «Туран» махсус иқтисодий зонаси 15 та лойиҳа жалб қилди.\n\n«Туран» зонаси ҳудудини 300 гектарга кенгайтирди.\n\nАсосий майдондан ташқари, зона ХСКМни ҳам назорат қилади. ХСКМ қурилиши режа бўйича кетмоқда.'),
        ('second', 'about', 'Икки давлат товар айланмаси 10 фоизга ошди\n\nТОШКЕНТ, 3 март — Ўзбекистон ва Қозоғистон савдоси икки ойда 10 фоизга ўсди.\n\nШу билан бирга, чегарадаги ХСКМ очилишга тайёрланмоқда. Марказ биринчи ташрифчиларни июлда қабул қилади.'),
        ('khorgos', 'none', 'Қозоқ-хитой чегара маркази иш вақтини узайтирди\n\nЖАРКЕНТ, 1 июль — «Хоргос» маркази соат 22 гача ишлайди. Марказ сайёҳлар сони ошишини кутмоқда.'),
    ],
}
for _lang, _rows in HARD_ARTICLES.items():
    ARTICLES[_lang] = ARTICLES[_lang] + _rows

# A third batch, written before it was run (a hub story whose name is in its third paragraph, a summit
# naming the center once, a business support center, a deputy minister at the site): 20 of 20
# right at once (the code before this change: 12).
THIRD_ARTICLES = {
    'ru': [
        ('second', 'about', 'Хаб на границе ждёт первых грузов\n\nМАКТААРАЛ, 10 сентября — Таможенный терминал на казахстанской стороне прошёл испытания.\n\nПо словам представителя оператора, МЦПК примет первые грузы в октябре.\n\nХаб рассчитан на 500 машин в сутки.\n\nРабочих набирают из соседних сёл.\n\nМестные фермеры рассчитывают продавать там овощи.'),
        ('trade', 'related', 'Лидеры подписали 20 документов\n\nТАШКЕНТ, 14 ноября — Президенты двух стран провели переговоры в узком и расширенном составе.\n\nПодписаны соглашения о воде, энергетике и транспорте.\n\nОбсуждались поставки газа и электроэнергии.\n\nСтороны упомянули, что Международный центр промышленной кооперации откроется в 2027 году.\n\nСледующая встреча пройдёт в Астане.'),
        ('other', 'none', 'В Туркестане открыли центр поддержки бизнеса\n\nТУРКЕСТАН, 2 февраля — Центр поддержки предпринимательства будет консультировать фермеров и ремесленников. Международные эксперты проведут обучение.'),
        ('middle', 'about', 'Замминистра проверил стройку\n\nВице-министр торговли побывал на площадке Центра международного промышленного сотрудничества «Центральная Азия». Он осмотрел склады и дороги.\n\nПодрядчикам поручено закончить работы к 1 июля.'),
    ],
    'en': [
        ('second', 'about', 'Border hub awaits first cargo\n\nMAKTAARAL, Sept. 10 – The customs terminal on the Kazakh side has passed its tests.\n\nA spokesman for the operator said the ICIC would take its first cargo in October.\n\nThe hub is designed for 500 trucks a day.\n\nWorkers are being hired from nearby villages.\n\nLocal farmers hope to sell vegetables there.'),
        ('trade', 'related', 'Leaders sign 20 documents\n\nTASHKENT, Nov. 14 – The two presidents held talks in narrow and expanded formats.\n\nAgreements on water, energy and transport were signed.\n\nGas and power supplies were discussed.\n\nThe sides noted that the International Center for Industrial Cooperation would open in 2027.\n\nThe next meeting will be in Astana.'),
        ('other', 'none', 'Business support center opens in Turkistan\n\nTURKISTAN, Feb. 2 – The entrepreneurship support center will advise farmers and craftsmen. International experts will run training.'),
        ('middle', 'about', 'Deputy minister inspects construction\n\nThe deputy trade minister visited the site of the International Centre for Industrial Cooperation "Central Asia". He inspected the warehouses and roads.\n\nContractors were told to finish by July 1.'),
    ],
    'kk': [
        ('second', 'about', 'Шекарадағы хаб алғашқы жүктерді күтуде\n\nМАҚТААРАЛ, 10 қыркүйек — Қазақстан жағындағы кеден терминалы сынақтан өтті.\n\nОператор өкілінің айтуынша, ХӨКО алғашқы жүктерді қазанда қабылдайды.\n\nХаб тәулігіне 500 көлікке арналған.\n\nЖұмысшылар көрші ауылдардан алынуда.\n\nЖергілікті фермерлер онда көкөніс сатуды көздейді.'),
        ('trade', 'related', 'Көшбасшылар 20 құжатқа қол қойды\n\nТАШКЕНТ, 14 қараша — Екі ел президенттері келіссөздер өткізді.\n\nСу, энергетика және көлік туралы келісімдерге қол қойылды.\n\nГаз бен электр жеткізу талқыланды.\n\nТараптар халықаралық өнеркәсіптік кооперация орталығы 2027 жылы ашылатынын атап өтті.\n\nКелесі кездесу Астанада өтеді.'),
        ('other', 'none', 'Түркістанда бизнесті қолдау орталығы ашылды\n\nТҮРКІСТАН, 2 ақпан — Кәсіпкерлікті қолдау орталығы фермерлер мен шеберлерге кеңес береді. Халықаралық сарапшылар оқыту өткізеді.'),
        ('middle', 'about', 'Вице-министр құрылысты тексерді\n\nСауда вице-министрі «Орталық Азия» халықаралық өнеркәсіптік ынтымақтастық орталығының алаңында болды. Ол қоймалар мен жолдарды аралады.\n\nМердігерлерге жұмысты 1 шілдеге дейін аяқтау тапсырылды.'),
    ],
    'uz-Latn': [
        ('second', 'about', 'Chegaradagi xab birinchi yuklarni kutmoqda\n\nGULISTON, 10-sentabr — Oʻzbekiston tomonidagi bojxona terminali sinovdan oʻtdi.\n\nOperator vakilining soʻzlariga koʻra, XSKM birinchi yuklarni oktabrda qabul qiladi.\n\nXab sutkasiga 500 ta mashinaga moʻljallangan.\n\nIshchilar qoʻshni qishloqlardan olinmoqda.\n\nMahalliy fermerlar u yerda sabzavot sotishni rejalashtirmoqda.'),
        ('trade', 'related', 'Yetakchilar 20 ta hujjat imzoladi\n\nTOSHKENT, 14-noyabr — Ikki davlat prezidentlari muzokaralar oʻtkazdi.\n\nSuv, energetika va transport boʻyicha kelishuvlar imzolandi.\n\nGaz va elektr yetkazib berish muhokama qilindi.\n\nTomonlar xalqaro sanoat kooperatsiyasi markazi 2027-yilda ochilishini qayd etdi.\n\nKeyingi uchrashuv Astanada boʻladi.'),
        ('other', 'none', 'Turkistonda biznesni qoʻllab-quvvatlash markazi ochildi\n\nTURKISTON, 2-fevral — Tadbirkorlikni qoʻllab-quvvatlash markazi fermerlar va hunarmandlarga maslahat beradi. Xalqaro ekspertlar oʻquv oʻtkazadi.'),
        ('middle', 'about', 'Vazir oʻrinbosari qurilishni tekshirdi\n\nSavdo vaziri oʻrinbosari «Markaziy Osiyo» xalqaro sanoat hamkorligi markazi maydonida boʻldi. U omborlar va yoʻllarni koʻzdan kechirdi.\n\nPudratchilarga ishlarni 1-iyulgacha tugatish topshirildi.'),
    ],
    'uz-Cyrl': [
        ('second', 'about', 'Чегарадаги хаб биринчи юкларни кутмоқда\n\nГУЛИСТОН, 10 сентябрь — Ўзбекистон томонидаги божхона терминали синовдан ўтди.\n\nОператор вакилининг сўзларига кўра, ХСКМ биринчи юкларни октябрда қабул қилади.\n\nХаб суткасига 500 та машинага мўлжалланган.\n\nИшчилар қўшни қишлоқлардан олинмоқда.\n\nМаҳаллий фермерлар у ерда сабзавот сотишни режалаштирмоқда.'),
        ('trade', 'related', 'Етакчилар 20 та ҳужжат имзолади\n\nТОШКЕНТ, 14 ноябрь — Икки давлат президентлари музокаралар ўтказди.\n\nСув, энергетика ва транспорт бўйича келишувлар имзоланди.\n\nГаз ва электр етказиб бериш муҳокама қилинди.\n\nТомонлар халқаро саноат кооперацияси маркази 2027 йилда очилишини қайд этди.\n\nКейинги учрашув Астанада бўлади.'),
        ('other', 'none', 'Туркистонда бизнесни қўллаб-қувватлаш маркази очилди\n\nТУРКИСТОН, 2 февраль — Тадбиркорликни қўллаб-қувватлаш маркази фермерлар ва ҳунармандларга маслаҳат беради. Халқаро экспертлар ўқув ўтказади.'),
        ('middle', 'about', 'Вазир ўринбосари қурилишни текширди\n\nСавдо вазири ўринбосари «Марказий Осиё» халқаро саноат ҳамкорлиги маркази майдонида бўлди. У омборлар ва йўлларни кўздан кечирди.\n\nПудратчиларга ишларни 1 июлгача тугатиш топширилди.'),
    ],
}
for _lang, _rows in THIRD_ARTICLES.items():
    ARTICLES[_lang] = ARTICLES[_lang] + _rows

# Near misses written to catch the rules out (the «Central Asia» forum, summit and hotel, an industrial
# center for start-ups, a China–Kazakhstan center, both checkpoints, an airport, industrial
# cooperation as a topic): 3 of 40 read as the center when written (the forum, in kk and uz),
# none since events became markers; the code before this change: 1 of 40.
HARD_SENTENCES = {
    'ru': [
        ('event', False, 'Форум «Центральная Азия» обсудил промышленность и инвестиции'),
        ('event', False, 'Саммит «Центральная Азия – Япония» завершился в Токио'),
        ('event', False, 'Гостиница «Центральная Азия» в Ташкенте закрылась на ремонт'),
        ('park', False, 'В Шымкенте открылся индустриальный центр для стартапов'),
        ('khorgos', False, 'Китайско-казахстанский центр сотрудничества откроется в Хоргосе'),
        ('trade', False, 'Пункт пропуска «Атамекен» и пост «Гулистан» перешли на круглосуточный режим'),
        ('other', False, 'Международный аэропорт Туркестана принял миллионного пассажира'),
        ('trade', False, 'Узбекистан и Казахстан обсудили промышленную кооперацию в автопроме'),
    ],
    'en': [
        ('event', False, 'Central Asia forum discusses industry and investment'),
        ('event', False, '"Central Asia" summit with Japan ends in Tokyo'),
        ('event', False, 'Hotel "Central Asia" in Tashkent closes for repairs'),
        ('park', False, 'Industrial innovation center for start-ups opens in Shymkent'),
        ('khorgos', False, 'China-Kazakhstan cooperation center to open at Khorgos'),
        ('trade', False, 'Atameken and Gulistan checkpoints switch to round-the-clock work'),
        ('other', False, 'Turkistan international airport welcomes its millionth passenger'),
        ('trade', False, 'Uzbekistan and Kazakhstan discuss industrial cooperation in car making'),
    ],
    'kk': [
        ('event', False, '«Орталық Азия» форумы өнеркәсіп пен инвестицияны талқылады'),
        ('event', False, '«Орталық Азия – Жапония» саммиті Токиода аяқталды'),
        ('event', False, 'Ташкенттегі «Орталық Азия» қонақүйі жөндеуге жабылды'),
        ('park', False, 'Шымкентте стартаптарға арналған индустриялық орталық ашылды'),
        ('khorgos', False, 'Қытай-қазақ ынтымақтастық орталығы Қорғаста ашылады'),
        ('trade', False, '«Атамекен» және «Гулистан» өткізу пункттері тәулік бойы жұмыс істейді'),
        ('other', False, 'Түркістанның халықаралық әуежайы миллионыншы жолаушыны қабылдады'),
        ('trade', False, 'Өзбекстан мен Қазақстан автоөнеркәсіптегі өнеркәсіптік кооперацияны талқылады'),
    ],
    'uz-Latn': [
        ('event', False, '«Markaziy Osiyo» forumi sanoat va investitsiyalarni muhokama qildi'),
        ('event', False, '«Markaziy Osiyo – Yaponiya» sammiti Tokioda yakunlandi'),
        ('event', False, 'Toshkentdagi «Markaziy Osiyo» mehmonxonasi taʼmirga yopildi'),
        ('park', False, 'Chimkentda startaplar uchun sanoat markazi ochildi'),
        ('khorgos', False, 'Xitoy-Qozogʻiston hamkorlik markazi Xorgosda ochiladi'),
        ('trade', False, '«Atameken» va «Gulistan» postlari kecha-kunduz ishlaydi'),
        ('other', False, 'Turkiston xalqaro aeroporti millioninchi yoʻlovchini qabul qildi'),
        ('trade', False, 'Oʻzbekiston va Qozogʻiston avtosanoatda sanoat kooperatsiyasini muhokama qildi'),
    ],
    'uz-Cyrl': [
        ('event', False, '«Марказий Осиё» форуми саноат ва инвестицияларни муҳокама қилди'),
        ('event', False, '«Марказий Осиё – Япония» саммити Токиода якунланди'),
        ('event', False, 'Тошкентдаги «Марказий Осиё» меҳмонхонаси таъмирга ёпилди'),
        ('park', False, 'Чимкентда стартаплар учун саноат маркази очилди'),
        ('khorgos', False, 'Хитой-Қозоғистон ҳамкорлик маркази Хоргосда очилади'),
        ('trade', False, '«Атамекен» ва «Гулистан» постлари кеча-кундуз ишлайди'),
        ('other', False, 'Туркистон халқаро аэропорти миллионинчи йўловчини қабул қилди'),
        ('trade', False, 'Ўзбекистон ва Қозоғистон автосаноатда саноат кооперациясини муҳокама қилди'),
    ],
}
for _lang, _rows in HARD_SENTENCES.items():
    SENTENCES[_lang] = SENTENCES[_lang] + _rows

# The body under a sentence used as a headline: says nothing about anything.
EMPTY_BODY = {"ru": "Подробности позже.", "kk": "Толығырақ кейінірек.", "uz-Latn": "Batafsil keyinroq.",
              "uz-Cyrl": "Батафсил кейинроқ.", "en": "More details later."}


def headline_about(pipeline, lang: str, sentence: str) -> bool:
    """Does the sentence, as a headline over an empty body, make the article about the center?"""
    return pipeline(EMPTY_BODY[lang], title=sentence).relevance["label"] == "about"


def article_label(pipeline, text: str) -> str:
    return pipeline(text).relevance["label"]


def accuracy(pipeline) -> dict:
    """{(table, lang, class): [right, total]} over both tables."""
    out: dict = collections.defaultdict(lambda: [0, 0])
    for lang, rows in SENTENCES.items():
        for cls, center, text in rows:
            ok = headline_about(pipeline, lang, text) == center
            for key in (("sentences", lang, cls), ("sentences", lang, "all")):
                out[key][0] += ok
                out[key][1] += 1
    for lang, rows in ARTICLES.items():
        for cls, label, text in rows:
            got = article_label(pipeline, text)
            for key, ok in ((("articles", lang, cls), got == label), (("articles", lang, "all"), got == label),
                            (("about", lang, "all"), (got == "about") == (label == "about"))):
                out[key][0] += ok
                out[key][1] += 1
    return out


def main() -> None:
    from nlp.pipeline import Pipeline

    pipeline = Pipeline()
    acc = accuracy(pipeline)
    langs = list(SENTENCES)
    for table in ("sentences", "articles", "about"):
        classes = sorted({c for t, _, c in acc if t == table} - {"all"}) + ["all"]
        print(f"{table:<14}" + "".join(f"{lang:>9}" for lang in langs))
        for cls in classes:
            cells = [acc.get((table, lang, cls)) for lang in langs]
            print(f"  {cls:<12}" + "".join(f"{c[0] / c[1]:>9.2f}" if c else f"{'':>9}" for c in cells))
    if "-v" in sys.argv:
        for lang, rows in SENTENCES.items():
            for cls, center, text in rows:
                if headline_about(pipeline, lang, text) != center:
                    print("SENTENCE", lang, cls, center, text)
        for lang, rows in ARTICLES.items():
            for cls, label, text in rows:
                got = article_label(pipeline, text)
                if got != label:
                    print("ARTICLE", lang, cls, label, got, text.split(chr(10))[0])


if __name__ == "__main__":
    main()

# A fourth batch: the center under its boundary-cooperation name, which Khorgos shares, told apart by
# the border it straddles, in its sentence or the next; Khorgos on the border with China stays out.
# The code before the border became a clue missed all five "about" rows and kept the five Khorgos
# rows out.
BORDER_ARTICLES = {
    'ru': [
        ('place', 'about', 'Новый терминал для приграничного центра\n\nМеждународный центр приграничного сотрудничества на границе с Узбекистаном получит новый грузовой терминал. Работы начнутся весной.'),
        ('khorgos', 'none', 'Хоргос принимает туристов\n\nМеждународный центр приграничного сотрудничества «Хоргос» на границе с Китаем принял миллионного посетителя.'),
    ],
    'en': [
        ('place', 'about', 'Customs post for the border center\n\nThe international center for cross-border cooperation is being built on the border with Uzbekistan. Its customs post will open in June.'),
        ('khorgos', 'none', 'Khorgos welcomes shoppers\n\nThe Khorgos international center for boundary cooperation on the border with China set a visitor record.'),
    ],
    'kk': [
        ('place', 'about', 'Кеден терминалы салынуда\n\nШекара маңы ынтымақтастығы орталығында кеден терминалы салынып жатыр. Орталық Мақтаарал ауданында, Өзбекстанмен шекарада орналасқан.'),
        ('khorgos', 'none', 'Қорғасқа келушілер көбейді\n\n«Қорғас» шекара маңы ынтымақтастығы орталығы Қытаймен шекарада орналасқан.'),
    ],
    'uz-Latn': [
        ('place', 'about', 'Bojxona terminali qurilmoqda\n\nXalqaro chegaraoldi hamkorlik markazida bojxona terminali qurilmoqda. Markaz Oʻzbekiston va Qozogʻiston chegarasida joylashgan.'),
        ('khorgos', 'none', 'Xorgosga sayyohlar koʻpaydi\n\n«Xorgos» xalqaro chegaraoldi hamkorlik markazi Xitoy bilan chegarada joylashgan.'),
    ],
    'uz-Cyrl': [
        ('place', 'about', 'Божхона терминали қурилмоқда\n\nХалқаро чегараолди ҳамкорлик марказида божхона терминали қурилмоқда. Марказ Ўзбекистон ва Қозоғистон чегарасида жойлашган.'),
        ('khorgos', 'none', 'Хоргосга сайёҳлар кўпайди\n\n«Хоргос» халқаро чегараолди ҳамкорлик маркази Хитой билан чегарада жойлашган.'),
    ],
}
for _lang, _rows in BORDER_ARTICLES.items():
    ARTICLES[_lang] = ARTICLES[_lang] + _rows
