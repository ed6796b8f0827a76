"""GDELT Global Knowledge Graph 2.1-like rows: one tab-separated line per document of conflict
news, with the 27 GKG 2.1 columns in codebook order (no header line, as GDELT ships them).
Documents the relevance component judges other news (sport, entertainment, business, tech,
health, ...) and whose sentences keep no claim or event make no row.

Filled from the extraction: the record id and date, source, document identifier, counts
(sitroom's claims), locations, persons, organisations, quotations (plus their speaker, an
extension), amounts and dates; tone, themes, GCAM, images and the rest are left empty. Inside
a field the codebook's delimiters apply: ";" between blocks and "#" between the fields of a
count or a location, "," between the fields of a person, organisation, amount or date, and "#"
between quotation blocks whose fields are separated by "|". Delimiter characters inside names
and quotes are replaced by spaces so that every row splits as the codebook says. The README
("Exports") documents each column and where sitroom departs from GDELT (ISO country codes,
GeoNames ids).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import urlsplit

from sitroom.export.common import (
    conflict_only,
    country_name,
    day_of,
    number,
    one_line,
    place_named,
)
from sitroom.model import Claim, Document, Entity, Extraction, Place
from sitroom.vocabulary import measures

COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES",
    "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)  # fmt: skip

#: V2SOURCECOLLECTIONIDENTIFIER of a document on the web (its identifier is the URL) and of
#: one known only by a textual citation (CITATIONONLY, its identifier is that citation).
WEB_COLLECTION, CITATION_COLLECTION = "1", "2"
#: Characters that would split a value, by where it goes: a field of a count or location, of a
#: name or amount ("Name,Offset"), of a quotation ("Offset|Length|Verb|Quote", blocks by "#").
FIELDS, NAME, QUOTE = "#;", ",;", "#|"


def clean(text: str | None, delimiters: str = FIELDS) -> str:
    """A value safe inside a GKG field: on one line (no tab), without ``delimiters``."""
    value = text or ""
    for character in delimiters:
        value = value.replace(character, " ")
    return one_line(value)


def gkg_date(published: str | None) -> str:
    """'2024-08-13' or '2024-08-13T09:30:00+00:00' -> '20240813000000' / '20240813093000';
    "0" when unknown (the codebook's V2.1DATE for "not applicable or not known")."""
    if not published or not day_of(published):
        return "0"
    digits = re.sub(r"\D", "", published[:19])
    return digits.ljust(14, "0")[:14]


def source_common_name(document: Document) -> str:
    """V2SOURCECOMMONNAME: for a web document the domain it is from, without "www." (as GDELT
    writes "kodiakdailymirror.com" for www.kodiakdailymirror.com); else the outlet's name."""
    host = (urlsplit(document.url).hostname or "") if document.url else ""
    return clean(host.removeprefix("www.") or document.outlet, "")


def document_identifier(document: Document) -> str:
    """V2DOCUMENTIDENTIFIER: the URL, else (collection 2, CITATIONONLY) a textual citation:
    outlet, "title", publication day; the document id when there is none of these."""
    if document.url:
        return clean(document.url, "")
    title = f'"{document.title}"' if document.title else None
    parts = [document.outlet, title, day_of(document.published)]
    return clean(", ".join(part for part in parts if part) or document.id, "")


def location_type(place: Place) -> int:
    """GKG location type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if place.feature == "country":
        return 1
    us = place.country_code == "US"
    if place.feature == "admin1":
        return 2 if us else 5
    return 3 if us else 4


def full_name(place: Place) -> str:
    """'Kursk, Kursk Oblast, Russia' as GDELT writes location names."""
    parts = [place.name]
    if place.feature != "country":
        if place.admin1 and place.admin1 != place.name:
            parts.append(place.admin1)
        parts.append(country_name(place.country_code) or "")
    return ", ".join(clean(part) for part in parts if part)


def feature_id(place: Place) -> str:
    """FeatureID: a country match carries its textual country code rather than a numeric id
    (codebook, Location Type); other places their GeoNames id, regions sitroom's own id."""
    if place.feature == "country" and place.country_code:
        return place.country_code
    return clean(place.gazetteer_id.removeprefix("gn:")) if place.gazetteer_id else ""


def location_fields(place: Place | None, enhanced: bool) -> list[str]:
    """Type, FullName, CountryCode, ADM1Code, [ADM2Code,] Lat, Long, FeatureID."""
    if place is None or place.lat is None or place.lon is None:
        return [""] * (8 if enhanced else 7)
    return [
        str(location_type(place)),
        full_name(place),
        place.country_code or "",
        "",  # ADM1Code: GDELT's FIPS region codes are not in the gazetteer
        *([""] if enhanced else []),  # ADM2Code
        f"{place.lat:.4f}",
        f"{place.lon:.4f}",
        feature_id(place),
    ]


def count_type(claim: Claim) -> str:
    measure = measures().get(claim.measure)
    return (measure.gkg if measure else None) or f"SITROOM_{claim.measure.upper()}"


def _count_number(claim: Claim) -> str:
    """The number a count or amount block carries: the claim's value, else (a range) its
    lower bound; whole numbers without a decimal point."""
    value = number(claim.value if claim.value is not None else claim.low)
    return "" if value is None else str(value)


def counts(extraction: Extraction, enhanced: bool) -> str:
    """One block per claim with a measure (not "other") and a whole number: the codebook's
    Count is an integer, so fractional figures go to V2.1AMOUNTS only."""
    blocks = []
    for claim in extraction.claims:
        count = _count_number(claim)
        if claim.measure == "other" or not count.isdigit():
            continue
        place = place_named(extraction, claim.place)
        fields = [
            count_type(claim),
            count,
            clean(claim.measured or claim.unit),
            *location_fields(place, enhanced=False),
            *([str(claim.span[0])] if enhanced else []),
        ]
        blocks.append("#".join(fields))
    return ";".join(blocks)


def locations(extraction: Extraction, enhanced: bool) -> str:
    blocks = []
    for place in extraction.places:
        if place.lat is None or place.lon is None:
            continue
        if not enhanced:
            blocks.append("#".join(location_fields(place, enhanced=False)))
            continue
        for mention in place.mentions or []:
            blocks.append("#".join([*location_fields(place, enhanced=True), str(mention.span[0])]))
    return ";".join(blocks)


def names(entities: list[Entity], enhanced: bool) -> str:
    if not enhanced:
        return ";".join(dict.fromkeys(clean(entity.name, NAME) for entity in entities))
    blocks = [
        f"{clean(entity.name, NAME)},{mention.span[0]}"
        for entity in entities
        for mention in entity.mentions
    ]
    return ";".join(blocks)


def quotations(extraction: Extraction) -> str:
    """Offset|Length|Verb|Quote blocks joined by "#", plus a fifth field: the speaker's name
    (a sitroom extension; readers that take the first four fields are unaffected).

    Only direct quotes: the codebook's field holds quoted statements, verbatim; reported speech
    ("he said that ...") is the reporter's wording and stays in sitroom's own exports."""
    speakers = {entity.id: entity.name for entity in extraction.entities}
    blocks = []
    for quote in extraction.quotes:
        if quote.kind != "direct":
            continue
        start, end = quote.span
        fields = [
            str(start),
            str(end - start),
            clean(quote.cue, QUOTE),
            clean(quote.text, QUOTE),
            clean(speakers.get(quote.speaker or "", ""), QUOTE),
        ]
        blocks.append("|".join(fields))
    return "#".join(blocks)


def amounts(extraction: Extraction) -> str:
    """Amount,Object,Offset for every figure (all measures, including "other")."""
    blocks = []
    for claim in extraction.claims:
        amount = _count_number(claim)
        if amount:
            blocks.append(f"{amount},{clean(claim.measured or claim.unit, NAME)},{claim.span[0]}")
    return ";".join(blocks)


def enhanced_dates(extraction: Extraction) -> str:
    """Resolution,Month,Day,Year,Offset for times naming a calendar day (resolution 3, a
    fully resolved date), a month (2) or a year (1). The codebook separates the fields of a
    date with commas ("semicolon-delimited blocks, with comma-delimited fields")."""
    blocks = []
    for time in extraction.times:
        value = time.value or ""
        if day_of(value):
            year, month, day, resolution = value[:4], value[5:7], value[8:10], "3"
        elif re.fullmatch(r"\d{4}-\d{2}", value):
            year, month, day, resolution = value[:4], value[5:7], "0", "2"
        elif re.fullmatch(r"\d{4}", value):
            year, month, day, resolution = value, "0", "0", "1"
        else:
            continue
        fields = [resolution, str(int(month)), str(int(day)), year, str(time.span[0])]
        blocks.append(",".join(fields))
    return ";".join(blocks)


def gkg_row(extraction: Extraction) -> list[str]:
    document = extraction.document
    date = gkg_date(document.published)
    persons = [e for e in extraction.entities if e.kind == "PERSON"]
    organisations = [e for e in extraction.entities if e.kind in ("ORG", "FORCE")]
    values = {
        "GKGRECORDID": f"{date if date != '0' else '00000000000000'}-{document.id}",
        "V2.1DATE": date,
        "V2SOURCECOLLECTIONIDENTIFIER": WEB_COLLECTION if document.url else CITATION_COLLECTION,
        "V2SOURCECOMMONNAME": source_common_name(document),
        "V2DOCUMENTIDENTIFIER": document_identifier(document),
        "V1COUNTS": counts(extraction, enhanced=False),
        "V2.1COUNTS": counts(extraction, enhanced=True),
        "V1LOCATIONS": locations(extraction, enhanced=False),
        "V2ENHANCEDLOCATIONS": locations(extraction, enhanced=True),
        "V1PERSONS": names(persons, enhanced=False),
        "V2ENHANCEDPERSONS": names(persons, enhanced=True),
        "V1ORGANIZATIONS": names(organisations, enhanced=False),
        "V2ENHANCEDORGANIZATIONS": names(organisations, enhanced=True),
        "V2.1ENHANCEDDATES": enhanced_dates(extraction),
        "V2.1QUOTATIONS": quotations(extraction),
        "V2.1AMOUNTS": amounts(extraction),
    }
    return [values.get(column, "") for column in COLUMNS]


def write_gkg(extractions: Iterable[Extraction], out: TextIO) -> int:
    """Write one GKG row per document of conflict news as it arrives (its counts from the
    claims the relevance component keeps, see ``conflict_only``); return the row count."""
    written = 0
    for extraction in extractions:
        conflict = conflict_only(extraction)
        if conflict is None:
            continue  # sport, entertainment, business, ... news: no row
        out.write("\t".join(gkg_row(conflict)) + "\n")
        written += 1
    return written
