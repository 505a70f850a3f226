-- The ledger: documents, their claims (every field of shared/spec/CLAIMS.md)
-- and the inputs that failed. Opened in WAL mode with foreign keys on.
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT,
    published TEXT,
    source TEXT,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    extractor_version TEXT NOT NULL
);

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
    speaker TEXT,
    speaker_kind TEXT NOT NULL,
    via TEXT,
    cue TEXT,
    disputed_by TEXT,
    projected INTEGER NOT NULL DEFAULT 0,
    as_of TEXT,
    sentence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc);
CREATE INDEX IF NOT EXISTS claims_quantity ON claims(measure, "group", unit, per);
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker);
CREATE INDEX IF NOT EXISTS claims_as_of ON claims(as_of);

CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY,
    input TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
