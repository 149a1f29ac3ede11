"""Alert rules: the TOML file, the filters, once per event and story, volume against a baseline."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.watch.conftest import item
from veille import store
from veille.pipeline import article_key
from veille.records import Analysis, Article
from veille.store.queries import rows
from veille.watch import RulesError, load_rules, watch
from veille.watch.alerts import list_alerts, volume_alerts
from veille.watch.rules import Rule, matches

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "alerts.toml"

STRIKE = {
    "source": "RUS", "source_code": "RUSMIL", "source_name": "L'armée russe",
    "target": "UKR", "target_code": "UKR", "target_name": "Kharkiv",
    "code": "195", "root_code": "19", "quad_class": 4, "stance": "asserted",
    "place": "Kharkiv", "place_name": "Kharkiv", "place_country": "UKR",
    "reported_by": "gouverneur régional", "denied_by": "",
    "evidence": "L'armée russe a bombardé dans la nuit la ville de Kharkiv.",
}  # fmt: skip


def test_the_example_rules_file_loads_with_its_delivery():
    rules = load_rules(EXAMPLE)
    assert {r.kind for r in rules.rules} == {"event", "volume"}
    assert rules.delivery == {"jsonl": "alerts.jsonl"}
    kharkiv = next(r for r in rules.rules if "Kharkiv" in r.name)
    assert matches(kharkiv, STRIKE)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": ["RUS"]}, True),
        ({"actor": ["UKR"]}, True),  # as target
        ({"source": ["UKR"]}, False),
        ({"source": ["RUSMIL"], "root": ["19"]}, True),
        ({"source": ["armée russe"]}, True),  # the name as the text gives it
        ({"dyad": ["UKR", "RUS"]}, True),  # either way round
        ({"dyad": ["UKR", "BLR"]}, False),
        ({"code": ["19"]}, True),
        ({"code": ["190", "194"]}, False),
        ({"root": ["9"]}, False),
        ({"quad": ["4"]}, True),
        ({"stance": ["denied"]}, False),
        ({"place": ["kharkiv"]}, True),
        ({"place": ["UKR"]}, True),  # the place's country
        ({"speaker": ["gouverneur"]}, True),
        ({"words": ["bombardé", "drone"]}, True),  # any of them
        ({"words": ["drone"]}, False),
        ({"actor": ["RUS"], "stance": ["denied"]}, False),  # every filter must pass
    ],
)
def test_filters(filters, expected):
    assert matches(Rule("r", "event", filters), STRIKE) is expected


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[rule]]\nname = "a"\ncolour = "red"', "unknown keys ['colour']"),
        ('[[rule]]\nname = "a"', "would fire on every event"),
        ('[[rule]]\nactor = "RUS"', "needs a name"),
        ('[[volume]]\nname = "a"\ndyad = ["RUS"]', "dyad takes two actors"),
        ('[[volume]]\nname = "a"\nhours = "six"', "hours must be a number"),
        ('[[rule]]\nname = "a"\nroot = "19"\n[[volume]]\nname = "a"', "same name"),
        ("[[rule]\n", "not valid TOML"),
        ("[alerts]\n", "unknown tables"),
    ],
)
def test_a_bad_rules_file_says_what_is_wrong(tmp_path, toml, message):
    path = tmp_path / "rules.toml"
    path.write_text(toml, "utf-8")
    with pytest.raises(RulesError, match=message.replace("[", r"\[")):
        load_rules(path)


def test_a_rule_fires_once_for_an_event_told_by_three_syndicated_copies(
    tmp_path, feeds, fetcher, nlp
):
    wire = item(1)
    copies = [
        wire,
        item(1, id="copy-2", url="https://example.com/a/1", title="Odessa frappée par des missiles",
             text=wire["text"] + "\n\n(Avec Reuters)"),
        item(1, id="copy-3", url="https://example.net/b/1", title="Nouvelles frappes russes",
             text=wire["text"] + "\n\nAvec AFP."),
    ]  # fmt: skip
    feeds.feeds["/wire.xml"] = copies[:1]
    feeds.feeds["/syndication.xml"] = copies[1:]
    rule = Rule("Russian strikes", "event", {"source": ["RUS"], "code": ["18", "19"]})
    con = store.connect(tmp_path / "veille.duckdb")
    fired = []
    sources = [feeds.url("/wire.xml"), feeds.url("/syndication.xml")]
    watch(sources, con, nlp, once=True, rules=[rule], fetcher=fetcher, fetch_links=False,
          on_alerts=fired.extend)  # fmt: skip
    stories = con.execute("SELECT count(*), count(DISTINCT story_id) FROM articles").fetchone()
    assert stories == (3, 1)
    events = rows(con, "SELECT * FROM events", [])
    matching = [e for e in events if matches(rule, e)]
    assert len({e["article_id"] for e in matching}) == 3  # the event, in each copy ...
    assert len(fired) == 1  # ... makes one alert
    alert = list_alerts(con)[0]
    assert alert["rule"] == "Russian strikes" and alert["url"] == wire["url"]
    assert "Odessa" in alert["evidence"] and alert["reported_by"] == "gouverneur régional"
    # Polled again (a new copy elsewhere, the same story): still one.
    feeds.feeds["/syndication.xml"].append(
        item(1, id="copy-4", url="https://example.org/c", title="Odessa", text=wire["text"] + " .")
    )
    watch(sources, con, nlp, once=True, rules=[rule], fetcher=fetcher, fetch_links=False,
          on_alerts=fired.extend)  # fmt: skip
    assert len(fired) == 1 and len(list_alerts(con)) == 1
    con.close()


def _accusations(con, when: list[datetime]) -> None:
    """One RUS -> UKR accusation (112) per article, stored at each of `when`."""
    analyses = []  # with the time each is stored at
    for n, at in enumerate(when):
        article = Article(
            text=f"Accusation du {at:%Y-%m-%d %H:%M}.", title=f"Dépêche {n}", lang="fr"
        )
        event = {
            "source": "RUS", "source_code": "RUSGOV", "target": "UKR", "target_code": "UKRGOV",
            "code": "112", "base_code": "112", "root_code": "11", "quad_class": 3,
            "stance": "asserted", "evidence": article.text, "start": 0, "end": len(article.text),
        }  # fmt: skip
        analyses.append(Analysis(article, article_key(article), events=[event]))
        analyses[-1].added_at = at
    store.write_batch(con, analyses)
    for a in analyses:
        con.execute(
            "UPDATE articles SET added_at = ? WHERE article_id = ?", [a.added_at, a.article_id]
        )


def test_a_volume_rule_fires_on_a_spike_and_not_on_the_baseline(tmp_path):
    con = store.connect(tmp_path / "veille.duckdb")
    now = datetime(2024, 10, 8, 12, 0)
    rule = Rule("accusations", "volume", {"dyad": ["UKR", "RUS"], "root": ["11"]}, hours=6,
                days=7, threshold=3, min_count=3)  # fmt: skip
    # The baseline: two accusations in the same six hours on each of the seven days before.
    _accusations(con, [now - timedelta(days=d, hours=h) for d in range(1, 8) for h in (1, 4)])
    # Today, as usual: two. No alert.
    _accusations(con, [now - timedelta(hours=1, minutes=m) for m in (0, 30)])
    assert volume_alerts(con, [rule], now) == []
    # Then seven in the window: 7 > 3 x 2.
    _accusations(con, [now - timedelta(hours=2, minutes=m) for m in range(5)])
    alerts = volume_alerts(con, [rule], now)
    assert [(a.count, a.baseline) for a in alerts] == [(7, 2.0)]
    assert "7 events in the last 6 h, against 2.0" in alerts[0].message
    # Once per window: the same spike a minute later fires nothing more.
    assert volume_alerts(con, [rule], now + timedelta(minutes=1)) == []
    # Events outside the rule (another dyad) do not count.
    other = Rule("other", "volume", {"dyad": ["USA", "RUS"]}, hours=6, days=7, min_count=1)
    assert volume_alerts(con, [other], now) == []
    con.close()
