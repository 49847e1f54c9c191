/**
 * Messages for PostgreSQL (`--db postgres://…`, issue 17): the connection string, a failed
 * connection (one line: which server, what to check; never the password) and the schema.
 *
 * Parameters: {host} {port} {database} {user} for a connection; {label} is the connection
 * string without its password; {version} {latest} schema versions.
 */
import type { CatalogPart } from './index.js';

const en = {
  'db.pg_bad_url': '{url} is not a PostgreSQL connection string. Write it as postgres://USER@HOST:PORT/DATABASE (add ?sslmode=require for TLS), or postgres: alone to use PGHOST, PGPORT, PGDATABASE and PGUSER.',
  'db.pg_refused':
    'Could not connect to PostgreSQL at {host}:{port}: nothing is listening there. Check that the server runs and accepts TCP connections on that port (listen_addresses, port in postgresql.conf), and the host and port in --db.',
  'db.pg_no_host': 'Could not connect to PostgreSQL: the host name {host} is not known. Check the host in --db (or PGHOST).',
  'db.pg_timeout': 'Could not connect to PostgreSQL at {host}:{port}: no answer within 10 seconds. Check the host and port, and that a firewall lets the connection through.',
  'db.pg_auth':
    'PostgreSQL at {host}:{port} refused user {user} for database {database}: the password or the authentication method did not match. Check the password in ~/.pgpass or PGPASSWORD (never on the command line), and pg_hba.conf on the server.',
  'db.pg_no_database': 'PostgreSQL at {host}:{port} has no database {database}. Create it first (createdb -O {user} {database}), then run "klynge init".',
  'db.pg_failed': 'Could not connect to PostgreSQL at {host}:{port} (database {database}, user {user}): {message}',
  'db.pg_newer': '{label} has klynge schema {version}, made by a newer klynge than this one (which knows up to {latest}). Nothing was changed. Use that newer klynge.',
  'db.pg_empty': '{label} has no klynge schema yet. Run "klynge init" first.',
  'db.pg_older': '{label} has klynge schema {version}; this klynge needs {latest}. Run "klynge init" to bring it up to date.',
  'db.pg_commands_not_yet':
    'This klynge can make the klynge schema on PostgreSQL ({label}) with "klynge init", but its other commands do not run on PostgreSQL yet. Use a SQLite file for now (--db klynge.db).',
};

const nb: Record<keyof typeof en, string> = {
  'db.pg_bad_url': '{url} er ikke en tilkoblingsstreng for PostgreSQL. Skriv den som postgres://BRUKER@VERT:PORT/DATABASE (legg til ?sslmode=require for TLS), eller bare postgres: for å bruke PGHOST, PGPORT, PGDATABASE og PGUSER.',
  'db.pg_refused':
    'Fikk ikke kontakt med PostgreSQL på {host}:{port}: ingenting lytter der. Sjekk at tjeneren kjører og tar imot TCP-tilkoblinger på den porten (listen_addresses og port i postgresql.conf), og vert og port i --db.',
  'db.pg_no_host': 'Fikk ikke kontakt med PostgreSQL: vertsnavnet {host} er ukjent. Sjekk verten i --db (eller PGHOST).',
  'db.pg_timeout': 'Fikk ikke kontakt med PostgreSQL på {host}:{port}: ikke noe svar innen 10 sekunder. Sjekk vert og port, og at en brannmur slipper tilkoblingen gjennom.',
  'db.pg_auth':
    'PostgreSQL på {host}:{port} avviste brukeren {user} for databasen {database}: passordet eller autentiseringsmåten stemte ikke. Sjekk passordet i ~/.pgpass eller PGPASSWORD (aldri på kommandolinjen), og pg_hba.conf på tjeneren.',
  'db.pg_no_database': 'PostgreSQL på {host}:{port} har ingen database {database}. Opprett den først (createdb -O {user} {database}), og kjør så «klynge init».',
  'db.pg_failed': 'Fikk ikke kontakt med PostgreSQL på {host}:{port} (database {database}, bruker {user}): {message}',
  'db.pg_newer': '{label} har klynge-skjema {version}, laget av en nyere klynge enn denne (som kjenner til og med {latest}). Ingenting er endret. Bruk den nyere klynge.',
  'db.pg_empty': '{label} har ikke noe klynge-skjema ennå. Kjør «klynge init» først.',
  'db.pg_older': '{label} har klynge-skjema {version}; denne klynge trenger {latest}. Kjør «klynge init» for å oppdatere det.',
  'db.pg_commands_not_yet':
    'Denne klynge kan lage klynge-skjemaet i PostgreSQL ({label}) med «klynge init», men de andre kommandoene kjører ikke på PostgreSQL ennå. Bruk en SQLite-fil inntil videre (--db klynge.db).',
};

export const pgCatalog: CatalogPart = { en, nb };
