"""Speed of the French, Russian and Ukrainian pipelines against their base model, in one run.

The base model of Russian and Ukrainian is natasha (segmentation, morphology, syntax, names),
of French spaCy's fr_core_news_md; "bare" runs it alone over the texts, "sitroom" runs the
language's whole pipeline (the model, the Doc built from it, lemmas and name forms, then
sitroom's components). Both are warmed up first; model loading is not timed. Issue #18's
goal: each pipeline at >= 0.5x the bare speed.

Usage::

    python benchmarks/bench_languages.py --docs 200 \\
        --fr ../shared/eval-data/news/fr-semeval2023t3-articles/articles.jsonl \\
        --ru ../shared/eval-data/news/ru-telegram-news-2024/articles.jsonl \\
        --uk ../shared/eval-data/news/uk-unlp2025-telegram/articles.jsonl
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sitroom.model import Document
from sitroom.nlp.pipeline import pipeline_for
from sitroom.nlp.pipeline_config import language_config


def read_texts(path: Path, limit: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def bare_natasha(texts: list[str]) -> float:
    from natasha import Doc

    from sitroom.nlp.natasha_doc import _models

    models = _models()
    started = time.perf_counter()
    for text in texts:
        doc = Doc(text)
        doc.segment(models["segmenter"])
        doc.tag_morph(models["morph"])
        doc.parse_syntax(models["syntax"])
        doc.tag_ner(models["ner"])
    return time.perf_counter() - started


def bare_spacy(texts: list[str], model: str) -> float:
    import spacy

    nlp = spacy.load(model)
    nlp.max_length = max(map(len, texts), default=0) + 1
    list(nlp.pipe(texts[:5]))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):  # the batch size sitroom's Pipeline uses
        pass
    return time.perf_counter() - started


def sitroom_pipeline(texts: list[str], lang: str) -> float:
    pipeline = pipeline_for(language_config(lang))
    documents = [Document(text=text, lang=lang) for text in texts]
    started = time.perf_counter()
    for _ in pipeline.extract_many(documents):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--fr", type=Path, help="French articles (JSON lines with text)")
    parser.add_argument("--ru", type=Path, help="Russian articles (JSON lines with text)")
    parser.add_argument("--uk", type=Path, help="Ukrainian articles (JSON lines with text)")
    args = parser.parse_args()
    print("| language | docs | characters | base model | bare s | sitroom s | ratio |")
    print("|---|---|---|---|---|---|---|")
    for lang, path in (("fr", args.fr), ("ru", args.ru), ("uk", args.uk)):
        if path is None:
            continue
        texts = read_texts(path, args.docs)
        sitroom_pipeline(texts[:5], lang)  # warm up
        if lang == "fr":
            base, bare = "fr_core_news_md", bare_spacy(texts, "fr_core_news_md")
        else:
            bare_natasha(texts[:5])
            base, bare = "natasha", bare_natasha(texts)
        full = sitroom_pipeline(texts, lang)
        characters = sum(map(len, texts))
        print(
            f"| {lang} | {len(texts)} | {characters:,} | {base} | {bare:.2f} | {full:.2f} "
            f"| {bare / full:.2f}x |"
        )


if __name__ == "__main__":
    main()
