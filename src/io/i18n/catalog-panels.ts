/** Messages for panels (`klynge assign`). */
import type { CatalogPart } from './index.js';

const en = {
  'help.assign':
    'panels: spread the call\'s active applications over evaluators (never to one with a conflict of interest), put one evaluator on or off one application, or list who scores what',
  'help.assign.ref': 'an application\'s case number: put one evaluator on its panel (with --evaluator), or take them off (with --unassign)',
  'help.assign.evaluators': 'the panel, comma-separated: spread every active application over these evaluators',
  'help.assign.per_application': 'with --evaluators: how many evaluators score each application',
  'help.assign.evaluator': 'with an application: the evaluator to put on its panel or take off it',
  'help.assign.unassign': 'with an application and --evaluator: take the evaluator off its panel',
  'help.assign.replace': 'with --evaluators: the call has assignments already; remove them all and spread anew',
  'help.assign.list': 'list the call\'s assignments, by case number',
  'help.assign.examples':
    '  $ klynge assign --evaluators "Kari Nordmann, Ola Hansen, Ingrid Berg" --per-application 2\n  $ klynge assign 21/04118-1 --evaluator "Ingrid Berg"\n  $ klynge assign 21/04118-1 --evaluator "Ingrid Berg" --unassign\n  $ klynge assign --list',
  'usage.assign_mode':
    'Say what to assign: --evaluators "A, B" --per-application N for the whole call, REF --evaluator NAME for one application (add --unassign to take them off), or --list.',
  'usage.assign_list_alone': '--list shows the assignments and takes no application or other option: leave out {option}.',
  'usage.assign_per_needed': '--evaluators needs --per-application N: how many evaluators score each application.',
  'usage.assign_one_needs_evaluator': 'Name the evaluator with --evaluator NAME to put on (or, with --unassign, take off) the panel of {ref}.',
  'usage.assign_whole_call': '{option} only applies to the whole call (--evaluators); leave it out when you give an application.',
  'usage.assign_unassign_needs_ref': '--unassign takes one evaluator off one application: give its case number and --evaluator NAME.',
  'panels.no_evaluators': '--evaluators names no one: give the panel as "Kari Nordmann, Ola Hansen".',
  'panels.duplicate_evaluator': '"{name}" is named twice in --evaluators: give each evaluator once.',
  'panels.unknown_evaluators':
    '{names}: not {count?an evaluator|evaluators} in klynge. Nothing was assigned. Correct the {count?name|names} or add them with "klynge evaluator add" first.',
  'panels.unknown_evaluators_near':
    '{names}: not {count?an evaluator|evaluators} in klynge (did you mean {near}?). Nothing was assigned. Correct the {count?name|names} or add them with "klynge evaluator add" first.',
  'panels.per_too_many': '--per-application {per} asks for more evaluators per application than the {count} named: name more, or ask for fewer.',
  'panels.already_assigned':
    '{call} has {count} {count?assignment|assignments} already. Nothing was changed. Add --replace to remove them and spread anew, or change single ones with "klynge assign REF --evaluator NAME".',
  'panels.no_applications': '{call} has no active application to assign (withdrawn and ineligible ones get no panel). Import applications first.',
  'panels.not_assigned': '{name} is not on the panel of {ref}: nothing to take off. See "klynge assign --list".',
  'panels.already': '{name} is on the panel of {ref} already.',
  'panels.conflicted': '{name} has a conflict of interest on {ref} ("{reason}") and cannot be on its panel. Withdraw the conflict first if it no longer holds.',
  'panels.excluded_withdrawn': '{ref} is withdrawn and gets no panel. Restore it first with "klynge applications restore {ref}".',
  'panels.excluded_ineligible': '{ref} was found ineligible and gets no panel. Restore it first with "klynge applications restore {ref}".',
  'panels.assigned':
    'Assigned {apps} {apps?application|applications} to {per} {per?evaluator|evaluators} each from a panel of {count} ({added} {added?assignment|assignments}).',
  'panels.replaced': 'The {count} earlier {count?assignment was|assignments were} removed first.',
  'panels.load': '{evaluator}: {count} {count?application|applications}',
  'panels.short': '{ref} got {assigned} of {wanted} evaluators: the others have a conflict of interest on it.',
  'panels.stale': 'The stored allocation no longer follows from its inputs: run "klynge allocate" again.',
  'panels.one_assigned': 'Put {name} on the panel of {ref}; its panel is now: {panel}.',
  'panels.one_unassigned': 'Took {name} off the panel of {ref}; its panel is now: {panel}.',
  'panels.panel_empty': 'no one (every evaluator may score it, unless the call has other assignments)',
  'panels.none_yet': '{call} has no assignments: every evaluator may score every application. Spread them with "klynge assign --evaluators "A, B, C" --per-application 2".',
  'panels.col.evaluator': 'Evaluator',
  'panels.col.assigned': 'Assigned',
  'panels.count': '{count} {count?assignment|assignments}',
  'action.assign': 'assigned',
  'action.unassign': 'unassigned',
};

const nb: Record<keyof typeof en, string> = {
  'help.assign':
    'fagpaneler: fordel utlysningens aktive søknader på vurderere (aldri til en som er inhabil), sett én vurderer på eller av én søknad, eller vis hvem som vurderer hva',
  'help.assign.ref': 'saksnummeret til en søknad: sett én vurderer i panelet (med --evaluator), eller ta vedkommende ut (med --unassign)',
  'help.assign.evaluators': 'panelet, kommadelt: fordel alle aktive søknader på disse vurdererne',
  'help.assign.per_application': 'med --evaluators: hvor mange vurderere hver søknad skal ha',
  'help.assign.evaluator': 'med en søknad: vurdereren som skal inn i eller ut av panelet',
  'help.assign.unassign': 'med en søknad og --evaluator: ta vurdereren ut av panelet',
  'help.assign.replace': 'med --evaluators: utlysningen har allerede en fordeling; fjern hele og fordel på nytt',
  'help.assign.list': 'vis utlysningens fordeling, etter saksnummer',
  'help.assign.examples':
    '  $ klynge assign --evaluators "Kari Nordmann, Ola Hansen, Ingrid Berg" --per-application 2\n  $ klynge assign 21/04118-1 --evaluator "Ingrid Berg"\n  $ klynge assign 21/04118-1 --evaluator "Ingrid Berg" --unassign\n  $ klynge assign --list',
  'usage.assign_mode':
    'Si hva som skal fordeles: --evaluators "A, B" --per-application N for hele utlysningen, SAKSNR --evaluator NAVN for én søknad (legg til --unassign for å ta vedkommende ut), eller --list.',
  'usage.assign_list_alone': '--list viser fordelingen og tar ikke saksnummer eller andre valg: ta bort {option}.',
  'usage.assign_per_needed': '--evaluators trenger --per-application N: hvor mange vurderere hver søknad skal ha.',
  'usage.assign_one_needs_evaluator': 'Oppgi vurdereren med --evaluator NAVN som skal inn i (eller, med --unassign, ut av) panelet for {ref}.',
  'usage.assign_whole_call': '{option} gjelder bare fordeling av hele utlysningen (--evaluators); ta det bort når du oppgir en søknad.',
  'usage.assign_unassign_needs_ref': '--unassign tar én vurderer ut av panelet for én søknad: oppgi saksnummeret og --evaluator NAVN.',
  'panels.no_evaluators': '--evaluators nevner ingen: oppgi panelet som «Kari Nordmann, Ola Hansen».',
  'panels.duplicate_evaluator': '«{name}» står to ganger i --evaluators: oppgi hver vurderer én gang.',
  'panels.unknown_evaluators':
    '{names}: {count?er ikke en vurderer|er ikke vurderere} i klynge. Ingenting er fordelt. Rett {count?navnet|navnene}, eller legg dem til med «klynge evaluator add» først.',
  'panels.unknown_evaluators_near':
    '{names}: {count?er ikke en vurderer|er ikke vurderere} i klynge (mente du {near}?). Ingenting er fordelt. Rett {count?navnet|navnene}, eller legg dem til med «klynge evaluator add» først.',
  'panels.per_too_many': '--per-application {per} ber om flere vurderere per søknad enn de {count} som er oppgitt: oppgi flere, eller be om færre.',
  'panels.already_assigned':
    '{call} har allerede {count} {count?tildeling|tildelinger}. Ingenting er endret. Legg til --replace for å fjerne dem og fordele på nytt, eller endre enkeltsaker med «klynge assign SAKSNR --evaluator NAVN».',
  'panels.no_applications': '{call} har ingen aktive søknader å fordele (trukne og avviste søknader får ikke panel). Importer søknader først.',
  'panels.not_assigned': '{name} er ikke i panelet for {ref}, så det er ingenting å ta ut. Se «klynge assign --list».',
  'panels.already': '{name} er allerede i panelet for {ref}.',
  'panels.conflicted': '{name} er inhabil i {ref} («{reason}») og kan ikke sitte i panelet. Trekk tilbake inhabiliteten først hvis den ikke lenger gjelder.',
  'panels.excluded_withdrawn': '{ref} er trukket og får ikke panel. Gjenopprett søknaden først med «klynge applications restore {ref}».',
  'panels.excluded_ineligible': '{ref} er avvist ved formell kontroll og får ikke panel. Gjenopprett søknaden først med «klynge applications restore {ref}».',
  'panels.assigned':
    'Fordelte {apps} {apps?søknad|søknader} på {per} {per?vurderer|vurderere} hver fra et panel på {count} ({added} {added?tildeling|tildelinger}).',
  'panels.replaced': '{count} tidligere {count?tildeling|tildelinger} ble fjernet først.',
  'panels.load': '{evaluator}: {count} {count?søknad|søknader}',
  'panels.short': '{ref} fikk {assigned} av {wanted} vurderere: de andre er inhabile i saken.',
  'panels.stale': 'Den lagrede fordelingen av midlene følger ikke lenger av grunnlaget: kjør «klynge allocate» på nytt.',
  'panels.one_assigned': '{name} er satt i panelet for {ref}; panelet er nå: {panel}.',
  'panels.one_unassigned': '{name} er tatt ut av panelet for {ref}; panelet er nå: {panel}.',
  'panels.panel_empty': 'ingen (alle vurderere kan vurdere søknaden, med mindre utlysningen har andre tildelinger)',
  'panels.none_yet': '{call} har ingen fordeling: alle vurderere kan vurdere alle søknader. Fordel med «klynge assign --evaluators "A, B, C" --per-application 2».',
  'panels.col.evaluator': 'Vurderer',
  'panels.col.assigned': 'Tildelt',
  'panels.count': '{count} {count?tildeling|tildelinger}',
  'action.assign': 'tildelt',
  'action.unassign': 'tatt ut av panel',
};

export const panelsCatalog: CatalogPart = { en, nb };
