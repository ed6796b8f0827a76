"""sitroom against what a user would otherwise glue together for the same fields.

The glue, on the same spaCy model and the same texts, in the same process:

* quotes:     ``textacy.extract.triples.direct_quotations(doc)`` (speaker, cue, content)
* quantities: ``quantulum3.parser.parse(text)`` (value + unit, no claimant, no measure; its
  classifier off, as it does not load under scikit-learn >= 1.6)
* dates:      ``dateparser.search.search_dates(text, settings={"RELATIVE_BASE": published})``

sitroom: ``Pipeline.extract_many(documents)``, which also resolves entities and places, ties
figures to claimants and measures, and builds events. Both sides are warmed up on a few texts
first; model loading is not timed. The table gives seconds, the items each side returns, and
the ratio of throughputs. Needs the ``compare`` extra (``pip install -e '.[compare]'``).

Usage::

    python benchmarks/bench_glue.py --docs 80
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import CORPUS, read_documents


def glue(nlp, documents: list) -> Counter:
    """Quotes, quantities and dates by the three libraries; the items found, by kind."""
    import dateparser.search
    from quantulum3 import classifier
    from quantulum3 import parser as quantulum
    from textacy.extract.triples import direct_quotations

    # quantulum3's bundled classifier does not unpickle under scikit-learn >= 1.6; its
    # frequency-based disambiguation is what is left to a user
    classifier.USE_CLF = False
    found: Counter = Counter()
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        try:
            quotes = list(direct_quotations(doc))
        except ValueError:  # textacy gives up on a document with an unmatched quotation mark
            quotes = []
            found["documents textacy gave up on (unmatched quote mark)"] += 1
        found["quotes"] += len(quotes)
        found["quotes with a speaker"] += sum(1 for q in quotes if q.speaker)
        quantities = quantulum.parse(document.text)
        found["quantities"] += len(quantities)
        found["  of which a year or a day of the month (no unit)"] += sum(
            1 for q in quantities if q.unit.name == "dimensionless" and _date_part(q.surface)
        )
        settings = {"PREFER_DATES_FROM": "past"}
        if document.published:
            published = datetime.fromisoformat(document.published[:10])
            settings["RELATIVE_BASE"] = published
        dates = dateparser.search.search_dates(document.text, languages=["en"], settings=settings)
        found["dates"] += len(dates or [])
        found["  of which the word 'we' or the verb 'may'"] += sum(
            1 for text, _ in dates or [] if text.lower() == "we" or text == "may"
        )
    return found


def _date_part(surface: str) -> bool:
    """A bare number that is most likely part of a date: 1-31 or 1900-2100."""
    return surface.isdigit() and (1 <= int(surface) <= 31 or 1900 <= int(surface) <= 2100)


def sitroom(pipeline, documents: list) -> Counter:
    found: Counter = Counter()
    for extraction in pipeline.extract_many(documents):
        found["quotes"] += len(extraction.quotes)
        found["quotes with a speaker"] += sum(1 for q in extraction.quotes if q.speaker)
        found["quantities"] += len(extraction.claims)  # sitroom keeps a figure as a claim
        found["claims with a claimant and a measure"] += sum(
            1 for c in extraction.claims if c.claimant_name and c.measure != "other"
        )
        found["dates"] += len(extraction.times)
        found["places with coordinates"] += sum(1 for p in extraction.places if p.lat is not None)
        found["entities"] += len(extraction.entities)
        found["events"] += len(extraction.events)
    return found


def timed(fn: Callable[[], Counter]) -> tuple[float, Counter]:
    start = time.perf_counter()
    found = fn()
    return time.perf_counter() - start, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles (JSONL or any input)")
    parser.add_argument("--docs", type=int, default=80, help="articles of the corpus to use")
    args = parser.parse_args()

    import spacy

    from sitroom.nlp.pipeline import Pipeline
    from sitroom.nlp.pipeline_config import PipelineConfig

    documents = read_documents(args.docs, args.corpus)
    chars = sum(len(d.text) for d in documents)
    print(f"corpus: {args.corpus.resolve()}: {len(documents)} articles, {chars:,} chars\n")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore")  # spaCy's model-version and quantulum3's notices
        nlp = spacy.load(PipelineConfig.load().model)
        pipeline = Pipeline()
        glue(nlp, documents[:3])
        sitroom(pipeline, documents[:3])
        glue_seconds, glue_found = timed(lambda: glue(nlp, documents))
        sitroom_seconds, sitroom_found = timed(lambda: sitroom(pipeline, documents))

    print("| | seconds | docs/s |")
    print("|---|---|---|")
    for name, seconds in (("glue: spaCy + textacy + quantulum3 + dateparser", glue_seconds),
                          ("sitroom extract_many", sitroom_seconds)):  # fmt: skip
        print(f"| {name} | {seconds:.1f} | {len(documents) / seconds:.2f} |")
    print(f"\nsitroom / glue throughput: {glue_seconds / sitroom_seconds:.2f}x\n")
    print("| items found | glue | sitroom |")
    print("|---|---|---|")
    for kind in dict.fromkeys([*glue_found, *sitroom_found]):
        print(f"| {kind} | {glue_found.get(kind, '-')} | {sitroom_found.get(kind, 0)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
