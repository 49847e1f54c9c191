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
  'db.pg_lost': 'The connection to PostgreSQL was lost in the middle of the command ({reason}). The change it was making was not saved. Check that the server is running, then run the command again.',
  'db.pg_backup': 'klynge backup writes a copy of a SQLite file; a PostgreSQL database is backed up with pg_dump (pg_dump -Fc -f klynge.dump DATABASE, see the README), or copied to a SQLite file with "klynge db copy --to FILE".',
  'demo.pg_has_schema': '{file} has a klynge schema already; the demo only builds a new database. Leave out --db for a throw-away one, or name an empty database (createdb).',
  'db.pg_password_in_url': 'The password is part of the connection string, so it stays in your shell history. Put it in ~/.pgpass or PGPASSWORD instead (see the README).',
  'help.db': 'move a database between SQLite and PostgreSQL',
  'help.db.copy': 'copy a whole database into a new or empty one (SQLite or PostgreSQL, either way), and verify the copy',
  'help.db.copy.from': 'the database to copy (a file or postgres://…; default: --db, else KLYNGE_DB)',
  'help.db.copy.to': 'the new or empty database to copy into (a file or postgres://…)',
  'help.db.copy.examples':
    '  $ klynge db copy --from klynge.db --to postgres://klynge@db.fylke.no/klynge\n  $ PGHOST=db.fylke.no PGUSER=klynge klynge db copy --from klynge.db --to postgres:\n  $ klynge db copy --from postgres://klynge@db.fylke.no/klynge --to kopi-2021.db',
  'copy.same': '--from and --to name the same database ({label}). Name a new or empty database to copy into.',
  'copy.not_empty': '{label} is not empty ({table} has {rows} {rows?row|rows}). db copy only copies into a new or empty database; create one (createdb, or a new file name) and try again.',
  'copy.unknown_tables': '{label} has tables this klynge does not know ({tables}): it was made by another version. Nothing was copied. Use the klynge that made it.',
  'copy.counts_differ': 'The copy did not verify: rows differ ({tables}). Nothing was kept in the target; try again, and report it if it happens again.',
  'copy.hash_differs': 'The copy did not verify: the inputs hash of {call} differs between the two databases. Nothing was kept in the target; report this.',
  'copy.done': 'Copied {from} to {to}: {rows} rows in {tables} tables, each table counted the same on both sides.',
  'copy.calls': 'The inputs hash of each call is the same on both sides:',
  'copy.no_run': 'no allocation run yet',
  'copy.inputs_now': 'changed since, inputs now',
  'action.db.copy': 'database copied',
  'log.db_copy': '{rows} rows copied from {from}',
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
  'db.pg_lost': 'Forbindelsen til PostgreSQL ble brutt midt i kommandoen ({reason}). Endringen den holdt på med, ble ikke lagret. Sjekk at serveren kjører, og kjør kommandoen på nytt.',
  'db.pg_backup': 'klynge backup kopierer en SQLite-fil; en PostgreSQL-database sikkerhetskopieres med pg_dump (pg_dump -Fc -f klynge.dump DATABASE, se README), eller kopieres til en SQLite-fil med «klynge db copy --to FIL».',
  'demo.pg_has_schema': '{file} har allerede et klynge-skjema; demoen lager bare en ny database. Utelat --db for en midlertidig en, eller oppgi en tom database (createdb).',
  'db.pg_password_in_url': 'Passordet står i tilkoblingsstrengen og blir liggende i skallhistorikken. Legg det i ~/.pgpass eller PGPASSWORD i stedet (se README).',
  'help.db': 'flytt en database mellom SQLite og PostgreSQL',
  'help.db.copy': 'kopier en hel database til en ny eller tom database (SQLite eller PostgreSQL, begge veier), og kontroller kopien',
  'help.db.copy.from': 'databasen som skal kopieres (en fil eller postgres://…; standard: --db, ellers KLYNGE_DB)',
  'help.db.copy.to': 'den nye eller tomme databasen det skal kopieres til (en fil eller postgres://…)',
  'help.db.copy.examples':
    '  $ klynge db copy --from klynge.db --to postgres://klynge@db.fylke.no/klynge\n  $ PGHOST=db.fylke.no PGUSER=klynge klynge db copy --from klynge.db --to postgres:\n  $ klynge db copy --from postgres://klynge@db.fylke.no/klynge --to kopi-2021.db',
  'copy.same': '--from og --to er samme database ({label}). Oppgi en ny eller tom database å kopiere til.',
  'copy.not_empty': '{label} er ikke tom ({table} har {rows} {rows?rad|rader}). db copy kopierer bare til en ny eller tom database; opprett en (createdb, eller et nytt filnavn) og prøv igjen.',
  'copy.unknown_tables': '{label} har tabeller denne klynge ikke kjenner ({tables}): den er laget av en annen versjon. Ingenting ble kopiert. Bruk klynge-versjonen som laget den.',
  'copy.counts_differ': 'Kopien stemte ikke: antall rader er ulikt ({tables}). Ingenting ble beholdt i måldatabasen; prøv igjen, og meld fra om det skjer igjen.',
  'copy.hash_differs': 'Kopien stemte ikke: inndata-hashen for {call} er ulik i de to databasene. Ingenting ble beholdt i måldatabasen; meld fra om dette.',
  'copy.done': 'Kopierte {from} til {to}: {rows} rader i {tables} tabeller, hver tabell talt likt på begge sider.',
  'copy.calls': 'Inndata-hashen for hver utlysning er lik på begge sider:',
  'copy.no_run': 'ingen fordeling kjørt ennå',
  'copy.inputs_now': 'endret siden, inndata nå',
  'action.db.copy': 'database kopiert',
  'log.db_copy': '{rows} rader kopiert fra {from}',
};

export const pgCatalog: CatalogPart = { en, nb };
