"""Generate src/veille/lang/fr/countries.tsv: French country names, adjectives, capitals -> ISO3.

pycountry's French translations give the names; the compact table below adds the usual short
names, adjectives (expanded to all genders and numbers), demonyms, capitals and metonyms.
Lines below the "# --- added by hand" marker of the existing file are kept as they are.
    python scripts/make_countries.py
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "veille" / "lang" / "fr" / "countries.tsv"
MARKER = "# --- added by hand"

# ISO3: short names | masculine adjectives | capitals (and seats of government) | metonyms
SEED = """
AFG|Afghanistan|afghan|Kaboul|
ZAF|Afrique du Sud|sud-africain|Pretoria|
ALB|Albanie|albanais|Tirana|
DZA|Algérie|algérien|Alger|
DEU|Allemagne|allemand|Berlin|la Chancellerie
SAU|Arabie saoudite;Arabie Saoudite|saoudien|Riyad|
ARG|Argentine|argentin|Buenos Aires|
ARM|Arménie|arménien|Erevan|
AUS|Australie|australien|Canberra|
AUT|Autriche|autrichien|Vienne|
AZE|Azerbaïdjan|azerbaïdjanais;azéri|Bakou|
BEL|Belgique|belge|Bruxelles|
BLR|Biélorussie;Bélarus|biélorusse;bélarusse|Minsk|
BRA|Brésil|brésilien|Brasilia|
BGR|Bulgarie|bulgare|Sofia|
BFA|Burkina Faso|burkinabè|Ouagadougou|
CMR|Cameroun|camerounais|Yaoundé|
CAN|Canada|canadien|Ottawa|
CHL|Chili|chilien|Santiago|
CHN|Chine|chinois|Pékin;Beijing|
CYP|Chypre|chypriote|Nicosie|
COL|Colombie|colombien|Bogota|
PRK|Corée du Nord|nord-coréen|Pyongyang|
KOR|Corée du Sud|sud-coréen|Séoul|
CIV|Côte d'Ivoire|ivoirien|Abidjan;Yamoussoukro|
HRV|Croatie|croate|Zagreb|
CUB|Cuba|cubain|La Havane|
DNK|Danemark|danois|Copenhague|
EGY|Egypte;Égypte|égyptien|Le Caire|
ARE|Emirats arabes unis;Émirats arabes unis|émirati|Abou Dhabi|
ESP|Espagne|espagnol|Madrid|
EST|Estonie|estonien|Tallinn|
USA|Etats-Unis;États-Unis;Amérique|américain;états-unien|Washington|la Maison Blanche;la Maison-Blanche;le Département d'Etat;le département d'Etat;le Département d'État
ETH|Ethiopie;Éthiopie|éthiopien|Addis Abeba|
FIN|Finlande|finlandais|Helsinki|
FRA|France|français|Paris|l'Elysée;l'Élysée;le Quai d'Orsay;Matignon;Bercy
GEO|Géorgie|géorgien|Tbilissi|
GBR|Royaume-Uni;Royaume Uni;Grande-Bretagne|britannique;anglais|Londres|Downing Street
GRC|Grèce|grec|Athènes|
HUN|Hongrie|hongrois|Budapest|
IND|Inde|indien|New Delhi|
IDN|Indonésie|indonésien|Jakarta|
IRQ|Irak|irakien|Bagdad|
IRN|Iran|iranien|Téhéran|
IRL|Irlande|irlandais|Dublin|
ISR|Israël|israélien|Jérusalem;Tel-Aviv;Tel Aviv|
ITA|Italie|italien|Rome|
JPN|Japon|japonais|Tokyo|
JOR|Jordanie|jordanien|Amman|
KAZ|Kazakhstan|kazakh|Astana|
KEN|Kenya|kényan|Nairobi|
XKX|Kosovo|kosovar|Pristina|
KWT|Koweït|koweïtien|Koweït City|
LVA|Lettonie|letton|Riga|
LBN|Liban|libanais|Beyrouth|
LBY|Libye|libyen|Tripoli|
LTU|Lituanie|lituanien|Vilnius|
MLI|Mali|malien|Bamako|
MAR|Maroc|marocain|Rabat|
MEX|Mexique|mexicain|Mexico|
MDA|Moldavie|moldave|Chisinau|
NER|Niger|nigérien|Niamey|
NGA|Nigeria|nigérian|Abuja|
NOR|Norvège|norvégien|Oslo|
NZL|Nouvelle-Zélande|néo-zélandais|Wellington|
PAK|Pakistan|pakistanais|Islamabad|
PSE|Palestine;Territoires palestiniens|palestinien|Ramallah|
NLD|Pays-Bas|néerlandais|Amsterdam;La Haye|
PER|Pérou|péruvien|Lima|
PHL|Philippines|philippin|Manille|
POL|Pologne|polonais|Varsovie|
PRT|Portugal|portugais|Lisbonne|
QAT|Qatar|qatari|Doha|
COD|République démocratique du Congo;RDC;RDCongo;RD Congo|congolais|Kinshasa|
CZE|République tchèque;Tchéquie|tchèque|Prague|
ROU|Roumanie|roumain|Bucarest|
RUS|Russie|russe|Moscou|le Kremlin
RWA|Rwanda|rwandais|Kigali|
SEN|Sénégal|sénégalais|Dakar|
SRB|Serbie|serbe|Belgrade|
SOM|Somalie|somalien|Mogadiscio|
SDN|Soudan|soudanais|Khartoum|
SSD|Soudan du Sud|sud-soudanais|Juba|
SWE|Suède|suédois|Stockholm|
CHE|Suisse|suisse|Berne|
SYR|Syrie|syrien|Damas|
TWN|Taïwan;Taiwan|taïwanais|Taipei|
TCD|Tchad|tchadien|N'Djamena|
THA|Thaïlande|thaïlandais|Bangkok|
TUN|Tunisie|tunisien|Tunis|
TUR|Turquie|turc|Ankara|
UKR|Ukraine|ukrainien|Kiev;Kyiv;Kiyv|
VEN|Venezuela|vénézuélien|Caracas|
VNM|Vietnam;Viêt Nam|vietnamien|Hanoï|
YEM|Yémen|yéménite|Sanaa|
"""

# Adjectives whose feminine is not the regular one.
_FEMININE = {"turc": "turque", "grec": "grecque", "kazakh": "kazakhe", "burkinabè": "burkinabè"}


def adjective_forms(masculine: str) -> list[str]:
    """The four forms of a French adjective of nationality: m. sg., f. sg., m. pl., f. pl."""
    if masculine in _FEMININE:
        fem = _FEMININE[masculine]
    elif masculine.endswith("e"):
        fem = masculine
    elif re.search(r"(ien|éen)$", masculine):
        fem = masculine + "ne"
    else:
        fem = masculine + "e"
    plural_m = masculine if masculine.endswith(("s", "x")) else masculine + "s"
    forms = [masculine, fem, plural_m, fem + "s"]
    return list(dict.fromkeys(forms))


def demonym(masculine: str) -> list[str]:
    """Demonyms are the capitalised plural adjective (les Américains, les Russes)."""
    return [f[0].upper() + f[1:] for f in adjective_forms(masculine)[2:]]


def pycountry_names() -> list[tuple[str, str]]:
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows = []
    for country in pycountry.countries:
        name = fr.gettext(country.name)
        # "Corée, République de" is a sorted-index form: the plain name is not recoverable.
        if "," not in name and "(" not in name:
            rows.append((name, country.alpha_3))
    return rows


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    for line in SEED.strip().splitlines():
        code, names, adjectives, capitals, metonyms = line.split("|")
        for name in names.split(";"):
            rows.append((name, code, "name"))
        for adjective in adjectives.split(";"):
            rows += [(form, code, "adjective") for form in adjective_forms(adjective)]
            rows += [(form, code, "demonym") for form in demonym(adjective)]
        for capital in filter(None, capitals.split(";")):
            rows.append((capital, code, "capital"))
        for metonym in filter(None, metonyms.split(";")):
            rows.append((metonym, code, "metonym"))
    seen = {form for form, _, _ in rows}
    rows += [(n, c, "name") for n, c in pycountry_names() if n not in seen]
    kept = ""
    if OUT.exists() and MARKER in OUT.read_text("utf-8"):
        kept = OUT.read_text("utf-8").split(MARKER, 1)[1].split("\n", 1)[1]
    header = (
        "# Countries in French: form<TAB>ISO 3166-1 alpha-3<TAB>kind.\n"
        "# kind: name (la Russie), adjective (russe, russes), demonym (les Russes), capital (Moscou),\n"
        "# metonym (le Kremlin); a capital or metonym stands for the government (GOV); regional\n"
        "# (tchétchène, catalan, parisien): an adjective of a region or city, which the actors read\n"
        "# as its country's and places ignore. Written capitalised, a name, capital, metonym or\n"
        '# demonym must be capitalised in the text too ("en berne" is not Bern).\n'
        "# Generated by scripts/make_countries.py (pycountry + a compact seed table); add forms by\n"
        "# hand below the marker line, which the script keeps.\n"
    )
    body = "".join(f"{form}\t{code}\t{kind}\n" for form, code, kind in rows)
    OUT.write_text(header + body + MARKER + "\n" + kept, "utf-8")


if __name__ == "__main__":
    main()
