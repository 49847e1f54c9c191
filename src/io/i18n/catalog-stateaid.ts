/**
 * Messages for state aid (*statsstøtte*): the call's stateAid block, the de minimis
 * ceiling's reasons, the import of other aid and the headroom shown to the caseworker.
 *
 * Parameters (money as { money: øre }):
 * - reason.state-aid-capped   {tier} {granted} {requested} {ceiling} {other} {own} {thisCall} {headroom}
 * - reason.state-aid-ceiling  {tier} {requested} {ceiling} {other} {own} {thisCall} {headroom}
 */
import type { CatalogPart } from './index.js';

const en = {
  'call.state_aid_basis': 'must be one of {bases}',
  'call.state_aid_only_de_minimis': 'applies only when the basis is "de-minimis"; leave it out',
  'call.iso_date': 'must be a date written YYYY-MM-DD (for example 2022-12-01)',
  'call.eur_rate_decimals': 'may have at most 6 decimals (NOK per EUR, for example 11.5)',

  'reason.state-aid-capped':
    "Granted {granted} under {tier}, what the undertaking has left under the de minimis ceiling of {ceiling} (other de minimis aid {other}, klynge's earlier grants {own} and this call's other grants {thisCall} in the period); {requested} was requested.",
  'reason.state-aid-ceiling':
    "Not granted: the undertaking has {headroom} left under the de minimis ceiling of {ceiling} (other de minimis aid {other}, klynge's earlier grants {own} and this call's other grants {thisCall} in the period), too little for a grant under {tier}; the money went on down the ranking.",

  'help.decide.override_state_aid': 'a de minimis call: grant even past the undertaking\'s ceiling (needs --note; logged)',
  'usage.override_state_aid_note': '--override-state-aid needs --note saying why the ceiling may be exceeded.',
  'decide.over_state_aid':
    '{ref}: a grant of {granted} takes the undertaking past the de minimis ceiling of {ceiling}: it has {headroom} left (other de minimis aid {other}, klynge\'s earlier grants {own}, this call\'s other grants {thisCall}). Grant at most {headroom}, or use --override-state-aid with --note.',
  'decide.state_aid_overridden': 'The grant takes the undertaking past the de minimis ceiling of {ceiling} (it had {headroom} left); the override and your note are in the log.',
  'check.state_aid_over': '{call}: {orgNumber} ({applicant}) has {total} of de minimis aid in the period, over the ceiling of {ceiling} (other aid {other}, klynge\'s earlier grants {own}, this call {thisCall}).',
  'import.no_org_number': '{count} application(s) have no organisation number ({refs}): the de minimis ceiling counts each of them as an undertaking of its own, without its other aid or earlier grants. Add the numbers and import again with --update.',
  'help.applications.history': 'one undertaking across calls and years: applications, grants, other aid, and the de minimis headroom left',
  'help.applications.history.key': 'an organisation number, or a case number in the call',
  'help.applications.history.examples': '  $ klynge applications history 957534503\n  $ klynge --call viken-2022-fiktiv applications history 22/00102-1 --json',
  'history.col.call': 'Call',
  'history.col.basis': 'Basis',
  'history.other_aid': 'Other aid (imported extract)',
  'history.period': 'De minimis in the period {from} – {to} ({call}): other aid {other}, grants from here {own}; left under the ceiling of {ceiling}: {headroom}.',
  'history.no_org_number': '{ref} has no organisation number, so its history cannot be found. Add it with "klynge import --update", or name the undertaking by its organisation number.',
  'history.bad_org_number': '"{value}" is not a valid organisation number (nine digits with a correct check digit). Check the number, or give a case number instead.',
  'history.unknown_org': 'No application and no aid has the organisation number {orgNumber}. Check the number, or import the aid with "klynge aid import".',
  'help.report.history': 'every undertaking (by organisation number) per year: calls applied to, requested, granted, de minimis in the period and the headroom left; repeat applicants marked',
  'help.report.history.years': 'only the last N years of calls',
  'help.report.history.examples': '  $ klynge report history\n  $ klynge report history --years 3 --format csv > historikk.csv',
  'history.col.org': 'Org. no.',
  'history.col.calls': 'Calls',
  'history.col.de_minimis': 'De minimis in period',
  'history.col.headroom': 'Headroom',
  'history.repeat_note': '* applied in more than one year: {count} of {total} undertakings.',
  'summary.state_aid.de-minimis': 'The grants are de minimis aid under the EEA rules, with a ceiling of EUR {ceiling} per undertaking over {years} years.',
  'summary.state_aid.gber': 'The grants are given under the General Block Exemption Regulation (GBER).',
  'summary.state_aid.none': 'The grants are not state aid.',
  'action.aid.import': 'aid imported',
  'call.show.state_aid_de_minimis': 'State aid: de minimis, at most EUR {ceiling} per undertaking over {years} years up to the grant date {grantDate}; {rate} kr per euro',
  'call.show.state_aid_gber': 'State aid: the General Block Exemption Regulation (GBER)',
  'call.show.state_aid_none': 'State aid: none',
  'call.show.state_aid_region': 'Region for the state-aid register: {region} (an application\'s own region column comes first)',
  'help.aid': 'state aid: import an extract of the de minimis aid applicants got from other givers',
  'help.aid.import': 'import other de minimis aid from a CSV file (orgnr, date, amount, currency, giver, basis): all of the file or nothing',
  'help.aid.import.dry_run': 'check the file and report, write nothing',
  'help.aid.examples': '  $ klynge aid import data/aid-2022.csv',
  'help.aid.import.examples': '  $ klynge aid import bagatellstotte.csv\n  $ klynge aid import --dry-run register-utdrag.csv',
  'aid.import.done': 'Imported {count} aid {count?record|records} from {file} ({deMinimis} de minimis): {nok} and EUR {eur}.',
  'aid.import.dry_run': 'Checked {count} aid {count?record|records} in {file} ({deMinimis} de minimis): {nok} and EUR {eur}; nothing written (--dry-run).',
  'field.priorDeMinimis': 'prior de minimis aid',
  'field.date': 'date',
  'field.amount': 'amount',
  'field.currency': 'currency',
  'field.giver': 'giver',
  'field.basis': 'basis',
  'aid.field.currency': 'the currency must be NOK or EUR, not "{value}"',
  'aid.field.basis': 'the basis must be de-minimis, gber or other, not "{value}"',

  'stateaid.headroom': 'De minimis headroom: {headroom} of {ceiling} (other aid {other}, earlier grants {own}, this call {thisCall})',
  'stateaid.headroom_short': 'headroom {headroom}',
};

const nb: typeof en = {
  'call.state_aid_basis': 'må være en av {bases}',
  'call.state_aid_only_de_minimis': 'gjelder bare når grunnlaget er «de-minimis»; ta det bort',
  'call.iso_date': 'må være en dato skrevet ÅÅÅÅ-MM-DD (for eksempel 2022-12-01)',
  'call.eur_rate_decimals': 'kan ha høyst 6 desimaler (kroner per euro, for eksempel 11.5)',

  'reason.state-aid-capped':
    'Innvilget {granted} under {tier}, som er det foretaket har igjen under taket for bagatellstøtte på {ceiling} (annen bagatellstøtte {other}, tidligere tilskudd herfra {own} og andre tilskudd i denne utlysningen {thisCall} i perioden). Søkt beløp var {requested}.',
  'reason.state-aid-ceiling':
    'Ikke innvilget: foretaket har bare {headroom} igjen under taket for bagatellstøtte på {ceiling} (annen bagatellstøtte {other}, tidligere tilskudd herfra {own} og andre tilskudd i denne utlysningen {thisCall} i perioden), og det er for lite til et tilskudd under {tier}. Midlene gikk videre til neste på rangeringen.',

  'help.decide.override_state_aid': 'bagatellstøtte: innvilg selv om foretaket da går over taket (krever --note; logges)',
  'usage.override_state_aid_note': '--override-state-aid krever --note som begrunner hvorfor taket kan overskrides.',
  'decide.over_state_aid':
    '{ref}: et tilskudd på {granted} tar foretaket over taket for bagatellstøtte på {ceiling}: det har {headroom} igjen (annen bagatellstøtte {other}, tidligere tilskudd herfra {own}, andre tilskudd i denne utlysningen {thisCall}). Innvilg høyst {headroom}, eller bruk --override-state-aid med --note.',
  'decide.state_aid_overridden': 'Tilskuddet tar foretaket over taket for bagatellstøtte på {ceiling} (det hadde {headroom} igjen); overstyringen og notatet ditt er logget.',
  'check.state_aid_over': '{call}: {orgNumber} ({applicant}) har {total} i bagatellstøtte i perioden, over taket på {ceiling} (annen støtte {other}, tidligere tilskudd herfra {own}, denne utlysningen {thisCall}).',
  'import.no_org_number': '{count} søknad(er) mangler organisasjonsnummer ({refs}): taket for bagatellstøtte regner hver av dem som et eget foretak, uten annen støtte eller tidligere tilskudd. Legg inn numrene og importer på nytt med --update.',
  'help.applications.history': 'ett foretak på tvers av utlysninger og år: søknader, tilskudd, annen støtte og hva som er igjen under taket for bagatellstøtte',
  'help.applications.history.key': 'et organisasjonsnummer, eller et saksnummer i utlysningen',
  'help.applications.history.examples': '  $ klynge applications history 957534503\n  $ klynge --call viken-2022-fiktiv applications history 22/00102-1 --json',
  'history.col.call': 'Utlysning',
  'history.col.basis': 'Grunnlag',
  'history.other_aid': 'Annen støtte (innlest utdrag)',
  'history.period': 'Bagatellstøtte i perioden {from}–{to} ({call}): annen støtte {other}, tilskudd herfra {own}; igjen under taket på {ceiling}: {headroom}.',
  'history.no_org_number': '{ref} har ikke organisasjonsnummer, så historikken kan ikke finnes. Legg det inn med «klynge import --update», eller oppgi foretaket med organisasjonsnummer.',
  'history.bad_org_number': '«{value}» er ikke et gyldig organisasjonsnummer (ni sifre med riktig kontrollsiffer). Kontroller nummeret, eller oppgi et saksnummer.',
  'history.unknown_org': 'Ingen søknad og ingen støtte har organisasjonsnummeret {orgNumber}. Kontroller nummeret, eller les inn støtten med «klynge aid import».',
  'help.report.history': 'hvert foretak (etter organisasjonsnummer) per år: utlysninger søkt på, søkt, innvilget, bagatellstøtte i perioden og hva som er igjen under taket; gjentatte søkere merket',
  'help.report.history.years': 'bare utlysningene fra de siste N årene',
  'help.report.history.examples': '  $ klynge report history\n  $ klynge report history --years 3 --format csv > historikk.csv',
  'history.col.org': 'Org.nr.',
  'history.col.calls': 'Utlysninger',
  'history.col.de_minimis': 'Bagatellstøtte i perioden',
  'history.col.headroom': 'Igjen',
  'history.repeat_note': '* søkte i mer enn ett år: {count} av {total} foretak.',
  'summary.state_aid.de-minimis': 'Tilskuddene gis som bagatellstøtte etter EØS-reglene, med et tak på {ceiling} euro per foretak over {years} år.',
  'summary.state_aid.gber': 'Tilskuddene gis etter gruppeunntaksforordningen (GBER).',
  'summary.state_aid.none': 'Tilskuddene regnes ikke som statsstøtte.',
  'action.aid.import': 'støtte lest inn',
  'call.show.state_aid_de_minimis': 'Statsstøtte: bagatellstøtte, høyst {ceiling} euro per foretak over {years} år fram til tildelingsdatoen {grantDate}; {rate} kr per euro',
  'call.show.state_aid_gber': 'Statsstøtte: gruppeunntaksforordningen (GBER)',
  'call.show.state_aid_none': 'Statsstøtte: ingen',
  'call.show.state_aid_region': 'Region i statsstøtteregisteret: {region} (en søknads egen regionkolonne går foran)',
  'help.aid': 'statsstøtte: les inn et utdrag av bagatellstøtten søkerne har fått fra andre støttegivere',
  'help.aid.import': 'les inn annen bagatellstøtte fra en CSV-fil (orgnr, dato, beløp, valuta, støttegiver, grunnlag): hele filen eller ingenting',
  'help.aid.import.dry_run': 'kontroller filen og rapporter, uten å lagre noe',
  'help.aid.examples': '  $ klynge aid import data/aid-2022.csv',
  'help.aid.import.examples': '  $ klynge aid import bagatellstotte.csv\n  $ klynge aid import --dry-run register-utdrag.csv',
  'aid.import.done': 'Leste inn {count} {count?støttetildeling|støttetildelinger} fra {file} ({deMinimis} bagatellstøtte): {nok} og EUR {eur}.',
  'aid.import.dry_run': 'Kontrollerte {count} {count?støttetildeling|støttetildelinger} i {file} ({deMinimis} bagatellstøtte): {nok} og EUR {eur}; ingenting lagret (--dry-run).',
  'field.priorDeMinimis': 'tidligere bagatellstøtte',
  'field.date': 'dato',
  'field.amount': 'beløp',
  'field.currency': 'valuta',
  'field.giver': 'støttegiver',
  'field.basis': 'støttegrunnlag',
  'aid.field.currency': 'valutaen må være NOK eller EUR, ikke «{value}»',
  'aid.field.basis': 'grunnlaget må være de-minimis, gber eller annet, ikke «{value}»',

  'stateaid.headroom': 'Igjen under taket for bagatellstøtte: {headroom} av {ceiling} (annen støtte {other}, tidligere tilskudd {own}, denne utlysningen {thisCall})',
  'stateaid.headroom_short': 'igjen {headroom}',
};

export const stateAidCatalog: CatalogPart = { en, nb };
