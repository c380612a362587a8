"""What the digest says: the window, folding, commitments, money, entities, escaping, empty days."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from digest_helpers import HandKB, icic, sample_titles, write_config
from icic.config import ConfigError, load_config
from reports.digest import build_digest, write_digest
from reports.query import Window
from reports.render import amount, period

DAY = dt.date(2026, 11, 21)
ALMATY = ZoneInfo("Asia/Almaty")


def in_window(published: str, day: dt.date = DAY) -> bool:
    """The test's own reading of the rule: 24 hours before 08:00 Asia/Almaty on `day`."""
    end = dt.datetime.combine(day, dt.time(8, 0), tzinfo=ALMATY)
    return end - dt.timedelta(hours=24) <= dt.datetime.fromisoformat(published) < end


@pytest.fixture
def hand(tmp_path) -> HandKB:
    return HandKB(tmp_path / "hand.sqlite")


@pytest.mark.parametrize("day", [dt.date(2026, 11, 21), dt.date(2026, 11, 22)])
def test_sample_kb_digest_lists_the_window_articles(sample_kb_path, day):
    from kb import open_db

    db = open_db(sample_kb_path)
    digest = build_digest(db, load_config(), day)
    rows = list(db.query("select title, published, relevance from documents"))
    expected = {r["title"] for r in rows if r["relevance"] == "about" and in_window(r["published"], day)}
    related = {r["title"] for r in rows if r["relevance"] == "related" and in_window(r["published"], day)}
    outside = {title for title, published in sample_titles() if not in_window(published, day)}
    assert expected, "the sample site has articles about the center on 2026-11-20 and 2026-11-21"
    assert {e["title"] for e in digest.context["about"]} == expected
    assert {e["title"] for e in digest.context["related"]} == related
    html, text = digest.html("chart.png"), digest.text
    for title in outside:
        assert title not in text
    for title in expected | related:
        assert title in text
    assert [g["lang"] for g in digest.context["groups"]] == sorted(
        {e["lang"] for e in digest.context["about"]}, key=["ru", "kk", "uz", "en"].index)
    assert not digest.empty and 'src="chart.png"' in html


@pytest.mark.parametrize("published, inside", [
    ("2026-11-20T08:00:00+05:00", True),       # the window opens at 08:00 local the day before
    ("2026-11-21T07:59:59+05:00", True),
    ("2026-11-21T08:00:00+05:00", False),      # and closes (exclusive) at 08:00 on the day
    ("2026-11-20T07:59:00+05:00", False),
    ("2026-11-21T02:30:00Z", True),            # 07:30 in Almaty
    ("2026-11-21T03:00:00Z", False),           # 08:00 in Almaty
    ("2026-11-20T23:00:00", True),             # naive: read in the digest's zone
    ("2026-11-20", False),                     # a bare date is its midnight, before 08:00
])
def test_window_edges(hand, published, inside):
    hand.article("Пробная статья о МЦПК", published)
    titles = [e["title"] for e in build_digest(hand.db, load_config(), DAY).context["about"]]
    assert (titles == ["Пробная статья о МЦПК"]) is inside


def test_window_follows_configured_zone_and_time(hand, tmp_path):
    hand.article("Tashkent morning", "2026-11-21T08:30:00+05:00")
    config = load_config(write_config(tmp_path, digest={"timezone": "Asia/Tashkent", "time": "09:00"}))
    window = Window.for_day(DAY, "09:00", "Asia/Tashkent")
    assert window.end.utcoffset() == dt.timedelta(hours=5)
    assert [e["title"] for e in build_digest(hand.db, config, DAY).context["about"]] == ["Tashkent morning"]


def test_reprints_fold_into_one_entry_with_every_outlet(hand):
    cluster = hand.cluster()
    first = hand.article("МЦПК: открыт таможенный терминал", "2026-11-20T10:00:00+05:00", source="herald",
                         cluster=cluster)
    hand.article("МЦПК: открыт таможенный терминал (перепечатка)", "2026-11-20T12:00:00+05:00",
                 source="caravan", cluster=cluster)
    hand.duplicate_url(first, "http://mirror.test/copy.html", "mirror")
    hand.article("Related news on the border", "2026-11-20T13:00:00+05:00", lang="en", relevance="related")
    ctx = build_digest(hand.db, load_config(), DAY).context
    assert len(ctx["about"]) == 1
    entry = ctx["about"][0]
    assert entry["title"] == "МЦПК: открыт таможенный терминал"
    assert [o["name"] for o in entry["outlets"]] == ["Herald", "Mirror", "Caravan"]
    assert entry["reprints"] == 1
    assert [e["title"] for e in ctx["related"]] == ["Related news on the border"]


def test_a_reprint_of_an_old_story_is_not_new(hand):
    cluster = hand.cluster()
    hand.article("Old story", "2026-11-10T10:00:00+05:00", cluster=cluster)
    hand.article("Old story, reprinted", "2026-11-20T10:00:00+05:00", cluster=cluster, source="late")
    assert build_digest(hand.db, load_config(), DAY).empty


def _track(hand, **over):
    row = {"actor": "Kazakhstan", "action": "open the customs terminal", "action_en": "open the customs terminal",
           "status": "planned", "amount": 5e9, "currency": "KZT", "deadline_kind": "point",
           "deadline_start": None, "deadline_end": "2026-12-10", "first_reported": "2026-10-01",
           "last_reported": "2026-11-20", "reports": 2, "slipped": 0, "about": 1}
    row = {**row, **over}
    row.setdefault("open", int(row["status"] in ("planned", "agreed", "in_progress", "delayed")))  # as kb/tracks.py
    return hand.insert("tracks", **row)


def test_changed_tracks_due_and_overdue(hand):
    doc = hand.article("Сроки сдвинулись", "2026-11-20T10:00:00+05:00")
    moved = _track(hand, deadline_end="2026-12-10")
    event = {"track_id": moved, "date": "2026-11-20T10:00:00+05:00"}
    # values as kb/tracks.py keeps them: "start/end" deadlines, "amount CUR" amounts; old=None is a first value
    hand.insert("track_events", **event, field="deadline", old="2026-01-01/2026-06-30", new="2026-09-30")
    hand.insert("track_events", **{**event, "date": "2026-11-20T15:00:00+05:00"}, field="deadline",
                old="2026-09-30", new="2026-12-10")  # two moves in one day: one line, first old → last new
    hand.insert("track_events", **event, field="amount", old="3000000000 KZT", new="5000000000 KZT")
    hand.insert("track_events", **event, field="status", old=None, new="planned")
    hand.insert("track_events", track_id=moved, date="2026-11-01", field="status", old="agreed", new="planned")
    _track(hand, action_en="build the rail siding", deadline_end="2026-09-30")
    _track(hand, action_en="finished road", deadline_end="2026-08-01", status="completed")
    _track(hand, action_en="far future", deadline_end="2030-12-31")
    hand.insert("commitments", document_id=doc, track_id=moved, actor="Kazakhstan", action="x", status="planned")
    digest = build_digest(hand.db, load_config(), DAY)
    ctx = digest.context
    assert [(c["kind"], c["old"], c["new"]) for c in ctx["changes"]] == [
        ("deadline", "2026-01-01/2026-06-30", "2026-12-10"), ("amount", "3000000000 KZT", "5000000000 KZT")]
    assert [c["action"] for c in ctx["due"]] == ["open the customs terminal"]
    assert [c["action"] for c in ctx["overdue"]] == ["build the rail siding"]
    assert ctx["new_commitments"] == []  # its track was reported before the window: a change, not news
    assert "deadline moved from H1 2026 to 10 Dec 2026" in digest.text
    assert "amount changed from 3,000,000,000 KZT to 5,000,000,000 KZT" in digest.text


def test_new_commitments_money_and_entities(hand):
    doc = hand.article("Markaziy Osiyo markazi: 40 rezident", "2026-11-20T10:00:00+05:00", lang="uz")
    hand.insert("commitments", document_id=doc, actor="Oʻzbekiston", action="40 rezidentni roʻyxatdan oʻtkazish",
                action_en="register 40 residents", status="planned", deadline_end="2026-12-31")
    hand.insert("money", document_id=doc, start=0, end=5, text="123 mlrd soʻm", amount=123e9, currency="UZS",
                usd=9.6e6)
    hand.insert("money", document_id=doc, start=9, end=12, text="123 milliard soʻm", amount=123e9, currency="UZS")
    entity = hand.insert("entities", canonical="Gulistan", type="LOC", key="gulistan")
    for start in (1, 20, 40):
        hand.insert("mentions", document_id=doc, start=start, end=start + 8, text="Guliston", entity_id=entity,
                    type="LOC")
    hand.insert("mentions", document_id=doc, start=60, end=66, text="Atameken", normal="Atameken", type="LOC")
    ctx = build_digest(hand.db, load_config(), DAY).context
    assert [c["action"] for c in ctx["new_commitments"]] == ["register 40 residents"]
    assert [(m["amount"], m["currency"]) for m in ctx["money"]] == [(123e9, "UZS")]
    assert [(e["name"], e["mentions"]) for e in ctx["entities"]] == [("Gulistan", 3), ("Atameken", 1)]


@pytest.mark.parametrize("start, end, expected", [
    ("2026-01-01", "2026-12-31", "2026"),
    ("2026-10-01", "2026-12-31", "Q4 2026"),
    ("2027-01-01", "2027-06-30", "H1 2027"),
    ("2026-11-01", "2026-11-30", "Nov 2026"),
    ("2026-02-01", "2026-04-30", "Feb–Apr 2026"),                # three months, but not a quarter
    ("2026-04-01", "2026-09-30", "Apr–Sep 2026"),                # six months, but not a half
    ("2026-11-20", "2027-01-05", "20 Nov 2026 – 5 Jan 2027"),
    (None, "2030-12-31", "31 Dec 2030"),
    ("2026-12-31", "2026-12-31", "31 Dec 2026"),
])
def test_periods_in_words(start, end, expected):
    assert period(start, end) == expected


@pytest.mark.parametrize("value, currency, qualifier, upper, expected", [
    (123e9, "KZT", "over", None, "over 123,000,000,000 KZT"),
    (1.3e9, "USD", None, None, "1,300,000,000 USD"),
    (2.5e6, "EUR", "up_to", None, "up to 2,500,000 EUR"),   # the qualifier code in words
    (2.5, "USD", None, None, "2.5 USD"),
    (40, None, None, None, "40"),
    (1e9, "USD", None, 2e9, "1,000,000,000–2,000,000,000 USD"),
    (None, "USD", None, None, ""),
])
def test_amount_in_words(value, currency, qualifier, upper, expected):
    assert amount(value, currency, qualifier, upper) == expected


def test_untrusted_titles_arrive_escaped(hand):
    hostile = '<script>alert("x")</script> МЦПК <img src=x onerror=alert(1)>'
    hand.article(hostile, "2026-11-20T10:00:00+05:00", text='Body <b>bold</b> & "quotes" <script>bad()</script>')
    digest = build_digest(hand.db, load_config(), DAY)
    html = digest.html("cid:chart")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; МЦПК &lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>bold</b>" not in html and "bad()" not in html
    assert hostile in digest.text  # the text twin shows it as it is: text


def test_empty_kb_gives_nothing_new(tmp_path):
    paths = write_digest(HandKB(tmp_path / "empty.sqlite").db, load_config(), DAY, tmp_path / "out")
    assert [p.name for p in paths] == ["digest-2026-11-21.html", "digest-2026-11-21.txt",
                                       "digest-2026-11-21.eml", "digest-2026-11-21.png"]
    assert "Nothing new" in paths[0].read_text() and "Nothing new" in paths[1].read_text()
    assert "Articles about the center" not in paths[0].read_text()


def test_skip_empty_writes_nothing(tmp_path):
    config = load_config(write_config(tmp_path, digest={"skip_empty": True}))
    assert write_digest(HandKB(tmp_path / "empty.sqlite").db, config, DAY, tmp_path / "out") == []
    assert not (tmp_path / "out").exists()


def test_cli_writes_the_three_files(sample_kb_path, tmp_path):
    result = icic("digest", "--db", sample_kb_path, "--date", "2026-11-21", "--dry-run", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    written = re.findall(r"wrote (\S+)", result.output)
    assert {p.rsplit(".", 1)[1] for p in written} == {"html", "txt", "eml", "png"}
    assert all((tmp_path / "o" / p.rsplit("/", 1)[1]).stat().st_size > 200 for p in written)


@pytest.mark.parametrize("recipients, bad", [
    (["ok@example.org", "not an address"], "not an address"),
    (["Иван <ivan@пример.рф>", "two@@example.org"], "two@@example.org"),
    (["a" * 5000 + "!"], "aaaa"),    # long junk is refused at once (no regex blow-up)
])
def test_invalid_recipient_rejected_at_config_load(tmp_path, recipients, bad):
    with pytest.raises(ConfigError, match=re.escape(bad)):
        load_config(write_config(tmp_path, digest={"recipients": recipients}))


def test_invalid_to_address_named(sample_kb_path, tmp_path):
    result = icic("digest", "--db", sample_kb_path, "--send", "--to", "nobody-at-all", "--out", tmp_path)
    assert result.exit_code == 1
    assert "nobody-at-all" in result.output


def test_bad_date_is_a_clear_error(sample_kb_path):
    result = icic("digest", "--db", sample_kb_path, "--date", "21.11.2026")
    assert result.exit_code == 2 and "'21.11.2026' is not a date YYYY-MM-DD" in result.output


@pytest.mark.parametrize("day", [dt.date(2026, 11, 21), dt.date(2026, 11, 22)])
def test_sample_kb_new_commitments_are_the_tracks_first_reported_in_the_window(sample_kb_path, day):
    """Reports carry their article's day only; whether a track is new is decided by the articles' own
    moments (a track first reported at 09:00 on the window's first day is new, not 'known before')."""
    from kb import open_db

    db = open_db(sample_kb_path)
    end = dt.datetime.combine(day, dt.time(8, 0), tzinfo=ALMATY)
    start = end - dt.timedelta(hours=24)
    moments: dict[int, list[dt.datetime]] = {}
    window_tracks = set()
    for row in db.query("""select c.track_id, d.published, d.relevance from commitments c
                           join documents d on d.id = c.document_id where c.track_id is not null"""):
        moment = dt.datetime.fromisoformat(row["published"])
        moments.setdefault(row["track_id"], []).append(moment)
        if start <= moment < end and row["relevance"] in ("about", "related"):
            window_tracks.add(row["track_id"])
    expected = {t for t in window_tracks if min(moments[t]) >= start}
    ctx = build_digest(db, load_config(), day).context
    assert expected, "the sample site's window articles bring commitments of their own"
    assert {c["track_id"] for c in ctx["new_commitments"]} == expected
