import { changedInLogSql } from './staleness.js';

/**
 * Schema migrations, ordered by version. Each runs in one transaction together
 * with its bookkeeping row, so a database is always at a whole version.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE calls (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  year        INTEGER NOT NULL,
  currency    TEXT NOT NULL DEFAULT 'NOK',
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scoring', 'decided')),
  definition  TEXT NOT NULL,              -- the validated call as JSON, money in øre
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE applications (
  id              INTEGER PRIMARY KEY,
  call_id         INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  ref             TEXT NOT NULL,
  applicant       TEXT NOT NULL,
  org_number      TEXT,
  title           TEXT NOT NULL,
  partners        TEXT NOT NULL DEFAULT '[]',   -- JSON array of names
  requested       INTEGER NOT NULL CHECK (requested > 0),  -- øre
  project_budget  INTEGER,                      -- øre
  summary         TEXT NOT NULL DEFAULT '',
  contact_name    TEXT,
  contact_email   TEXT,
  submitted       TEXT,
  extra           TEXT NOT NULL DEFAULT '{}',   -- unknown CSV columns, verbatim
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (call_id, ref)
);

CREATE TABLE evaluators (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  email       TEXT,
  created_at  TEXT NOT NULL
);

-- inhabilitet: a conflicted evaluator cannot score the application
CREATE TABLE conflicts (
  id              INTEGER PRIMARY KEY,
  evaluator_id    INTEGER NOT NULL REFERENCES evaluators(id),
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  reason          TEXT NOT NULL,
  declared_by     TEXT NOT NULL,
  declared_at     TEXT NOT NULL,
  UNIQUE (evaluator_id, application_id)
);

CREATE TABLE scores (
  id              INTEGER PRIMARY KEY,
  evaluator_id    INTEGER NOT NULL REFERENCES evaluators(id),
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  criterion       TEXT NOT NULL,
  value           INTEGER,                      -- NULL = not applicable
  comment         TEXT NOT NULL DEFAULT '',
  scored_at       TEXT NOT NULL,
  UNIQUE (evaluator_id, application_id, criterion)
);
CREATE INDEX scores_by_application ON scores(application_id);

CREATE TABLE allocation_runs (
  id           INTEGER PRIMARY KEY,
  call_id      INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  inputs_hash  TEXT NOT NULL,
  overrides    TEXT NOT NULL DEFAULT '{}',     -- JSON: tier key → budget in øre
  version      TEXT NOT NULL,                  -- klynge version that ran it
  actor        TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

-- vedtak: one per application; manual ones are locked against the allocator
CREATE TABLE decisions (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL UNIQUE REFERENCES applications(id) ON DELETE CASCADE,
  tier            TEXT,
  granted         INTEGER NOT NULL DEFAULT 0 CHECK (granted >= 0),   -- øre
  status          TEXT NOT NULL CHECK (status IN ('granted', 'partially granted', 'rejected', 'pending')),
  reason          TEXT NOT NULL,
  manual          INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  note            TEXT,
  run_id          INTEGER REFERENCES allocation_runs(id),
  decided_by      TEXT NOT NULL,
  decided_at      TEXT NOT NULL
);

-- append-only: every change, who made it and what it was
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              TEXT NOT NULL,
  actor           TEXT NOT NULL,
  action          TEXT NOT NULL,
  call_id         INTEGER,
  ref             TEXT,
  details         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_call_ref ON audit_log(call_id, ref);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
  },
  {
    version: 2,
    name: 'rank and score kept with each decision',
    // what the allocation saw, so the allocation report can be printed without
    // ranking again, and a decision years later still shows the result it rested on
    sql: `
ALTER TABLE decisions ADD COLUMN rank INTEGER;
ALTER TABLE decisions ADD COLUMN score TEXT;   -- the exact weighted result as 'numerator/denominator'
`,
  },
  {
    version: 3,
    name: 'scores indexed for ranking',
    // ranking reads every score of a call: with the evaluator, criterion and value in
    // the index, SQLite answers from the index alone, in the order ranking sorts to
    sql: `
DROP INDEX scores_by_application;
CREATE INDEX scores_by_application ON scores(application_id, evaluator_id, criterion, value);
`,
  },
  {
    version: 4,
    name: 'allocation inputs counted per call',
    // staleness of a stored allocation (see staleness.ts): a run older than this migration
    // starts stale exactly when the audit log says something changed after it
    sql: `
ALTER TABLE calls ADD COLUMN inputs_changed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE allocation_runs ADD COLUMN inputs_seen INTEGER NOT NULL DEFAULT 0;
UPDATE calls SET inputs_changed = 1 WHERE id IN (
  SELECT r.call_id FROM allocation_runs r WHERE r.id = (SELECT max(x.id) FROM allocation_runs x WHERE x.call_id = r.call_id)
    AND ${changedInLogSql('r.call_id', 'r.id')});
`,
  },
  {
    version: 5,
    name: 'letters sent',
    // what went out (*vedtaksbrev*): one row per letter written, with the run it rests on and
    // the file's hash, so a letter can be proved unchanged and an appeal's deadline counted from its date
    sql: `
CREATE TABLE letters (
  id              INTEGER PRIMARY KEY,
  call_id         INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  ref             TEXT NOT NULL,
  kind            TEXT NOT NULL,
  run_id          INTEGER NOT NULL REFERENCES allocation_runs(id),
  format          TEXT NOT NULL,
  file            TEXT NOT NULL,
  sha256          TEXT NOT NULL,
  letter_date     TEXT NOT NULL,                -- YYYY-MM-DD, the date the letter carries
  written_at      TEXT NOT NULL,
  actor           TEXT NOT NULL
);
CREATE INDEX letters_by_application ON letters(application_id, id);
CREATE INDEX letters_by_call ON letters(call_id, id);
`,
  },
  {
    version: 6,
    name: 'applications withdrawn or found ineligible',
    // the formal check (*formalia*) and withdrawals: such an application stays in the call and
    // its record, but is not offered to evaluators, not ranked and not funded
    sql: `
ALTER TABLE applications ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'ineligible'));
ALTER TABLE applications ADD COLUMN status_note TEXT;
ALTER TABLE applications ADD COLUMN status_by TEXT;
ALTER TABLE applications ADD COLUMN status_at TEXT;
`,
  },
  {
    version: 7,
    name: 'settings (the default call) and the overall justification of a score',
    // a few database-wide choices, by key: `call.default` is the slug `klynge call use` chose.
    // score_notes: the evaluator's overall justification of an application, beside the one
    // per criterion each score row keeps
    sql: `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE TABLE score_notes (
  evaluator_id    INTEGER NOT NULL REFERENCES evaluators(id),
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  note            TEXT NOT NULL,
  noted_at        TEXT NOT NULL,
  PRIMARY KEY (evaluator_id, application_id)
);
`,
  },
  {
    version: 8,
    name: 'scores stored in the order ranking reads them',
    // one B-tree instead of three (the table, its unique key and the ranking's covering
    // index): the key is the order the ranking scans and the import writes, so a
    // 100 000-row score import does a third less work in SQLite
    sql: `
CREATE TABLE scores_by_key (
  evaluator_id    INTEGER NOT NULL REFERENCES evaluators(id),
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  criterion       TEXT NOT NULL,
  value           INTEGER,                      -- NULL = not applicable
  comment         TEXT NOT NULL DEFAULT '',
  scored_at       TEXT NOT NULL,
  PRIMARY KEY (application_id, evaluator_id, criterion)
) WITHOUT ROWID;
INSERT INTO scores_by_key (evaluator_id, application_id, criterion, value, comment, scored_at)
  SELECT evaluator_id, application_id, criterion, value, comment, scored_at FROM scores;
DROP TABLE scores;
ALTER TABLE scores_by_key RENAME TO scores;
`,
  },
  {
    version: 9,
    name: 'state aid: declared prior de minimis and other givers\' aid',
    // the de minimis ceiling counts what an undertaking (organisation number) got from
    // others: what it declared on the application, and an extract of the register
    sql: `
ALTER TABLE applications ADD COLUMN prior_de_minimis INTEGER CHECK (prior_de_minimis >= 0);  -- øre, declared
CREATE TABLE state_aid (
  id          INTEGER PRIMARY KEY,
  org_number  TEXT NOT NULL,
  granted_on  TEXT NOT NULL,                 -- ISO date the undertaking got the right to the aid
  amount      INTEGER NOT NULL CHECK (amount > 0),   -- in the currency's hundredths: øre or cents
  currency    TEXT NOT NULL CHECK (currency IN ('NOK', 'EUR')),
  giver       TEXT NOT NULL,
  basis       TEXT NOT NULL CHECK (basis IN ('de-minimis', 'gber', 'other')),
  source      TEXT NOT NULL,                 -- the file it came from
  line        INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE INDEX state_aid_org ON state_aid (org_number, granted_on);
`,
  },
  {
    version: 10,
    name: 'panels: which evaluators score which applications',
    // an application with assignments is scored by its panel only; gone with the
    // application or the evaluator (a removal logs what it had)
    sql: `
CREATE TABLE assignments (
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  evaluator_id    INTEGER NOT NULL REFERENCES evaluators(id) ON DELETE CASCADE,
  assigned_by     TEXT NOT NULL,
  assigned_at     TEXT NOT NULL,
  UNIQUE (application_id, evaluator_id)
);
CREATE INDEX assignments_evaluator ON assignments (evaluator_id);
`,
  },
  {
    version: 11,
    name: 'offers and the reserve list',
    // decisions get two statuses: `reserve` (qualified, but the money ran out: the reserve
    // list, which every budget-exhausted rejection was) and `declined` (an offer the applicant
    // turned down), and the day a grant was first offered at its amount (`offered_on`).
    // SQLite cannot change a CHECK, so the table is rebuilt. The applicants' answers to offers
    // are kept apart (`offer_answers`): an accepted offer is locked as it was offered, a
    // declined one frees its money. A letter keeps the acceptance deadline it gave.
    sql: `
CREATE TABLE decisions_new (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL UNIQUE REFERENCES applications(id) ON DELETE CASCADE,
  tier            TEXT,
  granted         INTEGER NOT NULL DEFAULT 0 CHECK (granted >= 0),   -- øre
  status          TEXT NOT NULL CHECK (status IN ('granted', 'partially granted', 'rejected', 'reserve', 'declined', 'pending')),
  reason          TEXT NOT NULL,
  manual          INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  note            TEXT,
  run_id          INTEGER REFERENCES allocation_runs(id),
  decided_by      TEXT NOT NULL,
  decided_at      TEXT NOT NULL,
  rank            INTEGER,
  score           TEXT,
  offered_on      TEXT                                  -- YYYY-MM-DD: first offered at this tier and amount
);
INSERT INTO decisions_new (id, application_id, tier, granted, status, reason, manual, note, run_id, decided_by, decided_at, rank, score, offered_on)
  SELECT id, application_id, tier, granted,
         CASE WHEN manual = 0 AND status = 'rejected' AND reason = 'budget-exhausted' THEN 'reserve' ELSE status END,
         reason, manual, note, run_id, decided_by, decided_at, rank, score,
         CASE WHEN granted > 0 THEN substr(decided_at, 1, 10) END
    FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_new RENAME TO decisions;
CREATE TABLE offer_answers (
  application_id  INTEGER PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
  call_id         INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  state           TEXT NOT NULL CHECK (state IN ('accepted', 'declined')),
  tier            TEXT,
  granted         INTEGER NOT NULL CHECK (granted >= 0),   -- øre, as offered
  status          TEXT NOT NULL,                           -- as offered: granted or partially granted
  reason          TEXT NOT NULL,                           -- as offered
  run_id          INTEGER REFERENCES allocation_runs(id),  -- the run that made the offer
  offered_on      TEXT,                                    -- YYYY-MM-DD, the day it was offered
  answered_on     TEXT NOT NULL,                           -- YYYY-MM-DD, the day the answer came
  note            TEXT,
  actor           TEXT NOT NULL,
  recorded_at     TEXT NOT NULL
);
CREATE INDEX offer_answers_by_call ON offer_answers (call_id);
ALTER TABLE letters ADD COLUMN accept_by TEXT;          -- YYYY-MM-DD, the deadline a grant letter gave
`,
  },
  {
    version: 12,
    name: 'appeals',
    // an appeal (*klage*, forvaltningsloven §§ 28–29) against the decision on an application:
    // when it came, the notification the three weeks count from (and where that date came
    // from), whether it came in time, and what the funder decided. At most one open appeal per
    // application; an upheld one re-opens the application.
    sql: `
CREATE TABLE appeals (
  id              INTEGER PRIMARY KEY,
  call_id         INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  received        TEXT NOT NULL,                           -- YYYY-MM-DD, the day the appeal came
  notified        TEXT NOT NULL,                           -- YYYY-MM-DD, the notification the deadline counts from
  notified_from   TEXT NOT NULL CHECK (notified_from IN ('letter', 'given', 'call')),
  deadline        TEXT NOT NULL,                           -- YYYY-MM-DD, the last day in time
  in_time         INTEGER NOT NULL CHECK (in_time IN (0, 1)),
  appealed_status TEXT NOT NULL,                           -- the decision appealed: its status,
  appealed_tier   TEXT,                                    --   tier
  appealed_granted INTEGER NOT NULL DEFAULT 0,             --   and amount (øre)
  note            TEXT,
  registered_by   TEXT NOT NULL,
  registered_at   TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'rejected')),
  decided_on      TEXT,                                    -- YYYY-MM-DD
  decision_note   TEXT,
  decided_by      TEXT,
  decided_at      TEXT
);
CREATE INDEX appeals_by_call ON appeals (call_id);
CREATE UNIQUE INDEX appeals_one_open ON appeals (application_id) WHERE state = 'open';
`,
  },
  {
    version: 13,
    name: 'the de minimis figures behind a decision',
    // a grant the de minimis ceiling capped or refused keeps the figures its reason sentence
    // gives (ceiling, other aid, earlier grants, this call's, headroom; JSON, øre), so reports
    // and letters read them from the stored allocation as allocate printed them
    sql: `ALTER TABLE decisions ADD COLUMN aid TEXT;`,
  },
];

/** The newest schema version this klynge knows. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
