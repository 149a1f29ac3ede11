"""A small store for the export, API and dashboard tests: hand-made analyses of articles written
for the tests (so the tests do not hang on the extractors' recall), plus real pipeline runs."""

from __future__ import annotations

from pathlib import Path

from veille import cameo
from veille.pipeline import article_key
from veille.records import Analysis, Article
from veille.store import connect, write_batch

VISIT = (
    "PARIS, 5 septembre - Le président français a reçu mardi à Paris le président sénégalais "
    "Macky Sall. Les deux dirigeants ont signé un accord de coopération militaire.\n"
    "« Nous voulons renforcer nos liens », a déclaré Macky Sall à la presse.\n"
    "La Russie a démenti lundi avoir livré des armes au Mali, selon l'agence Tass."
)
CLASHES = (
    "Des combats ont opposé jeudi l'armée malienne à des rebelles près de Kidal. "
    "Bamako accuse les rebelles d'avoir attaqué un camp militaire. "
    "Washington a appelé à la désescalade."
)
CLASHES_COPY = (
    "De violents combats ont opposé jeudi l'armée malienne à des rebelles près de Kidal, "
    "selon des sources locales. Des responsables américains affirment que la Russie a livré "
    "des armes au Mali."
)
SCRIPT = (
    "Le ministre a déclaré : <script>window.__pwned = 1</script> avant de partir pour Berlin. "
    "L'Allemagne a condamné <img src=x onerror=\"window.__pwned = 2\"> l'attaque.\n"
    "« <b>Jamais</b> nous ne céderons », a lancé le ministre."
)
PIPELINE_ARTICLES = [
    Article(
        text=(
            "Le Premier ministre japonais s'est rendu mercredi à Séoul, où il a rencontré le "
            "président sud-coréen. Les deux dirigeants ont condamné le tir d'un missile par la "
            "Corée du Nord."
        ),
        title="Visite à Séoul",
        origin_id="pipe-1",
        url="https://exemple.org/seoul",
        source_name="Agence test",
        published="2024-02-07",
        lang="fr",
    ),
]


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def event(text: str, evidence: str, source: tuple, target: tuple, code: str, **extra) -> dict:
    """An event record as the events extractor makes it: actors are (country, role, name)."""
    start, end = span(text, evidence)
    src, src_role, src_name = source
    tgt, tgt_role, tgt_name = target
    return {
        "start": start,
        "end": end,
        "evidence": evidence,
        "source": src,
        "source_role": src_role,
        "source_code": src + src_role,
        "source_name": src_name,
        "target": tgt,
        "target_role": tgt_role,
        "target_code": tgt + tgt_role,
        "target_name": tgt_name,
        **cameo.gdelt_fields(code),
        "stance": "asserted",
        "reported_by": "",
        "place": "",
        "date": "",
        **extra,
    }


def place(text: str, mention: str, name: str, country: str, kind: str, lat, lon, gid, admin1=""):
    start, end = span(text, mention)
    return {
        "start": start,
        "end": end,
        "mention": mention,
        "name": name,
        "country": country,
        "admin1": admin1,
        "kind": kind,
        "lat": lat,
        "lon": lon,
        "geonames_id": gid,
    }


def dated(text: str, mention: str, value: str) -> dict:
    start, end = span(text, mention)
    return {"start": start, "end": end, "mention": mention, "value": value, "granularity": "day"}


def quote(text: str, words: str, speaker: str, country: str) -> dict:
    start, end = span(text, words)
    return {
        "start": start,
        "end": end,
        "quote": words,
        "speaker": speaker,
        "speaker_country": country,
        "speaker_role": "GOV",
        "relay": "",
        "cue": "déclaré",
    }


def entity(text: str, words: str, label: str) -> dict:
    start, end = span(text, words)
    return {"start": start, "end": end, "text": words, "label": label}


def _analysis(article: Article, **layers) -> Analysis:
    return Analysis(article=article, article_id=article_key(article), **layers)


FRA_GOV = ("FRA", "GOV", "président français")
SEN_GOV = ("SEN", "GOV", "Macky Sall")
RUS_GOV = ("RUS", "GOV", "Russie")


def hand_made() -> list[Analysis]:
    """Four articles with events, places, dates, quotes and entities; two share a story."""
    visit = Article(
        text=VISIT,
        title="Paris et Dakar signent un accord",
        origin_id="visit-1",
        url="https://exemple.fr/visite",
        source_name="Le Quotidien",
        published="2023-09-05",
        lang="fr",
    )
    paris = place(VISIT, "Paris", "Paris", "FRA", "city", 48.8534, 2.3488, 2988507, "11")
    mali = place(VISIT, "Mali", "Mali", "MLI", "country", 17.0, -4.0, 2453866)
    visit_a = _analysis(
        visit,
        events=[
            event(
                VISIT,
                "Le président français a reçu mardi à Paris le président sénégalais Macky Sall",
                FRA_GOV,
                SEN_GOV,
                "043",
                place="Paris",
                date="2023-09-05",
                is_root_event=True,
            ),
            event(
                VISIT,
                "Les deux dirigeants ont signé un accord de coopération militaire",
                FRA_GOV,
                SEN_GOV,
                "057",
                place="Paris",
                date="2023-09-05",
            ),
            event(
                VISIT,
                "La Russie a démenti lundi avoir livré des armes au Mali",
                RUS_GOV,
                ("MLI", "", "Mali"),
                "072",
                place="Mali",
                date="2023-09-04",
                stance="denied",
                reported_by="agence Tass",
            ),
        ],
        places=[paris, mali],
        dates=[dated(VISIT, "mardi", "2023-09-05"), dated(VISIT, "lundi", "2023-09-04")],
        quotes=[quote(VISIT, "Nous voulons renforcer nos liens", "Macky Sall", "SEN")],
        entities=[entity(VISIT, "Macky Sall", "PER"), entity(VISIT, "Russie", "LOC")],
    )
    clashes = Article(
        text=CLASHES,
        title="Combats près de Kidal",
        origin_id="clashes-1",
        url="https://exemple.fr/kidal",
        source_name="Dépêches du Sahel",
        published="2023-09-08",
        lang="fr",
    )
    kidal = place(CLASHES, "Kidal", "Kidal", "MLI", "city", 18.4411, 1.4078, 2455290, "03")
    mli_mil, mli_reb = ("MLI", "MIL", "armée malienne"), ("MLI", "REB", "rebelles")
    clashes_a = _analysis(
        clashes,
        events=[
            event(
                CLASHES,
                "Des combats ont opposé jeudi l'armée malienne à des rebelles près de Kidal",
                mli_mil,
                mli_reb,
                "190",
                place="Kidal",
                date="2023-09-07",
                is_root_event=True,
            ),
            event(
                CLASHES,
                "Bamako accuse les rebelles d'avoir attaqué un camp militaire",
                ("MLI", "GOV", "Bamako"),
                mli_reb,
                "112",
                date="2023-09-08",
            ),
            event(
                CLASHES,
                "Washington a appelé à la désescalade",
                ("USA", "GOV", "Washington"),
                ("MLI", "", "Mali"),
                "0256",
                date="2023-09",
            ),
        ],
        places=[kidal],
        dates=[dated(CLASHES, "jeudi", "2023-09-07")],
        entities=[entity(CLASHES, "Bamako", "LOC"), entity(CLASHES, "Washington", "LOC")],
    )
    copy = Article(
        text=CLASHES_COPY,
        title="Combats à Kidal, selon des sources locales",
        origin_id="clashes-2",
        url="https://autre.example/kidal",
        source_name="Agence Ouest",
        published="2023-09-08",
        lang="fr",
    )
    copy_kidal = place(CLASHES_COPY, "Kidal", "Kidal", "MLI", "city", 18.4411, 1.4078, 2455290)
    copy_a = _analysis(
        copy,
        events=[
            event(
                CLASHES_COPY,
                "De violents combats ont opposé jeudi l'armée malienne à des rebelles près de Kidal",
                mli_mil,
                mli_reb,
                "190",
                place="Kidal",
                date="2023-09-07",
                reported_by="sources locales",
            ),
            event(
                CLASHES_COPY,
                "la Russie a livré des armes au Mali",
                RUS_GOV,
                ("MLI", "", "Mali"),
                "072",
                date="2023-09",
                reported_by="responsables américains",
            ),
        ],
        places=[copy_kidal],
    )
    script = Article(
        text=SCRIPT,
        title="<script>window.__pwned = 3</script>Berlin condamne",
        origin_id="script-1",
        url="https://exemple.fr/script",
        source_name="<i>Le Piège</i>",
        published="2023-09-09",
        lang="fr",
    )
    berlin = place(SCRIPT, "Berlin", "Berlin", "DEU", "city", 52.5244, 13.4105, 2950159, "16")
    script_a = _analysis(
        script,
        events=[
            event(
                SCRIPT,
                "L'Allemagne a condamné <img src=x onerror=\"window.__pwned = 2\"> l'attaque",
                ("DEU", "GOV", "<b>Allemagne</b>"),
                ("", "", ""),
                "111",
                place="Berlin",
            )
        ],
        places=[berlin],
        quotes=[quote(SCRIPT, "<b>Jamais</b> nous ne céderons", "<i>le ministre</i>", "DEU")],
        entities=[entity(SCRIPT, "<script>window.__pwned = 1</script>", "MISC")],
    )
    return [visit_a, clashes_a, copy_a, script_a]


def make_store(path: Path, nlp=None) -> Path:
    """Write the hand-made analyses (and, given a spaCy pipeline, real ones) to a new store."""
    analyses = hand_made()
    stories = {analyses[2].article_id: analyses[1].article_id}  # the copy joins Kidal's story
    if nlp is not None:
        from veille.pipeline import analyse

        analyses += list(analyse(PIPELINE_ARTICLES, nlp))
    con = connect(path)
    try:
        write_batch(con, analyses, stories=stories)
    finally:
        con.close()
    return path
