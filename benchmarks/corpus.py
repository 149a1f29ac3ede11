"""A generated corpus of realistic French news articles, composed from sentence templates."""

from __future__ import annotations

import random

PEOPLE = [
    ("le président ukrainien", "Volodymyr Zelensky"),
    ("le porte-parole du Kremlin", "Dmitri Peskov"),
    ("la ministre des Affaires étrangères", "Catherine Colonna"),
    ("le secrétaire général de l'Otan", "Jens Stoltenberg"),
    ("le Premier ministre", "Gabriel Attal"),
    ("le chef de la diplomatie européenne", "Josep Borrell"),
    ("le gouverneur régional", "Oleg Sinegoubov"),
    ("la présidente de la Commission européenne", "Ursula von der Leyen"),
]
ACTORS = [
    "Moscou",
    "Kiev",
    "Washington",
    "Paris",
    "Pékin",
    "l'Union européenne",
    "l'armée russe",
    "l'armée ukrainienne",
    "le gouvernement français",
    "l'ONU",
    "Berlin",
    "l'Otan",
]
PLACES = [
    "Kharkiv",
    "Zaporijia",
    "Bakhmout",
    "Odessa",
    "Marseille",
    "Lyon",
    "Bruxelles",
    "Varsovie",
    "Genève",
    "Sotchi",
    "Vladivostok",
    "Strasbourg",
    "Kherson",
    "Dnipro",
]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "septembre", "octobre", "novembre"]
# (indefinite, definite, "de" + definite, "à" + definite, verb ending for the definite form)
TOPICS = [
    (
        "des livraisons d'armes",
        "les livraisons d'armes",
        "des livraisons d'armes",
        "aux livraisons d'armes",
        "nt",
    ),
    ("un cessez-le-feu", "le cessez-le-feu", "du cessez-le-feu", "au cessez-le-feu", ""),
    ("de nouvelles sanctions", "les sanctions", "des sanctions", "aux sanctions", "nt"),
    (
        "un accord sur les céréales",
        "l'accord sur les céréales",
        "de l'accord sur les céréales",
        "à l'accord sur les céréales",
        "",
    ),
    (
        "une aide humanitaire d'urgence",
        "l'aide humanitaire",
        "de l'aide humanitaire",
        "à l'aide humanitaire",
        "",
    ),
    ("des négociations de paix", "les négociations", "des négociations", "aux négociations", "nt"),
    (
        "un plan de reconstruction",
        "le plan de reconstruction",
        "du plan de reconstruction",
        "au plan de reconstruction",
        "",
    ),
]
NUMBERS = [
    "trois",
    "cinq",
    "douze",
    "vingt",
    "quarante",
    "plusieurs dizaines de",
    "près de 300",
    "1 500",
]

SENTENCES = [
    "{actor} a annoncé {day} {topic_a}, selon un communiqué publié dans la soirée.",
    "« Nous ne céderons pas à la pression », a déclaré {role} {person} lors d'une conférence de presse à {place}.",
    "Selon {role}, {actor2} prépare {topic_a}, dont les détails pourraient être rendus publics avant la fin du mois.",
    "Des frappes ont visé dans la nuit de {day} la région de {place}, faisant {number} victimes, a indiqué {role} {person}.",
    "{actor} a démenti ces informations, dénonçant une « campagne de désinformation » orchestrée par {actor2}.",
    "Le porte-parole a refusé de confirmer la tenue d'une rencontre à {place}, se contentant d'évoquer des « contacts réguliers ».",
    "{person} doit se rendre à {place} {day} pour s'entretenir avec ses homologues au sujet {topic_of}, a-t-on appris de source diplomatique.",
    "Les combats se poursuivent près de {place}, où {number} soldats ont été blessés depuis le début de la semaine, selon l'état-major.",
    "{actor} a appelé {actor2} à renoncer {topic_to} et à respecter le droit international.",
    "Les autorités de {place} ont ordonné l'évacuation de {number} habitants après de nouveaux bombardements.",
    "D'après le New York Times, qui cite des responsables américains, {actor} envisage {topic_a} dès {month}.",
    "{role} {person} a estimé que {topic_b} constituai{pl} « une étape décisive » pour la sécurité du continent.",
    "Cette annonce intervient alors que {actor} et {actor2} multiplient les échanges au sujet {topic_of} depuis {month}.",
    "Le montant de l'aide s'élève à {number} millions d'euros, a précisé le ministère dans un communiqué.",
    "Interrogé par l'AFP, un diplomate européen a jugé la situation « extrêmement préoccupante » à {place}.",
]


def sentence(rng: random.Random) -> str:
    role, person = rng.choice(PEOPLE)
    topic_a, topic_b, topic_of, topic_to, plural = rng.choice(TOPICS)
    actor, actor2 = rng.sample(ACTORS, 2)
    text = rng.choice(SENTENCES).format(
        actor=actor,
        actor2=actor2,
        role=role,
        person=person,
        place=rng.choice(PLACES),
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        topic_a=topic_a,
        topic_b=topic_b,
        number=rng.choice(NUMBERS),
        topic_of=topic_of,
        topic_to=topic_to,
        pl=plural or "t",
    )
    return text[0].upper() + text[1:]


def generate(n: int, seed: int = 7) -> list[dict]:
    """`n` articles (id, title, date, text), five to nine paragraphs of one to three sentences."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        paragraphs = [
            " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(5, 9))
        ]
        title = sentence(rng).rstrip(".")
        articles.append(
            {
                "id": f"bench-{i:04d}",
                "title": title,
                "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "lang": "fr",
                "text": "\n\n".join(paragraphs),
            }
        )
    return articles
