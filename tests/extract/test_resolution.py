"""Resolution: the learned ranking of speakers (articles written for these tests)."""

from __future__ import annotations

from veille.extract import resolution


def _speakers(analyse_text, text: str) -> dict[str, str]:
    return {q["quote"]: q["speaker"] for q in analyse_text(text).quotes}


def test_the_packaged_model_has_weights():
    model = resolution.model("fr")
    assert model is not None and len(model["weights"]) > 50
    assert model["trained_on"]["sha256"]


def test_score_is_linear():
    weights = {"bias": -1.0, "weights": {"a": 2.0, "b": -0.5}}
    assert resolution.score(weights, [{"a": 1.0}, {"b": 1.0, "c": 1.0}]) == [1.0, -1.5]


def test_a_spokesman_speaks_for_himself_not_for_his_president(analyse_text):
    text = (
        "Le porte-parole du Kremlin, Dmitri Peskov, a été interrogé mardi sur le voyage du "
        "président Vladimir Poutine en Chine. « Nous n'avons rien à annoncer pour le moment », "
        "a-t-il déclaré."
    )
    assert _speakers(analyse_text, text)["Nous n'avons rien à annoncer pour le moment"] == (
        "Dmitri Peskov"
    )


def test_a_run_of_quotations_keeps_its_speaker(analyse_text):
    text = (
        "La maire de Lille, Martine Aubry, a présenté lundi le nouveau plan de circulation. "
        "« Le pont sera fermé trois mois », a-t-elle annoncé. "
        "« Les bus passeront par le boulevard. »"
    )
    found = _speakers(analyse_text, text)
    assert found["Le pont sera fermé trois mois"] == "Martine Aubry"
    assert found["Les bus passeront par le boulevard."] == "Martine Aubry"


def test_she_is_the_woman_named_before_not_the_last_man(analyse_text):
    text = (
        "L'avocate Valérie Dufour a pris la parole mardi devant le tribunal. "
        "Le procureur Jean-Christophe Morel a requis deux ans de prison contre l'accusé. "
        "« Ce dossier est vide », a-t-elle répliqué."
    )
    assert _speakers(analyse_text, text)["Ce dossier est vide"] == "Valérie Dufour"


def test_a_headline_quotation_is_said_by_who_says_it_again_below(analyse_text):
    text = (
        "Transports : « nous ne céderons rien aux casseurs »\n\n"
        "Le syndicaliste Marc Lefort a défilé mardi à Lyon. M. Lefort a ensuite rencontré les "
        "cheminots, puis Marc Lefort a quitté la ville. Les cortèges ont été calmes. "
        "« Nous ne céderons rien aux casseurs, ni aujourd'hui ni demain », a déclaré le ministre "
        "des Transports, Paul Garnier, dans la soirée."
    )
    assert _speakers(analyse_text, text)["nous ne céderons rien aux casseurs"] == "Paul Garnier"


def test_actor_at_prefers_the_smallest_covering_name():
    actors = [
        {"start": 0, "end": 30, "kind": "title", "country": "RUS"},
        {"start": 20, "end": 30, "kind": "person", "country": "RUS"},
    ]
    assert resolution.actor_at(actors, 22, 28)["kind"] == "person"
    assert resolution.actor_at(actors, 40, 45) is None
