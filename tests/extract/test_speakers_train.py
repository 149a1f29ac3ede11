"""Learning the speaker model from annotated articles (a tiny corpus written for this test)."""

from __future__ import annotations

import json

from veille.extract import speakers_train

ARTICLES = [
    {
        "id": "a1",
        "date": "2024-03-02",
        "text": (
            "Le maire de Nantes, Paul Giraud, a visité le chantier samedi. "
            "« Le pont ouvrira en mai », a-t-il déclaré. Selon la préfecture, le trafic reprendra."
        ),
        "quotes": [{"quote": "Le pont ouvrira en mai", "speaker": "Paul Giraud"}],
    },
    {
        "id": "a2",
        "date": "2024-03-03",
        "text": (
            "La ministre de la Santé, Claire Morel, a reçu les syndicats. « Nous avons avancé », "
            "a affirmé Mme Morel. « Rien n'est réglé », a répondu le syndicaliste Marc Vidal."
        ),
        "quotes": [
            {"quote": "Nous avons avancé", "speaker": "Claire Morel"},
            {"quote": "Rien n'est réglé", "speaker": "Marc Vidal"},
        ],
    },
]


def test_training_reads_gold_speakers_and_learns_weights(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), "utf-8")
    examples = speakers_train.articles(path)
    assert [x["gold"] for x in examples] == [
        ["Paul Giraud"],
        ["Claire Morel", "Marc Vidal"],
    ]
    model = speakers_train.fit(examples)
    assert isinstance(model["bias"], float) and model["weights"]
    chosen = [speakers_train._decode(x, model)[0] for x in examples]
    assert speakers_train.accuracy(examples, chosen) == 1.0
