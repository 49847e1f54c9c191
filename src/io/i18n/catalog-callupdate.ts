/** Messages for changing a call, the default call, and the scorer's prompts (issue 14, items 5, 6 and 9). */
import type { CatalogPart } from './index.js';

const en = {
  // choosing the call
  'callchoice.unknown': 'No call "{slug}". The calls are: {slugs}. Choose one with --call SLUG, KLYNGE_CALL=SLUG, or "klynge call use SLUG" to make it the default.',
  'callchoice.unknown_env': 'KLYNGE_CALL names the call "{slug}", but there is no such call. The calls are: {slugs}. Set KLYNGE_CALL to one of them or unset it, or give --call SLUG.',
  'callchoice.unknown_default': 'The default call "{slug}" (chosen with "klynge call use") is not in the database. The calls are: {slugs}. Choose another with "klynge call use SLUG", or give --call SLUG.',
  'callchoice.ambiguous': 'There are several calls ({slugs}) and none is chosen. Give --call SLUG, set KLYNGE_CALL=SLUG, or make one the default with "klynge call use SLUG".',
  'calluse.done': 'Commands now work on the call {slug} when no --call is given.',
  'calluse.cleared': 'No default call any more: commands need --call or KLYNGE_CALL when there are several calls.',
  'calluse.env_wins': 'KLYNGE_CALL is set to "{env}" in this shell, and it goes before the default: unset it to use the default.',
  'calluse.marked': '* the default call (klynge call use {slug})',
  'usage.call_use_needs': 'Give the call to use, "klynge call use SLUG", or --clear to have no default (not both).',
  'help.call.use': 'choose the call commands work on when no --call is given (stored in the database; KLYNGE_CALL and --call go before it)',
  'help.call.use.slug': 'the call\'s slug',
  'help.call.use.clear': 'have no default call',
  'help.call.use.examples': '  $ klynge call use viken-2022\n  $ klynge call use --clear\n  $ KLYNGE_CALL=viken-2021 klynge rank',

  // changing a call
  'help.call.update':
    'change a call: a new definition from a file, tier budgets, the threshold; validated as "call create" is, every change logged, a stored allocation becomes out of date. Criteria, weights and the scale are locked once scoring has started',
  'help.call.update.slug': 'the call (default: --call, KLYNGE_CALL, the default call, or the only one)',
  'help.call.update.file': 'the whole call definition, as for "call create" (same slug)',
  'help.call.update.budget': 'a tier\'s budget in kroner, TIER=KRONER (repeatable); a bare amount is the first tier\'s',
  'help.call.update.threshold': 'the weighted result an application must reach',
  'help.call.update.examples':
    '  $ klynge call update --budget main=9000000\n  $ klynge call update viken-2021 --budget main=9000000 --budget pre=700000 --threshold 3\n  $ klynge call update --file call.json --json',
  'usage.call_update_needs': 'Say what to change: --file call.json, --budget TIER=KRONER or --threshold N. See "klynge call update --help".',
  'usage.budget_repeated': '{option} is given twice for the tier {tier}: give each tier once.',
  'callupdate.invalid': 'The change to the call {slug} ({source}) has {count} {count?problem|problems}; nothing was changed:',
  'callupdate.slug_differs': 'is not the slug of the call being changed ({slug}); a call keeps its slug (create a new call for a new one)',
  'callupdate.unknown_tier': 'there is no tier "{tier}"; the tiers are: {known}',
  'callupdate.scoring_started':
    'Scoring of {slug} has started ({scored} {scored?application has|applications have} scores), so its criteria, their weights and the scale can no longer change ({what}): the scores given would mean something else. Nothing was changed. Budgets, thresholds and tiers can still change; for other criteria create a new call.',
  'callupdate.tier_in_use': 'The tier "{tier}" has {count} manual {count?decision|decisions} and cannot be removed; nothing was changed. Clear {count?it|them} first with "klynge decide REF --clear".',
  'callupdate.unchanged': 'Nothing to change: the call {slug} is already like that.',
  'callupdate.done': 'Changed the call {slug} ({count} {count?change|changes}, logged); run "klynge allocate" again for an allocation that follows it:',
  'callupdate.budget_committed': 'The budget of {slug} is changed and logged ({changes}): "call show", the reports and the next "allocate" use it.',

  // allocate without scores
  'allocate.no_evaluators': 'No evaluators are registered and nothing is scored in {call}, so no application can be ranked yet. Add evaluators with "klynge evaluator add NAME" and score, or import scores with "klynge score import FILE.csv".',
  'allocate.no_scores': 'No scores yet in {call}: {count} {count?evaluator is|evaluators are} registered, but none has scored an application, so none can be ranked. Score with "klynge score", "klynge score set" or "klynge score import".',
  'flag.incomplete-unscored': 'Not scored yet on {criteria}: nobody has scored this call.',
  // the scorer
  'prompt.hint.keys': '(its key, or ↑↓ Enter)',
  'prompt.hint.filter': '(type to filter · ↑↓ Enter · Esc clears):',
  'prompt.hint.arrows': '(↑↓ Enter)',
  'prompt.no_match': 'no application matches what is typed',
  'scoring.criterion_justification': 'Justification for {criterion} (optional, Enter to skip):',
  'scoring.overall_required': 'Overall justification (required):',
  'scoring.overall_optional': 'Overall justification (optional: every criterion has its own):',
  'scoring.overall_short': 'Overall justification',
  'scoring.edit_criterion': 'Change a criterion (score and justification)',
  'scoring.edit_overall': 'Change the overall justification',
  'card.overall_justification': 'overall justification',
  'action.call.update': 'call changed',
  'action.call.use': 'default call',
};

const nb: typeof en = {
  'callchoice.unknown': 'Fant ingen utlysning «{slug}». Utlysningene er: {slugs}. Velg én med --call KORTNAVN, KLYNGE_CALL=KORTNAVN, eller «klynge call use KORTNAVN» for å gjøre den til standard.',
  'callchoice.unknown_env': 'KLYNGE_CALL peker på utlysningen «{slug}», men den finnes ikke. Utlysningene er: {slugs}. Sett KLYNGE_CALL til en av dem eller fjern den, eller bruk --call KORTNAVN.',
  'callchoice.unknown_default': 'Standardutlysningen «{slug}» (valgt med «klynge call use») finnes ikke i databasen. Utlysningene er: {slugs}. Velg en annen med «klynge call use KORTNAVN», eller bruk --call KORTNAVN.',
  'callchoice.ambiguous': 'Det finnes flere utlysninger ({slugs}), og ingen er valgt. Bruk --call KORTNAVN, sett KLYNGE_CALL=KORTNAVN, eller gjør én til standard med «klynge call use KORTNAVN».',
  'calluse.done': 'Kommandoene bruker nå utlysningen {slug} når --call ikke er oppgitt.',
  'calluse.cleared': 'Ingen standardutlysning lenger: kommandoene trenger --call eller KLYNGE_CALL når det finnes flere utlysninger.',
  'calluse.env_wins': 'KLYNGE_CALL er satt til «{env}» i dette skallet og går foran standarden: fjern den for å bruke standarden.',
  'calluse.marked': '* standardutlysningen (klynge call use {slug})',
  'usage.call_use_needs': 'Oppgi utlysningen som skal brukes, «klynge call use KORTNAVN», eller --clear for ingen standard (ikke begge).',
  'help.call.use': 'velg utlysningen kommandoene bruker når --call ikke er oppgitt (lagres i databasen; KLYNGE_CALL og --call går foran)',
  'help.call.use.slug': 'utlysningens kortnavn',
  'help.call.use.clear': 'ingen standardutlysning',
  'help.call.use.examples': '  $ klynge call use viken-2022\n  $ klynge call use --clear\n  $ KLYNGE_CALL=viken-2021 klynge rank',

  'help.call.update':
    'endre en utlysning: ny definisjon fra fil, budsjett per nivå, terskelen; kontrolleres som ved «call create», hver endring logges, og en lagret tildeling blir utdatert. Kriterier, vekter og skala låses når vurderingen har begynt',
  'help.call.update.slug': 'utlysningen (standard: --call, KLYNGE_CALL, standardutlysningen eller den eneste)',
  'help.call.update.file': 'hele utlysningsdefinisjonen, som for «call create» (samme kortnavn)',
  'help.call.update.budget': 'budsjettet til et nivå i kroner, NIVÅ=KRONER (kan gjentas); et beløp alene gjelder det første nivået',
  'help.call.update.threshold': 'vektet resultat en søknad må nå',
  'help.call.update.examples':
    '  $ klynge call update --budget main=9000000\n  $ klynge call update viken-2021 --budget main=9000000 --budget pre=700000 --threshold 3\n  $ klynge call update --file utlysning.json --json',
  'usage.call_update_needs': 'Oppgi hva som skal endres: --file utlysning.json, --budget NIVÅ=KRONER eller --threshold N. Se «klynge call update --help».',
  'usage.budget_repeated': '{option} er oppgitt to ganger for nivået {tier}: oppgi hvert nivå én gang.',
  'callupdate.invalid': 'Endringen av utlysningen {slug} ({source}) har {count} feil; ingenting ble endret:',
  'callupdate.slug_differs': 'er ikke kortnavnet til utlysningen som endres ({slug}); en utlysning beholder kortnavnet sitt (lag en ny utlysning for et nytt)',
  'callupdate.unknown_tier': 'det finnes ikke noe nivå «{tier}»; nivåene er: {known}',
  'callupdate.scoring_started':
    'Vurderingen av {slug} har begynt ({scored} {scored?søknad har|søknader har} poeng), så kriteriene, vektene og skalaen kan ikke lenger endres ({what}): poengene som er gitt, ville bety noe annet. Ingenting ble endret. Budsjett, terskler og nivåer kan fortsatt endres; for andre kriterier må du lage en ny utlysning.',
  'callupdate.tier_in_use': 'Nivået «{tier}» har {count} {count?manuelt vedtak|manuelle vedtak} og kan ikke fjernes; ingenting ble endret. Fjern {count?det|dem} først med «klynge decide SAKSNR --clear».',
  'callupdate.unchanged': 'Ingenting å endre: utlysningen {slug} er allerede slik.',
  'callupdate.done': 'Endret utlysningen {slug} ({count} {count?endring|endringer}, logget); kjør «klynge allocate» på nytt for en tildeling som følger den:',
  'callupdate.budget_committed': 'Budsjettet til {slug} er endret og logget ({changes}): «call show», rapportene og neste «allocate» bruker det.',

  'allocate.no_evaluators': 'Ingen vurderere er registrert og ingenting er vurdert i {call}, så ingen søknad kan rangeres ennå. Legg til vurderere med «klynge evaluator add NAVN» og vurder, eller importer vurderinger med «klynge score import FIL.csv».',
  'allocate.no_scores': 'Ingen vurderinger ennå i {call}: {count} {count?vurderer er|vurderere er} registrert, men ingen har gitt poeng, så ingen søknad kan rangeres. Vurder med «klynge score», «klynge score set» eller «klynge score import».',
  'flag.incomplete-unscored': 'Ikke vurdert ennå på {criteria}: ingen har gitt poeng i denne utlysningen.',
  'prompt.hint.keys': '(tasten, eller ↑↓ Enter)',
  'prompt.hint.filter': '(skriv for å filtrere · ↑↓ Enter · Esc tømmer):',
  'prompt.hint.arrows': '(↑↓ Enter)',
  'prompt.no_match': 'ingen søknad passer med det som er skrevet',
  'scoring.criterion_justification': 'Begrunnelse for {criterion} (valgfritt, Enter for å hoppe over):',
  'scoring.overall_required': 'Samlet begrunnelse (må fylles ut):',
  'scoring.overall_optional': 'Samlet begrunnelse (valgfritt: hvert kriterium har sin egen):',
  'scoring.overall_short': 'Samlet begrunnelse',
  'scoring.edit_criterion': 'Endre et kriterium (poeng og begrunnelse)',
  'scoring.edit_overall': 'Endre samlet begrunnelse',
  'card.overall_justification': 'samlet begrunnelse',
  'action.call.update': 'utlysning endret',
  'action.call.use': 'standardutlysning',
};

export const callUpdateCatalog: CatalogPart = { en, nb };
