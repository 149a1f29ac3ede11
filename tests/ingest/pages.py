"""Small fictional French articles and the pages, feeds and archives the ingest tests read."""

from __future__ import annotations

from html import escape

LOIRE = {
    "title": "Crue de la Loire : Orléans évacue ses quais",
    "site": "Le Courrier du Centre",
    "author": "Claire Dumas",
    "date": "2024-03-14",
    "paragraphs": [
        "La préfecture du Loiret a ordonné mercredi l'évacuation des quais d'Orléans, alors que "
        "le niveau de la Loire a dépassé 4,2 mètres dans la nuit.",
        "« Nous ne prenons aucun risque », a déclaré le préfet lors d'un point presse, précisant "
        "que près de 300 habitants étaient concernés par la mesure.",
        "Les pompiers ont effectué une quarantaine d'interventions depuis mardi soir, selon la "
        "sécurité civile, qui prévoit un pic de crue jeudi en fin de journée.",
    ],
}
GREVE = {
    "title": "Grève des contrôleurs aériens : la moitié des vols annulés à Marseille",
    "site": "Provence Matin",
    "author": "Julien Roux",
    "date": "2024-05-02",
    "paragraphs": [
        "La Direction générale de l'aviation civile a demandé jeudi aux compagnies de réduire "
        "de moitié leurs programmes de vols à l'aéroport de Marseille-Provence.",
        "Le syndicat majoritaire des contrôleurs réclame des embauches et une revalorisation "
        "des primes de nuit, faute de quoi le mouvement pourrait se prolonger vendredi.",
        "Plusieurs milliers de passagers ont vu leur vol annulé, et les files d'attente "
        "s'allongeaient dès six heures du matin devant les guichets des compagnies.",
    ],
}
VIGNES = {
    "title": "Gel tardif : les vignerons de Bourgogne allument des bougies",
    "site": "Bourgogne Info",
    "author": "Anne Perrin",
    "date": "2024-04-22",
    "paragraphs": [
        "Les vignerons de la Côte de Beaune ont allumé des milliers de bougies dans la nuit de "
        "dimanche à lundi pour protéger les bourgeons d'un gel tardif.",
        "Le thermomètre est descendu jusqu'à moins quatre degrés à l'aube, selon Météo-France, "
        "qui avait placé le département en vigilance jaune.",
        "La chambre d'agriculture estime qu'il faudra attendre une semaine pour mesurer les "
        "dégâts sur les parcelles les plus exposées.",
    ],
}
JAPANESE = {
    "title": "東京都、新しい防災計画を発表",
    "site": "東京ニュース",
    "author": "山田太郎",
    "date": "2024-06-01",
    "paragraphs": [
        "東京都は水曜日、首都直下地震に備えた新しい防災計画を発表した。避難所の数を増やし、"
        "備蓄食料を三日分から七日分に拡充する。",
        "都の担当者は記者会見で、高齢者や外国人住民への情報提供を強化すると説明した。"
        "計画は来年度から段階的に実施される予定だ。",
        "専門家は、計画の実効性を高めるためには地域住民の参加が欠かせないと指摘している。",
    ],
}
ENGLISH = {
    "title": "Port strike halts container traffic in Rotterdam",
    "site": "Harbour Weekly",
    "author": "Tom Baker",
    "date": "2024-02-08",
    "paragraphs": [
        "Dockworkers at the port of Rotterdam walked out on Thursday, halting container traffic "
        "at the largest terminals for the first time in a decade.",
        "The union said the strike would continue until the operators agreed to talks on "
        "automation and job security, according to a statement released at noon.",
        "Shipping lines warned that vessels would be diverted to Antwerp and Hamburg if the "
        "stoppage lasted beyond the weekend.",
    ],
}


def html_page(article: dict, url: str = "", charset: str = "utf-8", lang: str = "fr") -> str:
    """A news page around the article: navigation, byline, the paragraphs, a footer."""
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article["paragraphs"])
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>{escape(article["title"])} - {escape(article["site"])}</title>
<meta property="og:site_name" content="{escape(article["site"])}">
<meta name="author" content="{escape(article["author"])}">
<meta property="article:published_time" content="{article["date"]}T08:30:00+01:00">
{canonical}</head>
<body><nav><a href="/">Accueil</a> | <a href="/regions">Régions</a> | <a href="/sport">Sport</a></nav>
<article><h1>{escape(article["title"])}</h1>
{body}
</article>
<footer><p>Laisser un commentaire</p><p>© Tous droits réservés</p></footer></body></html>"""


def rss_feed(items: list[tuple[str, str]], title: str = "Fil d'actualité") -> str:
    """An RSS 2.0 feed whose items (title, link) point to pages."""
    entries = "\n".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<pubDate>Thu, 14 Mar 2024 09:00:00 +0100</pubDate></item>"
        for t, link in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>http://127.0.0.1/</link>
<description>Les dernières nouvelles</description>
{entries}
</channel></rss>"""


def atom_feed(article: dict) -> str:
    """An Atom feed with the article's text inline (no link to follow)."""
    content = escape("".join(f"<p>{p}</p>" for p in article["paragraphs"]))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bourgogne Info</title>
<id>urn:bourgogne-info</id><updated>2024-04-22T10:00:00Z</updated>
<entry><title>{escape(article["title"])}</title><id>urn:bourgogne-info:gel</id>
<link href="https://bourgogne-info.example/gel-tardif"/>
<updated>2024-04-22T10:00:00Z</updated><author><name>{article["author"]}</name></author>
<content type="html">{content}</content></entry></feed>"""
