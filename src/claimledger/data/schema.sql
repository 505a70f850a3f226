-- The ledger: documents, their claims (every field of shared/spec/CLAIMS.md)
-- and the inputs that failed. Opened in WAL mode with foreign keys on.
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT,
    published TEXT,
    author TEXT,
    site TEXT,
    meta TEXT,                      -- any other fields of the input, as JSON
    source TEXT,                    -- where it was read: path, path:line, URL
    content_hash TEXT NOT NULL,     -- sha256 of text and metadata: unchanged = skipped
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    -- Duplicates (duplicates.py): the same body read again under another id is a copy.
    body_hash TEXT,                 -- sha256 of the body's words, lower case: the same text anywhere
    sketch BLOB,                    -- shingle count, then bottom-k MinHash of the 5-word shingles (uint32)
    copy_of TEXT,                   -- the document this one is a copy of, null for an original
    similarity REAL,                -- with it: 1 for the same body, else estimated Jaccard (>= 0.8)
    version INTEGER NOT NULL DEFAULT 1,  -- 1, then one more each time its content changes
    -- Events (events.py): the frame the story was read with, and its event.
    frame TEXT,                     -- {"places", "sides", "day", "event_nouns"} as JSON
    event TEXT                      -- events.id, null when the frame names none
);
CREATE INDEX IF NOT EXISTS documents_version ON documents(extractor_version);
CREATE INDEX IF NOT EXISTS documents_body ON documents(body_hash);
CREATE INDEX IF NOT EXISTS documents_event ON documents(event);

-- The smallest hashes of each document's sketch, to find its near-duplicates.
CREATE TABLE IF NOT EXISTS document_sketch (
    hash INTEGER NOT NULL,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS document_sketch_hash ON document_sketch(hash);
CREATE INDEX IF NOT EXISTS document_sketch_doc ON document_sketch(doc);

-- The events stories are about (events.py): a war for its whole duration, a
-- quake or a march at its place and days.
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,            -- russia-ukraine-war, paris-march-2024-03-16
    kind TEXT NOT NULL,             -- a kind of data/events.tsv
    label TEXT NOT NULL,            -- Russia–Ukraine war, Paris march of 2024-03-16
    lasting INTEGER NOT NULL,       -- 1: one event for its whole duration, told apart by sides
    place TEXT,                     -- a short event's place, as its first story named it
    area TEXT,                      -- every place (and side) of its stories, JSON list
    sides TEXT,                     -- a lasting event's sides, JSON list
    first_day TEXT,                 -- the days its stories report on
    last_day TEXT
);
CREATE INDEX IF NOT EXISTS events_kind ON events(kind, first_day, last_day);

-- History: a document's earlier versions, and their claims, kept when its
-- content changes. The reports read `claims`, the current claims, only.
CREATE TABLE IF NOT EXISTS document_versions (
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    url TEXT,
    title TEXT,
    published TEXT,
    source TEXT,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,      -- when this version was stored
    superseded_at TEXT NOT NULL,    -- when the next one replaced it
    extractor_version TEXT NOT NULL,
    PRIMARY KEY (doc, version)
);
CREATE TABLE IF NOT EXISTS superseded_claims (
    id INTEGER PRIMARY KEY,
    claim INTEGER,                  -- its id in claims while it was current
    version INTEGER NOT NULL,       -- the document version it was a claim of
    superseded_at TEXT NOT NULL,
    quantity TEXT,                  -- its quantity key then
    doc TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    total REAL,
    approx INTEGER NOT NULL DEFAULT 0,
    unit TEXT,
    per TEXT,
    measure TEXT NOT NULL,
    subject TEXT,
    "group" TEXT,
    place TEXT,
    speaker TEXT,
    speaker_kind TEXT NOT NULL,
    via TEXT,
    cue TEXT,
    disputed_by TEXT,
    projected INTEGER NOT NULL DEFAULT 0,
    as_of TEXT,
    sentence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS superseded_claims_doc ON superseded_claims(doc, version);

CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    total REAL,
    approx INTEGER NOT NULL DEFAULT 0,
    unit TEXT,
    per TEXT,
    measure TEXT NOT NULL,
    subject TEXT,
    "group" TEXT,
    place TEXT,                     -- where the counted thing happened (CLAIMS.md)
    speaker TEXT,
    speaker_kind TEXT NOT NULL,
    via TEXT,
    cue TEXT,
    disputed_by TEXT,
    projected INTEGER NOT NULL DEFAULT 0,
    as_of TEXT,
    sentence TEXT NOT NULL,
    -- Derived, filled by the ledger on insert (quantities.derived_columns) for
    -- the reconcile reports; rows inserted by hand may leave them null, and
    -- the reports then derive them on the fly (slower).
    quantity TEXT,                  -- the quantity key: killed/Ukraine/people@russia-ukraine-war
    source TEXT,                    -- who puts it forward, lower case: the speaker or document:<doc>
                                    -- (a copy's own voice is its original's: document:<original>)
    "at" TEXT,                      -- when it holds: as_of, else the document's publication date
    period_total INTEGER,           -- 1: the sentence gives a period or event total ("yesterday")
    lo REAL,                        -- the figure as an interval: its lower bound ("up to 1,900": 0)
    hi REAL,                        -- and its upper bound ("at least 40,000": 1e300, unbounded)
    -- For contradictions and falls: the month (YYYY-MM; YYYY for a year alone) a claim
    -- is compared in, null if it takes no part (projected, a period total, a proportion, no figure or
    -- time); and 1 for a running total, whose falls are checked (killed, wounded,
    -- casualties, captured; no rate; dated to a month or a day).
    month TEXT,
    running INTEGER,
    event TEXT                      -- the claim's event: its document's, or a war its sentence names
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc);
CREATE INDEX IF NOT EXISTS claims_quantity ON claims(measure, "group", unit, per);
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker);
CREATE INDEX IF NOT EXISTS claims_as_of ON claims(as_of);
-- For the reconcile reports (quantities.py, conflicts.py): each quantity's
-- sources, and each quantity's claims in time order, covering what they read.
CREATE INDEX IF NOT EXISTS claims_quantity_source ON claims(quantity, source, "at", low, value, high);
DROP INDEX IF EXISTS claims_quantity_at;  -- before the interval bounds (schema 5)
DROP INDEX IF EXISTS claims_quantity_bounds;  -- before the conflict months (schema 6)
-- The claims that contradictions and falls compare: each month of each
-- quantity together, by lower bound, covering what the checks read.
CREATE INDEX IF NOT EXISTS claims_months ON claims(
    quantity, month, lo, hi, running, "at", source, disputed_by) WHERE month IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_disputed ON claims(doc, disputed_by) WHERE disputed_by IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_rate ON claims(doc, per, quantity, "at") WHERE per IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_doc_measure ON claims(doc, measure, quantity, "at");
-- Casualties beside killed and wounded of the same document, and parts
-- larger than their wholes (conflicts.py), without reading the table.
CREATE INDEX IF NOT EXISTS claims_measure_doc ON claims(measure, doc, quantity, "at");
CREATE INDEX IF NOT EXISTS claims_total ON claims(total, value, quantity) WHERE total IS NOT NULL;

-- Full-text search over claim sentences (external content: the sentences are
-- stored once, in claims). New claims are indexed by the ledger in bulk at the
-- end of each batch, a tenth of the cost of a per-row trigger; deletes and
-- updates, which Datasette users may also make, are kept in step by triggers.
-- After inserting claims by hand, run:
--   INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
-- content="claims" in double quotes: the form Datasette and sqlite-utils look
-- for to find a table's search index (ledgers written with 'claims' in single
-- quotes have theirs declared again and rebuilt when a Ledger opens them).
CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
    sentence, content="claims", content_rowid="id"
);
DROP TRIGGER IF EXISTS claims_fts_insert;
CREATE TRIGGER IF NOT EXISTS claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
END;
CREATE TRIGGER IF NOT EXISTS claims_fts_update AFTER UPDATE OF sentence ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
    INSERT INTO claims_fts(rowid, sentence) VALUES (new.id, new.sentence);
END;

-- Inputs that could not be read, one row per input and reason; a row goes
-- when its input is later read successfully.
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY,
    input TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (input, reason)
);

-- Claims with their document, for reading (Datasette shows views as tables).
CREATE VIEW IF NOT EXISTS claims_view AS
SELECT
    c.id, c.doc, d.title AS doc_title, d.published AS doc_published, d.url AS doc_url,
    d.site AS doc_site, c.text, c.value, c.low, c.high, c.total, c.approx, c.unit, c.per,
    c.measure, c.subject, c."group", c.speaker, c.speaker_kind, c.via, c.cue,
    c.disputed_by, c.projected, c.as_of, c.sentence, c.start, c."end"
FROM claims AS c JOIN documents AS d ON d.id = c.doc;
