"""Small French articles written for the tests (fictional events, real places and titles)."""

from __future__ import annotations

import json
from pathlib import Path

ARMS = (
    "Moscou veut des drones iraniens\n"
    "Le ministre russe de la Défense s'est rendu lundi à Téhéran pour discuter de livraisons de "
    "drones, selon l'agence Reuters. Téhéran a démenti toute vente d'armes à la Russie.\n\n"
    "« Nous ne livrons aucune arme à une partie en guerre », a déclaré le porte-parole du "
    "ministère iranien des Affaires étrangères."
)

_PLACES = ["Kharkiv", "Odessa", "Kherson", "Dnipro", "Zaporijia", "Soumy", "Tchernihiv", "Lviv"]
_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def dispatch(i: int) -> dict:
    """A distinct short wire dispatch; different i give different stories. Its strike is told as
    wire copy tells air strikes: the event model codes it RUSMIL 195 UKR for every i (0.28-0.31
    against a threshold of 0.225); "L'armée russe a frappé la ville", the earlier wording, got
    a Russian source for three towns in eight, at 0.233."""
    place = _PLACES[i % len(_PLACES)]
    day = _DAYS[i % len(_DAYS)]
    return {
        "id": f"test-{i:03d}",
        "url": f"https://example.org/depeche/{i}",
        "title": f"Frappes sur {place} (dépêche {i})",
        "date": f"2024-03-{(i % 27) + 1:02d}",
        "lang": "fr",
        "text": (
            f"L'aviation russe a mené {day} des frappes aériennes sur la ville de {place} avec "
            f"{i + 3} missiles, a indiqué le gouverneur régional, qui fait état de {i + 1} blessés "
            f"dans le quartier numéro {i}.\n\n"
            f"Le président ukrainien a appelé ses alliés à livrer davantage de systèmes de défense "
            f"aérienne après cette attaque, la {i + 2}e de la semaine sur la région de {place}."
        ),
    }


def write_jsonl(path: Path, objects: list[dict]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), "utf-8")
    return path


def write_corpus(folder: Path, n: int) -> Path:
    """A folder of n distinct dispatches, one .txt file each (first line is the title)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        d = dispatch(i)
        (folder / f"depeche-{i:03d}.txt").write_text(d["title"] + "\n" + d["text"], "utf-8")
    return folder
