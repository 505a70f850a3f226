"""Issue 15, item 3: a document over the size limit is refused at once,
named; with the limit raised it is read in pieces cut at paragraph or
sentence boundaries, claims streamed with offsets into the whole text, in
memory that does not grow with the document."""
from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

from click.testing import CliRunner

import claimledger
from claimledger import pipeline
from claimledger.cli import cli
from claimledger.ledger import Ledger
from claimledger.pipeline import extract_pieces, pieces
from claimledger.readers import DEFAULT_MAX_SIZE, read_inputs
from claimledger.record import Document, Failure

PARAGRAPH = ("The regional governor said on Tuesday that 1,200 people had been evacuated from three "
             "villages. Officials put the damage at about $4.5 million.\n\n")


def test_default_limit_is_documented():
    assert DEFAULT_MAX_SIZE == 5_000_000
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "5,000,000" in readme


def test_a_large_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "flattened.txt"
    with open(big, "wb") as stream:  # 200 MB, sparse: instant to make, slow to read
        stream.truncate(200_000_000)
    started = time.monotonic()
    (failure,) = read_inputs([str(big)])
    assert time.monotonic() - started < 1
    assert failure == Failure(str(big), "200,000,000 bytes of text, over the 5,000,000-byte limit "
                                        "(raise it with --max-size; a larger document is read in pieces)")


def test_a_long_json_line_is_refused_and_the_run_goes_on(tmp_path):
    lines = tmp_path / "corpus.jsonl"
    lines.write_text("\n".join(json.dumps({"id": f"d{i}", "text": PARAGRAPH * n})
                               for i, n in enumerate([1, 2000, 1])) + "\n")
    first, too_long, last = read_inputs([str(lines)], max_size=10_000)
    assert isinstance(first, Document) and isinstance(last, Document)
    assert too_long.input == f"{lines}:2" and "too long" in too_long.reason


def test_cli_names_the_document_and_goes_on(tmp_path):
    (tmp_path / "small.txt").write_text(PARAGRAPH)
    (tmp_path / "large.txt").write_text(PARAGRAPH * 100)
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "small.txt"), str(tmp_path / "large.txt"),
                                      "--max-size", "5000"])
    assert result.exit_code == 1
    assert result.stderr == (f"claimledger: {tmp_path / 'large.txt'}: {len(PARAGRAPH) * 100:,} bytes of text, "
                             f"over the 5,000-byte limit (raise it with --max-size; a larger document is "
                             f"read in pieces)\n")
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"small"}


def test_pieces_cut_at_paragraphs_and_sentences():
    text = PARAGRAPH * 50
    cuts = list(pieces(text, size=1000))
    assert "".join(piece for _, piece in cuts) == text
    assert all(len(piece) <= 1000 for _, piece in cuts)
    assert all(piece.endswith("\n\n") for _, piece in cuts[:-1])  # at paragraph breaks
    one_line = PARAGRAPH.replace("\n\n", " ") * 50
    assert all(piece.endswith(". ") for _, piece in list(pieces(one_line, size=1000))[:-1])  # sentences


def test_claims_in_pieces_are_the_claims_of_the_whole_with_exact_offsets():
    text = PARAGRAPH * 40
    doc = Document("d", text, "2024-03-01")
    whole = [c.to_dict() for c in claimledger.extract(text, published="2024-03-01", doc_id="d")]
    streamed = [c.to_dict() for c in extract_pieces(doc, piece_size=700)]
    assert streamed == whole  # paragraphs stand alone here: cutting between them changes nothing
    assert all(text[c["start"]:c["end"]] == c["text"] for c in streamed)


def test_raised_limit_reads_a_large_document_in_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PIECE_SIZE", 2_000)
    text = PARAGRAPH * 200
    path = tmp_path / "big.txt"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["extract", str(path), "--max-size", str(len(text))])
    assert result.exit_code == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(claims) == 200 * len(claimledger.extract(PARAGRAPH))
    assert all(text[c["start"]:c["end"]] == c["text"] for c in claims)
    assert claims[-1]["start"] > len(text) - len(PARAGRAPH)


def test_ledger_stores_a_large_document_read_in_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PIECE_SIZE", 2_000)
    text = PARAGRAPH * 100
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        stats = ledger.ingest([Document("big", text, "2024-03-01", source="big.txt"),
                               Document("small", PARAGRAPH, source="small.txt")])
        assert (stats.added, stats.failures) == (2, 0)
        claims = list(ledger.claims(doc="big"))
    assert len(claims) == 100 * len(claimledger.extract(PARAGRAPH))
    assert all(text[c["start"]:c["end"]] == c["text"] for c in claims)
    with Ledger(db) as ledger:  # stored whole: the next run passes over it
        assert ledger.ingest([Document("big", text, "2024-03-01", source="big.txt")]).unchanged == 1


def peak_bytes(text: str, piece_size: int) -> int:
    doc = Document("d", text, "2024-03-01")
    tracemalloc.start()
    for _ in extract_pieces(doc, piece_size=piece_size):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_the_document():
    """Four times the text, dense in figures, on one line: about the same
    peak (the text itself is allocated before measuring; benchmarks/hostile.py
    measures 1, 20 and 200 MB)."""
    unit = PARAGRAPH.replace("\n\n", " ")
    small, large = unit * 30, unit * 120
    peak_bytes(small, 1_500)  # lexicons, patterns and bounded caches fill on first use
    assert peak_bytes(large, 1_500) < 1.5 * peak_bytes(small, 1_500)


def test_a_large_file_is_read_a_block_at_a_time(tmp_path, monkeypatch):
    import claimledger.readers as readers

    monkeypatch.setattr(readers, "STREAM_FROM", 2_000)
    text = PARAGRAPH * 40
    (tmp_path / "big.txt").write_text(text)
    (doc,) = read_inputs([str(tmp_path / "big.txt")])
    assert doc.text == "" and doc.stream is not None  # not read yet
    claims = [c.to_dict() for c in extract_pieces(doc, piece_size=700)]
    assert claims == [c.to_dict() for c in extract_pieces(Document("big", text), piece_size=700)]
    with Ledger(tmp_path / "l.db") as ledger:  # the ledger keeps the whole text
        assert ledger.ingest(read_inputs([str(tmp_path / "big.txt")])).claims == len(claims)
        assert ledger._db.execute("SELECT text FROM documents").fetchone()[0] == text


def test_a_bad_byte_far_into_a_streamed_file_fails_its_document(tmp_path, monkeypatch):
    import claimledger.readers as readers

    monkeypatch.setattr(readers, "STREAM_FROM", 2_000)
    bad = tmp_path / "bad.txt"
    bad.write_bytes((PARAGRAPH * 40).encode() + b"\xff and more")
    (doc,) = read_inputs([str(bad)])
    *claims, failure = extract_pieces(doc, piece_size=700)
    assert failure == Failure(str(bad), f"not UTF-8 (byte 0xff at offset {len(PARAGRAPH) * 40})")
    with Ledger(tmp_path / "l.db") as ledger:
        stats = ledger.ingest(read_inputs([str(bad)]))
        assert (stats.documents, stats.failures) == (0, 1)
