/**
 * The PostgreSQL schema (issue 17), by version like the SQLite one (migrations.ts): a database
 * made by this klynge has the same tables, columns and rules as a SQLite file of the same
 * version. PostgreSQL starts at the version SQLite had reached when it came (13), in one
 * migration; every later change is added to both lists with the same version number (a test
 * holds the two latest versions equal). Money is integer øre in `bigint`; JSON stays text, as
 * klynge writes it; every text column compares byte by byte (`COLLATE "C"`), as SQLite's do, so
 * sorting and comparing give the same order on both; an evaluator's name is unique whatever its case, as SQLite's NOCASE keeps it.
 */

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 13,
    name: 'the schema of klynge schema 13 (calls, applications, evaluators, scores, conflicts, panels, decisions, runs, letters, state aid, offers, appeals, audit log)',
    sql: `
CREATE TABLE calls (
  id              bigint PRIMARY KEY,
  slug            text COLLATE "C" NOT NULL UNIQUE,
  name            text COLLATE "C" NOT NULL,
  year            integer NOT NULL,
  currency        text COLLATE "C" NOT NULL DEFAULT 'NOK',
  status          text COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scoring', 'decided')),
  definition      text COLLATE "C" NOT NULL,
  created_at      text COLLATE "C" NOT NULL,
  updated_at      text COLLATE "C" NOT NULL,
  inputs_changed  bigint NOT NULL DEFAULT 0
);
CREATE TABLE applications (
  id                bigint PRIMARY KEY,
  call_id           bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  ref               text COLLATE "C" NOT NULL,
  applicant         text COLLATE "C" NOT NULL,
  org_number        text COLLATE "C",
  title             text COLLATE "C" NOT NULL,
  partners          text COLLATE "C" NOT NULL DEFAULT '[]',
  requested         bigint NOT NULL CHECK (requested > 0),
  project_budget    bigint,
  summary           text COLLATE "C" NOT NULL DEFAULT '',
  contact_name      text COLLATE "C",
  contact_email     text COLLATE "C",
  submitted         text COLLATE "C",
  extra             text COLLATE "C" NOT NULL DEFAULT '{}',
  created_at        text COLLATE "C" NOT NULL,
  updated_at        text COLLATE "C" NOT NULL,
  status            text COLLATE "C" NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'ineligible')),
  status_note       text COLLATE "C",
  status_by         text COLLATE "C",
  status_at         text COLLATE "C",
  prior_de_minimis  bigint CHECK (prior_de_minimis >= 0),
  UNIQUE (call_id, ref)
);
CREATE TABLE evaluators (
  id          bigint PRIMARY KEY,
  name        text COLLATE "C" NOT NULL,
  email       text COLLATE "C",
  created_at  text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX evaluators_name ON evaluators (lower(name));
CREATE TABLE conflicts (
  id              bigint PRIMARY KEY,
  evaluator_id    bigint NOT NULL REFERENCES evaluators(id),
  application_id  bigint NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  reason          text COLLATE "C" NOT NULL,
  declared_by     text COLLATE "C" NOT NULL,
  declared_at     text COLLATE "C" NOT NULL,
  UNIQUE (evaluator_id, application_id)
);
CREATE TABLE allocation_runs (
  id           bigint PRIMARY KEY,
  call_id      bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  inputs_hash  text COLLATE "C" NOT NULL,
  overrides    text COLLATE "C" NOT NULL DEFAULT '{}',
  version      text COLLATE "C" NOT NULL,
  actor        text COLLATE "C" NOT NULL,
  created_at   text COLLATE "C" NOT NULL,
  inputs_seen  bigint NOT NULL DEFAULT 0
);
CREATE TABLE audit_log (
  id       bigint PRIMARY KEY,
  at       text COLLATE "C" NOT NULL,
  actor    text COLLATE "C" NOT NULL,
  action   text COLLATE "C" NOT NULL,
  call_id  bigint,
  ref      text COLLATE "C",
  details  text COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_call_ref ON audit_log (call_id, ref);
CREATE FUNCTION klynge_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION klynge_audit_append_only();
CREATE TABLE letters (
  id              bigint PRIMARY KEY,
  call_id         bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  application_id  bigint NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  ref             text COLLATE "C" NOT NULL,
  kind            text COLLATE "C" NOT NULL,
  run_id          bigint NOT NULL REFERENCES allocation_runs(id),
  format          text COLLATE "C" NOT NULL,
  file            text COLLATE "C" NOT NULL,
  sha256          text NOT NULL,
  letter_date     text COLLATE "C" NOT NULL,
  written_at      text COLLATE "C" NOT NULL,
  actor           text COLLATE "C" NOT NULL,
  accept_by       text COLLATE "C"
);
CREATE INDEX letters_by_application ON letters (application_id, id);
CREATE INDEX letters_by_call ON letters (call_id, id);
CREATE TABLE settings (
  key         text COLLATE "C" PRIMARY KEY,
  value       text COLLATE "C" NOT NULL,
  updated_by  text COLLATE "C" NOT NULL,
  updated_at  text COLLATE "C" NOT NULL
);
CREATE TABLE score_notes (
  evaluator_id    bigint NOT NULL REFERENCES evaluators(id),
  application_id  bigint NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  note            text COLLATE "C" NOT NULL,
  noted_at        text COLLATE "C" NOT NULL,
  PRIMARY KEY (evaluator_id, application_id)
);
CREATE TABLE scores (
  evaluator_id    bigint NOT NULL REFERENCES evaluators(id),
  application_id  bigint NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  criterion       text COLLATE "C" NOT NULL,
  value           integer,
  comment         text COLLATE "C" NOT NULL DEFAULT '',
  scored_at       text COLLATE "C" NOT NULL,
  PRIMARY KEY (application_id, evaluator_id, criterion)
);
CREATE TABLE state_aid (
  id           bigint PRIMARY KEY,
  org_number   text COLLATE "C" NOT NULL,
  granted_on   text COLLATE "C" NOT NULL,
  amount       bigint NOT NULL CHECK (amount > 0),
  currency     text COLLATE "C" NOT NULL CHECK (currency IN ('NOK', 'EUR')),
  giver        text COLLATE "C" NOT NULL,
  basis        text COLLATE "C" NOT NULL CHECK (basis IN ('de-minimis', 'gber', 'other')),
  source       text COLLATE "C" NOT NULL,
  line         integer NOT NULL,
  imported_at  text COLLATE "C" NOT NULL,
  imported_by  text COLLATE "C" NOT NULL
);
CREATE INDEX state_aid_org ON state_aid (org_number, granted_on);
CREATE TABLE assignments (
  application_id  bigint NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  evaluator_id    bigint NOT NULL REFERENCES evaluators(id) ON DELETE CASCADE,
  assigned_by     text COLLATE "C" NOT NULL,
  assigned_at     text COLLATE "C" NOT NULL,
  UNIQUE (application_id, evaluator_id)
);
CREATE INDEX assignments_evaluator ON assignments (evaluator_id);
CREATE TABLE decisions (
  id              bigint PRIMARY KEY,
  application_id  bigint NOT NULL UNIQUE REFERENCES applications(id) ON DELETE CASCADE,
  tier            text COLLATE "C",
  granted         bigint NOT NULL DEFAULT 0 CHECK (granted >= 0),
  status          text COLLATE "C" NOT NULL CHECK (status IN ('granted', 'partially granted', 'rejected', 'reserve', 'declined', 'pending')),
  reason          text COLLATE "C" NOT NULL,
  manual          integer NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  note            text COLLATE "C",
  run_id          bigint REFERENCES allocation_runs(id),
  decided_by      text COLLATE "C" NOT NULL,
  decided_at      text COLLATE "C" NOT NULL,
  rank            integer,
  score           text COLLATE "C",
  offered_on      text COLLATE "C",
  aid             text COLLATE "C"
);
CREATE TABLE offer_answers (
  application_id  bigint PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
  call_id         bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  state           text COLLATE "C" NOT NULL CHECK (state IN ('accepted', 'declined')),
  tier            text COLLATE "C",
  granted         bigint NOT NULL CHECK (granted >= 0),
  status          text COLLATE "C" NOT NULL,
  reason          text COLLATE "C" NOT NULL,
  run_id          bigint REFERENCES allocation_runs(id),
  offered_on      text COLLATE "C",
  answered_on     text COLLATE "C" NOT NULL,
  note            text COLLATE "C",
  actor           text COLLATE "C" NOT NULL,
  recorded_at     text COLLATE "C" NOT NULL
);
CREATE INDEX offer_answers_by_call ON offer_answers (call_id);
CREATE TABLE appeals (
  id                bigint PRIMARY KEY,
  call_id           bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  application_id    bigint NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  received          text COLLATE "C" NOT NULL,
  notified          text COLLATE "C" NOT NULL,
  notified_from     text COLLATE "C" NOT NULL CHECK (notified_from IN ('letter', 'given', 'call')),
  deadline          text COLLATE "C" NOT NULL,
  in_time           integer NOT NULL CHECK (in_time IN (0, 1)),
  appealed_status   text COLLATE "C" NOT NULL,
  appealed_tier     text COLLATE "C",
  appealed_granted  bigint NOT NULL DEFAULT 0,
  note              text COLLATE "C",
  registered_by     text COLLATE "C" NOT NULL,
  registered_at     text COLLATE "C" NOT NULL,
  state             text COLLATE "C" NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'rejected')),
  decided_on        text COLLATE "C",
  decision_note     text COLLATE "C",
  decided_by        text COLLATE "C",
  decided_at        text COLLATE "C"
);
CREATE INDEX appeals_by_call ON appeals (call_id);
CREATE UNIQUE INDEX appeals_one_open ON appeals (application_id) WHERE state = 'open';

-- ids as SQLite gives them: one more than the highest there is (a rolled-back insert uses none up)
CREATE FUNCTION klynge_next_id_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM calls), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER calls_next_id BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION klynge_next_id_calls();
CREATE FUNCTION klynge_next_id_applications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM applications), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER applications_next_id BEFORE INSERT ON applications FOR EACH ROW EXECUTE FUNCTION klynge_next_id_applications();
CREATE FUNCTION klynge_next_id_evaluators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM evaluators), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER evaluators_next_id BEFORE INSERT ON evaluators FOR EACH ROW EXECUTE FUNCTION klynge_next_id_evaluators();
CREATE FUNCTION klynge_next_id_conflicts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM conflicts), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER conflicts_next_id BEFORE INSERT ON conflicts FOR EACH ROW EXECUTE FUNCTION klynge_next_id_conflicts();
CREATE FUNCTION klynge_next_id_allocation_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM allocation_runs), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER allocation_runs_next_id BEFORE INSERT ON allocation_runs FOR EACH ROW EXECUTE FUNCTION klynge_next_id_allocation_runs();
CREATE FUNCTION klynge_next_id_audit_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM audit_log), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_next_id BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION klynge_next_id_audit_log();
CREATE FUNCTION klynge_next_id_letters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM letters), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER letters_next_id BEFORE INSERT ON letters FOR EACH ROW EXECUTE FUNCTION klynge_next_id_letters();
CREATE FUNCTION klynge_next_id_state_aid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM state_aid), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER state_aid_next_id BEFORE INSERT ON state_aid FOR EACH ROW EXECUTE FUNCTION klynge_next_id_state_aid();
CREATE FUNCTION klynge_next_id_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM decisions), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER decisions_next_id BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION klynge_next_id_decisions();
CREATE FUNCTION klynge_next_id_appeals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := coalesce((SELECT max(id) FROM appeals), 0) + 1; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER appeals_next_id BEFORE INSERT ON appeals FOR EACH ROW EXECUTE FUNCTION klynge_next_id_appeals();
`,
  },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;
