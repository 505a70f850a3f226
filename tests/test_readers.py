"""Readers: every input kind to Documents, every bad input to a named Failure,
and the stream goes on after it."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.readers import content_id, read_inputs, read_stdin
from claimledger.record import Document, Failure

WEB = Path(__file__).parent / "data" / "web"


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Failure)])


def test_folder_is_walked_recursively_with_meta(tmp_path):
    (tmp_path / "a.txt").write_text("Officials counted 120 trucks.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps(
        {"published": "2024-02-26", "title": "Trucks", "url": "https://example.org/a",
         "author": "R. Ames"}), encoding="utf-8")
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    (tmp_path / "nested" / "deeper" / "b.txt").write_text("About 40 boats left.", encoding="utf-8")
    (tmp_path / "nested" / "a.txt").write_text("Another a, in a subfolder.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input type", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")

    docs, failures = split(read_inputs([str(tmp_path)]))

    assert failures == []
    by_id = {d.id: d for d in docs}
    assert sorted(by_id) == ["a", "nested/a", "nested/deeper/b"]
    a = by_id["a"]
    assert (a.text, a.published, a.title, a.url) == (
        "Officials counted 120 trucks.", "2024-02-26", "Trucks", "https://example.org/a")
    assert a.extra == {"author": "R. Ames"}
    assert a.source == str(tmp_path / "a.txt")
    assert by_id["nested/deeper/b"].published is None


def test_meta_json_id_overrides_the_file_name(tmp_path):
    (tmp_path / "x.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "x.meta.json").write_text('{"id": "story-17"}', encoding="utf-8")
    docs, _ = split(read_inputs([str(tmp_path / "x.txt")]))
    assert [d.id for d in docs] == ["story-17"]


def test_broken_meta_json_is_a_failure_naming_the_meta_file(tmp_path):
    (tmp_path / "x.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "x.meta.json").write_text('{"id": ', encoding="utf-8")
    (tmp_path / "y.txt").write_text("Fine.", encoding="utf-8")
    docs, failures = split(read_inputs([str(tmp_path)]))
    assert [d.id for d in docs] == ["y"]
    assert failures[0].input == str(tmp_path / "x.meta.json")
    assert "metadata" in failures[0].reason


def test_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "d1", "text": "First.", "published": "2024-01-05", "lang": "en"}),
        "[1, 2, 3]",
        "",
        json.dumps({"id": "d3", "title": "no text here"}),
        "{not json",
        json.dumps({"id": "d5", "text": 42}),
        json.dumps({"text": "No id given."}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "d8", "text": "caf\xe9"}\n'
                     + json.dumps({"id": "d9", "text": "Last."}).encode() + b"\n")

    items = list(read_inputs([str(path)]))
    docs, failures = split(items)

    assert [d.id for d in docs] == ["d1", "corpus:7", "d9"]
    assert docs[0].published == "2024-01-05" and docs[0].extra == {"lang": "en"}
    assert docs[0].source == f"{path}:1"
    reasons = {f.input: f.reason for f in failures}
    assert set(reasons) == {f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6", f"{path}:8"}
    assert "not a JSON object" in reasons[f"{path}:2"]
    assert reasons[f"{path}:4"] == 'no "text" field'
    assert reasons[f"{path}:5"].startswith("not JSON")
    assert "not a string" in reasons[f"{path}:6"]
    assert "not UTF-8" in reasons[f"{path}:8"]
    # failures come in stream order, between the documents around them
    assert [type(i).__name__ for i in items] == [
        "Document", "Failure", "Failure", "Failure", "Failure", "Document", "Failure", "Document"]


def test_truncated_gzip_keeps_what_came_before(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    payload = "".join(json.dumps({"id": f"d{i}", "text": f"Story {i} " + "word " * 200}) + "\n"
                      for i in range(200))
    whole = gzip.compress(payload.encode())
    path.write_bytes(whole[: len(whole) // 2])
    after = tmp_path / "after.txt"
    after.write_text("Still read.", encoding="utf-8")

    docs, failures = split(read_inputs([str(path), str(after)]))

    assert 0 < len(docs) - 1 < 200
    assert docs[-1].id == "after"
    assert len(failures) == 1 and failures[0].input == str(path)
    assert "truncated" in failures[0].reason


def test_whole_gzip_jsonl_is_read(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "g", "text": "Gzipped."}\n'))
    docs, failures = split(read_inputs([str(path)]))
    assert [(d.id, d.text) for d in docs] == [("g", "Gzipped.")] and failures == []


def test_csv_with_text_column(tmp_path):
    path = tmp_path / "corpus.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "published", "title", "text", "section"])
        writer.writerow(["c1", "2024-03-01", "One", "Line one,\nwith a newline inside.", "world"])
        writer.writerow(["", "", "", "No id.", ""])
        writer.writerow(["c3", "", "", "x" * 200_000, ""])  # beyond csv's default field limit
    docs, failures = split(read_inputs([str(path)]))
    assert failures == []
    assert [d.id for d in docs] == ["c1", "corpus:4", "c3"]
    assert docs[0].text == "Line one,\nwith a newline inside."
    assert docs[0].published == "2024-03-01" and docs[0].extra == {"section": "world"}
    assert docs[1].published is None and docs[1].title is None
    assert len(docs[2].text) == 200_000


def test_csv_without_text_column_fails_whole_file(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    docs, failures = split(read_inputs([str(path)]))
    assert docs == [] and failures[0].input == str(path)
    assert "no text column" in failures[0].reason


def test_csv_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,text\nok,Fine.\nbad,caf\xe9 cr\xe8me\n")
    docs, failures = split(read_inputs([str(path)]))
    assert [d.id for d in docs] == ["ok"]
    assert failures[0].input == f"{path}:3" and failures[0].reason == "not UTF-8"


def test_parquet_streams_rows_in_batches(tmp_path):
    path = tmp_path / "corpus.parquet"
    count = 1_300
    table = pa.table({
        "id": [f"p{i}" for i in range(count)],
        "content": [f"Report {i} counted {i * 3} buses." for i in range(count)],
        "published": [None if i % 2 else "2024-04-01" for i in range(count)],
    })
    pq.write_table(table, path, row_group_size=500)
    docs, failures = split(read_inputs([str(path)]))
    assert failures == []
    assert len(docs) == count
    assert docs[7].id == "p7" and docs[7].text == "Report 7 counted 21 buses."
    assert docs[0].published == "2024-04-01" and docs[1].published is None
    assert docs[-1].source == f"{path}:{count}"


def test_parquet_that_is_not_parquet(tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 but not really")
    docs, failures = split(read_inputs([str(path)]))
    assert docs == [] and failures[0].input == str(path) and "Parquet" in failures[0].reason


def test_single_text_file_binary_and_wrong_encoding(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("\ufeffA BOM is dropped.", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Préfecture".encode("latin-1"))
    docs, failures = split(read_inputs([str(binary), str(latin), str(good)]))
    assert [(d.id, d.text) for d in docs] == [("good", "A BOM is dropped.")]
    assert [(f.input, f.reason.split(" (")[0]) for f in failures] == [
        (str(binary), "binary file, not text"), (str(latin), "not UTF-8")]


def test_missing_input_and_published_default(tmp_path):
    dated = tmp_path / "dated.jsonl"
    dated.write_text('{"id": "a", "text": "x", "published": "2023-01-01"}\n{"id": "b", "text": "y"}\n')
    docs, failures = split(read_inputs([str(tmp_path / "nope.txt"), str(dated)],
                                       published="2024-06-30"))
    assert failures == [Failure(str(tmp_path / "nope.txt"), "no such file or directory")]
    assert [(d.id, d.published) for d in docs] == [("a", "2023-01-01"), ("b", "2024-06-30")]


def test_stdin_plain_text_and_jsonl():
    text = "\n\nThe army said 300 tanks were lost.\nMore.\n"
    docs, _ = split(read_stdin(io.BytesIO(text.encode())))
    assert [(d.id, d.text) for d in docs] == [(content_id("stdin", text), text)]
    assert docs[0].id.startswith("stdin:") and len(docs[0].id) == len("stdin:") + 12

    stream = io.BytesIO(b'\n{"id": "s1", "text": "One."}\n"oops"\n{"id": "s3", "text": "Three."}\n')
    docs, failures = split(read_stdin(stream))
    assert [d.id for d in docs] == ["s1", "s3"]
    assert failures == [Failure("stdin:3", "not a JSON object but str")]


def test_stdin_jsonl_streams_before_the_input_ends():
    """A document is yielded as soon as its line arrives, not at end of input."""
    read_end, write_end = os.pipe()
    writer = os.fdopen(write_end, "wb", buffering=0)
    reader = os.fdopen(read_end, "rb")
    stream = read_inputs(["-"], stdin=reader)
    writer.write(b'{"id": "live", "text": "Arrived."}\n')
    got: list = []
    thread = threading.Thread(target=lambda: got.append(next(stream)))
    thread.start()
    thread.join(timeout=5)
    try:
        assert got and got[0].id == "live"  # while the writer is still open
    finally:
        writer.close()
        assert list(stream) == []
        reader.close()


def test_html_file_main_text_and_metadata():
    docs, failures = split(read_inputs([str(WEB / "harbour.html"), str(WEB / "undated.html"),
                                        str(WEB / "no_main_text.html")]))
    harbour, undated = docs
    assert harbour.id == "harbour"
    assert harbour.title == "Harbour repairs to cost more than planned"
    assert harbour.published == "2024-03-14"  # the page's own date, not its footer's 2019
    assert harbour.extra == {"author": "Mara Lindqvist", "site": "The Coastal Record"}
    assert "$42 million" in harbour.text
    assert "Home" not in harbour.text and "Copyright" not in harbour.text  # boilerplate gone
    assert undated.published is None  # "(c) 2021" in the footer is not a publication date
    assert failures == [Failure(str(WEB / "no_main_text.html"), "HTML with no main text")]


def test_binary_html_is_a_failure(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"\x00\x01\x02" * 100)
    assert list(read_inputs([str(page)])) == [Failure(str(page), "binary file, not HTML")]


def test_folder_mixes_kinds(tmp_path):
    (tmp_path / "one.txt").write_text("Plain.", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text('{"id": "j", "text": "Line."}\n', encoding="utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "vineyard.html").write_bytes((WEB / "vineyard.html").read_bytes())
    docs, failures = split(read_inputs([str(tmp_path)]))
    assert failures == []
    assert [d.id for d in docs] == ["one", "j", "web/vineyard"]
    assert docs[2].published == "2024-05-02"


# ---- document identity: ids never collide silently -----------------------------

def test_same_file_name_in_two_folders_is_two_documents(tmp_path):
    for folder, text in (("a", "One story."), ("b", "Another story.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.html").write_bytes(
            (WEB / "harbour.html").read_bytes().replace(b"Harbour", text.encode()))
        (tmp_path / folder / "note.txt").write_text(text, encoding="utf-8")
    docs, failures = split(read_inputs([str(tmp_path / "a" / "story.html"),
                                        str(tmp_path / "b" / "story.html")]))
    assert failures == [] and [d.id for d in docs] == ["a/story", "b/story"]
    # alone, a file keeps its plain name
    assert [d.id for d in split(read_inputs([str(tmp_path / "a" / "note.txt")]))[0]] == ["note"]
    # two folders with one name inside: the later takes its folder's name before it
    docs, failures = split(read_inputs([str(tmp_path / "a"), str(tmp_path / "b")]))
    assert failures == []
    assert [d.id for d in docs] == ["note", "story", "b/note", "b/story"]


def test_an_unresolvable_collision_names_both_inputs(tmp_path):
    (tmp_path / "x").mkdir()
    first = tmp_path / "x" / "s.txt"
    first.write_text("First.", encoding="utf-8")
    second = tmp_path / "s.txt"
    second.write_text("Second.", encoding="utf-8")
    from claimledger.readers import _unique_id
    taken = {"s": str(first), "tmp/s": "elsewhere"}
    doc = Document(id="s", text="Second.", source=str(second), aliases=("tmp/s",))
    failure = _unique_id(doc, taken)
    assert isinstance(failure, Failure)
    assert str(second) in str(failure) and str(first) in str(failure)


def test_stdin_texts_get_distinct_ids_and_the_same_text_the_same_id():
    one = split(read_stdin(io.BytesIO(b"Officials said 40 people died.")))[0][0]
    two = split(read_stdin(io.BytesIO(b"Officials said 41 people died.")))[0][0]
    again = split(read_stdin(io.BytesIO(b"Officials said 40 people died.")))[0][0]
    assert one.id != two.id and one.id == again.id
    lines = b'{"text": "A."}\n{"text": "B."}\n'
    ids = [d.id for d in split(read_stdin(io.BytesIO(lines)))[0]]
    assert len(set(ids)) == 2 and all(i.startswith("stdin:") for i in ids)
