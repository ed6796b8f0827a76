"""Exact and near-duplicate detection across a stream of documents."""

from __future__ import annotations

import dataclasses
import hashlib
import re

from datasketch import MinHash, MinHashLSH

from sitroom.model import Document, normalise_text

_WORD = re.compile(r"\w+")


class Deduplicator:
    """Marks exact duplicates (same normalised text -> Document.duplicate_of = first doc id) and
    near-duplicates (MinHash LSH over word shingles, Jaccard threshold ~0.8 -> near_duplicate_of).

    Documents are compared with those marked before them, so the first copy seen stays unmarked.
    LSH candidates are confirmed by their estimated Jaccard similarity, and the most similar
    earlier document wins (the earliest on ties).

    Near-duplicates are looked for among the last ``window`` documents only: a MinHash and its
    LSH entries take about 4 KB, so an unbounded stream (a 1 GB corpus holds ~200,000 articles)
    would otherwise grow without limit, while reposted copies of a story follow it closely.
    Exact duplicates are found across the whole stream (a 32-byte digest per document).
    """

    def __init__(
        self,
        *,
        threshold: float = 0.8,
        num_perm: int = 128,
        shingle_size: int = 3,
        window: int = 20_000,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.window = window
        self._first_id_by_text: dict[bytes, str] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        # Copies of an empty MinHash share its permutations, which are costly to generate.
        self._empty = MinHash(num_perm=num_perm)
        # LSH keys are insertion numbers, not document ids: ids given by a corpus may repeat.
        self._entries: dict[int, tuple[str, MinHash]] = {}
        self._inserted = 0

    def mark(self, doc: Document) -> Document:
        """The document, copied with duplicate_of or near_duplicate_of set if it is a copy."""
        normalised = normalise_text(doc.text)
        key = hashlib.sha256(normalised.encode("utf-8")).digest()
        first_id = self._first_id_by_text.get(key)
        if first_id is not None:
            return dataclasses.replace(doc, duplicate_of=first_id)
        self._first_id_by_text[key] = doc.id
        shingles = self._shingles(normalised)
        if not shingles:
            return doc
        minhash = self._empty.copy()
        minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
        near_id = self._most_similar(minhash)
        self._remember(doc.id, minhash)
        if near_id is None:
            return doc
        return dataclasses.replace(doc, near_duplicate_of=near_id)

    def _remember(self, doc_id: str, minhash: MinHash) -> None:
        self._lsh.insert(self._inserted, minhash)
        self._entries[self._inserted] = (doc_id, minhash)
        oldest = self._inserted - self.window
        if oldest in self._entries:
            self._lsh.remove(oldest)
            del self._entries[oldest]
        self._inserted += 1

    def _shingles(self, normalised: str) -> set[str]:
        words = _WORD.findall(normalised)
        if not words:
            return set()
        size = min(self.shingle_size, len(words))
        return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}

    def _most_similar(self, minhash: MinHash) -> str | None:
        best: tuple[float, str] | None = None
        for number in sorted(self._lsh.query(minhash)):
            doc_id, other = self._entries[number]
            similarity = minhash.jaccard(other)
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, doc_id)
        return best[1] if best else None
