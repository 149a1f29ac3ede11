"""Duplicates and stories: versions and copies of one dispatch share a story; distinct ones don't."""

from __future__ import annotations

from veille.ingest.duplicates import StoryIndex, content_hash, signature, similarity

# A fictional dispatch, its update (new lead, one paragraph added, a figure changed) and a
# syndicated copy (new headline, dateline, credit and a site's footer).
DISPATCH = """Kiev, 12 mars 2024 - Une vague de drones russes a visé dans la nuit de lundi à mardi la région de Kharkiv, dans le nord-est de l'Ukraine, faisant au moins trois morts et onze blessés, selon le gouverneur régional.
Les frappes ont touché un dépôt de carburant et plusieurs immeubles d'habitation dans la périphérie de la ville, a précisé le gouverneur sur les réseaux sociaux, en publiant des photos de bâtiments éventrés.
L'armée de l'air ukrainienne a affirmé avoir abattu vingt-deux des vingt-huit drones lancés depuis le territoire russe, ainsi qu'un missile de croisière au-dessus de la région de Poltava.
Les secours ont travaillé toute la nuit pour dégager les décombres, et une école voisine a été transformée en centre d'accueil pour les habitants privés d'électricité.
Moscou n'a pas commenté ces frappes dans l'immédiat. Le ministère russe de la Défense a de son côté affirmé avoir détruit plusieurs drones ukrainiens au-dessus de la région de Belgorod.
Kharkiv, deuxième ville du pays, est régulièrement la cible de bombardements depuis le début de l'invasion russe en février 2022."""

UPDATE = """Kiev, 12 mars 2024 - Le bilan des frappes de drones russes sur la région de Kharkiv s'est alourdi mardi à cinq morts, dont un enfant, et dix-sept blessés, a annoncé le gouverneur régional en fin de matinée.
Les frappes ont touché un dépôt de carburant et plusieurs immeubles d'habitation dans la périphérie de la ville, a précisé le gouverneur sur les réseaux sociaux, en publiant des photos de bâtiments éventrés.
L'armée de l'air ukrainienne a affirmé avoir abattu vingt-deux des vingt-huit drones lancés depuis le territoire russe, ainsi qu'un missile de croisière au-dessus de la région de Poltava.
Les secours ont travaillé toute la nuit pour dégager les décombres, et une école voisine a été transformée en centre d'accueil pour les habitants privés d'électricité.
Le président ukrainien a de nouveau appelé les alliés de Kiev à livrer davantage de systèmes de défense antiaérienne, estimant que chaque jour de retard coûtait des vies.
Moscou n'a pas commenté ces frappes dans l'immédiat. Le ministère russe de la Défense a de son côté affirmé avoir détruit plusieurs drones ukrainiens au-dessus de la région de Belgorod.
Kharkiv, deuxième ville du pays, est régulièrement la cible de bombardements depuis le début de l'invasion russe en février 2022."""

SYNDICATED = (
    "Ukraine : nuit de frappes meurtrières sur Kharkiv\n"
    + DISPATCH.replace("Kiev, 12 mars 2024 - ", "")
    + "\n(Avec AFP)\nRetrouvez toute l'actualité internationale dans notre newsletter."
)

# Another dispatch of the same day about the same war: same places, same actors, another story.
OTHER = """Kiev, 12 mars 2024 - L'Ukraine et la Pologne sont parvenues mardi à un accord pour lever le blocage des camions ukrainiens à la frontière, a annoncé le ministre ukrainien des Infrastructures à l'issue d'une réunion à Varsovie.
Des agriculteurs et des transporteurs polonais bloquaient depuis plusieurs semaines trois points de passage, dénonçant une concurrence déloyale des céréales et des transporteurs venus d'Ukraine.
Selon le ministre, les deux pays mettront en place des contrôles communs et un système de licences pour limiter le transit des produits agricoles vers le marché polonais.
Les exportations ukrainiennes, vitales pour l'économie du pays en guerre contre la Russie depuis février 2022, passent en partie par les routes polonaises depuis la fermeture des ports de la mer Noire.
Bruxelles a salué un compromis et appelé les deux voisins à poursuivre le dialogue, alors que des manifestations sont encore prévues dans plusieurs villes polonaises cette semaine."""

OTHER_SAME_TOPIC = """Kiev, 12 mars 2024 - Des drones ukrainiens ont frappé dans la nuit de lundi à mardi une raffinerie de la région de Riazan, au sud-est de Moscou, provoquant un incendie, selon les autorités russes locales.
Le gouverneur de la région a affirmé que l'incendie avait été maîtrisé dans la matinée et qu'aucune victime n'était à déplorer, sans donner de détail sur l'ampleur des dégâts.
Une source au sein des services de sécurité ukrainiens a confirmé à l'AFP une opération visant les infrastructures énergétiques qui alimentent l'armée russe.
Il s'agit de la troisième attaque contre une raffinerie russe en une semaine, alors que Kiev cherche à frapper l'économie de guerre de son voisin.
Le ministère russe de la Défense a affirmé avoir détruit vingt-cinq drones ukrainiens au-dessus de plusieurs régions frontalières, dont celles de Belgorod et de Koursk."""


def test_exact_copy_same_hash_and_signature():
    spaced = DISPATCH.replace(" ", "  ").upper()
    assert content_hash(spaced) == content_hash(DISPATCH)
    assert signature(spaced) == signature(DISPATCH)


def test_similarities_leave_a_margin_around_the_threshold():
    base = signature(DISPATCH)
    assert similarity(base, signature(UPDATE)) > 0.45
    assert similarity(base, signature(SYNDICATED)) > 0.75
    assert similarity(base, signature(OTHER)) < 0.1
    assert similarity(base, signature(OTHER_SAME_TOPIC)) < 0.1


def test_update_and_syndicated_copy_join_the_first_story():
    index = StoryIndex()
    assert index.assign("a1", DISPATCH) == "a1"
    assert index.assign("a2", UPDATE) == "a1"
    assert index.assign("a3", SYNDICATED) == "a1"
    assert index.assign("a4", OTHER) == "a4"
    assert index.assign("a5", OTHER_SAME_TOPIC) == "a5"
    assert index.assign("a2", OTHER) == "a1"  # an article keeps the story it was given


def test_index_rebuilt_from_stored_rows_gives_the_same_stories():
    first = StoryIndex()
    rows = []
    for article_id, text in [("a1", DISPATCH), ("a4", OTHER)]:
        sig = signature(text)
        rows.append((article_id, sig, first.assign(article_id, sig)))
    # A later run: the store hands back its rows, new articles join the old stories.
    later = StoryIndex(rows)
    assert len(later) == 2
    assert later.assign("a2", UPDATE) == "a1"
    assert later.assign("a5", OTHER_SAME_TOPIC) == "a5"
    assert later.story_of("a4") == "a4"


def test_short_texts_match_only_exact_copies():
    index = StoryIndex()
    assert index.assign("s1", "Séisme au Japon.") == "s1"
    assert index.assign("s2", "Séisme au Chili.") == "s2"
    assert index.assign("s3", "séisme au japon") == "s1"
