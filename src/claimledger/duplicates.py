"""Duplicates: the same text read twice (a file and its URL, a wire story run
by two outlets) is recognised by its body.

- Exactly: `body_hash`, sha256 of the body's words in lower case (spacing,
  punctuation and letter case aside).
- Nearly, for syndicated copy with a changed headline, byline or a sentence
  added: a bottom-k MinHash sketch (`sketch`) of the body's 5-word shingles,
  one 32-bit hash (CRC-32) per shingle, keeping the K smallest. The Jaccard
  similarity of two bodies' shingle sets is estimated from the two sketches
  (the share of the K smallest hashes of their union found in both); two
  bodies at NEAR_DUPLICATE or more are copies; so are two bodies of similar
  length (at most LONGER times the shorter) one of which holds nearly all of
  the other (CONTAINED: a short wire story with a byline and a local
  sentence added). Candidates are found by the
  LOOKUP smallest hashes of each sketch, stored in an indexed table
  (`document_sketch`), so a new document is compared with the few documents
  that share one of them, not with every document.

Why not datasketch: it would bring numpy and scipy (some 60 MB) for the
sketch alone, and its LSH index lives in memory, Redis or Cassandra, not in
the ledger's SQLite file, which is where the index must persist between
ingests. A bottom-k sketch needs one hash per shingle, which CRC-32 gives
at C speed (about a millisecond for a 1,000-word article).
"""
from __future__ import annotations

import hashlib
import heapq
import re
import zlib
from array import array

K = 64  # hashes kept per sketch
LOOKUP = 16  # of them, the smallest, indexed for finding candidates
SHINGLE = 5  # words per shingle
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity from which a body is a copy
CONTAINED = 0.9  # or the share of the shorter body's shingles found in the longer
LONGER = 1.5  # ... when the longer has at most this many times the shingles

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def body_hash(text: str) -> str:
    """sha256 of the body's words, lower case, one space apart."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def sketch(text: str) -> list[int]:
    """The number of distinct 5-word shingles of the text, then their K
    smallest CRC-32 hashes, ascending (all of them for a short text; the
    words themselves for a very short one)."""
    found = words(text)
    if len(found) < SHINGLE:
        shingles = {" ".join(found)} if found else set()
    else:
        shingles = {" ".join(found[i:i + SHINGLE]) for i in range(len(found) - SHINGLE + 1)}
    hashes = {zlib.crc32(s.encode("utf-8")) for s in shingles}
    return [len(hashes), *heapq.nsmallest(K, hashes)]


def lookup(sketched: list[int]) -> list[int]:
    """The hashes of a sketch that are indexed to find its candidates."""
    return sketched[1:1 + LOOKUP]


def to_blob(hashes: list[int]) -> bytes:
    return array("I", hashes).tobytes()


def from_blob(blob: bytes | None) -> list[int]:
    if not blob:
        return []
    found = array("I")
    found.frombytes(blob)
    return list(found)


def similarity(one: list[int], two: list[int]) -> float:
    """The estimated Jaccard similarity of two bodies from their sketches:
    of the K smallest hashes of both together, the share found in each."""
    if len(one) < 2 or len(two) < 2:
        return 0.0
    first, second = set(one[1:]), set(two[1:])
    union = heapq.nsmallest(K, first | second)
    both = first & second
    return sum(1 for h in union if h in both) / len(union)


def is_copy(one: list[int], two: list[int]) -> float | None:
    """How alike two bodies are if one is a copy of the other, else None:
    their estimated Jaccard similarity when it is NEAR_DUPLICATE or more, or
    when the shorter body is CONTAINED in the longer and the longer has at
    most LONGER times its shingles."""
    jaccard = similarity(one, two)
    if jaccard >= NEAR_DUPLICATE:
        return jaccard
    small, large = sorted((one[0], two[0])) if len(one) > 1 and len(two) > 1 else (0, 0)
    if small == 0 or large > LONGER * small:
        return None
    shared = jaccard / (1 + jaccard) * (small + large)  # |A ∩ B| from J and the sizes
    return jaccard if shared / small >= CONTAINED else None
