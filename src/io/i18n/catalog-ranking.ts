/**
 * Messages for ranking and allocation: decision reasons, flags, tie-break steps,
 * statuses and the allocator's errors.
 *
 * Parameters (the caller formats numbers for the language; money as { money: øre }):
 * - reason.granted                {tier} {granted}
 * - reason.capped-max-grant       {tier} {maxGrant} {requested}
 * - reason.partial-remainder      {tier} {granted} {requested}
 * - reason.below-threshold        {score} {threshold}        (the call's threshold)
 * - reason.criterion-minimum      {criterion} {mean} {min}   (code `criterion-minimum:KEY`)
 * - reason.below-tier-thresholds  {score} {threshold}        (the lowest tier threshold)
 * - reason.budget-exhausted       {tier}                     (the tier(s) it qualified for)
 * - flag.disagreement             {criterion} {spread}
 * - flag.incomplete               {criteria} {missing}       (lists; missing as "Name (criterion)")
 * - flag.incomplete-nobody        {criteria}                 (no non-conflicted evaluator owes a score)
 * - flag.incomplete-unassigned    {criteria} {ref}           (the call has panels; nobody is on this one)
 * - flag.unassigned               {ref}                      (the same, every criterion answered from before)
 * - flag.waiting-panel            {missing}                  (every criterion answered; assigned evaluators still owe)
 * - flag.criterion-minimum        {criterion} {mean} {min}
 */
import type { CatalogPart } from './index.js';

export const ranking: CatalogPart = {
  en: {
    'reason.manual': 'Decided by hand by the caseworker (locked).',
    'reason.granted': 'Granted in full ({granted}) under {tier}.',
    'reason.capped-max-grant': 'Granted {maxGrant}, the most {tier} allows; {requested} was requested.',
    'reason.partial-remainder': 'Granted what was left of the {tier} budget: {granted} of the {requested} requested.',
    'reason.below-threshold': "Weighted score {score} is below the call's threshold of {threshold}.",
    'reason.criterion-minimum': "The mean score for {criterion} ({mean}) is below the criterion's minimum of {min}.",
    'reason.below-tier-thresholds': "Weighted score {score} meets the call's threshold but not that of any funding tier (the lowest is {threshold}).",
    'reason.budget-exhausted': 'Qualified for {tier}, but what was left of the budget did not cover the grant.',
    'reason.incomplete': 'Pending: the scoring is not complete yet.',

    'flag.disagreement': 'Evaluators disagree on {criterion}: {spread} points between the highest and the lowest score.',
    'flag.incomplete': 'Not fully scored on {criteria}; waiting for {missing}.',
    'flag.incomplete-nobody': 'Not fully scored on {criteria}, and no evaluator without a conflict of interest is left to score it.',
    'flag.incomplete-unassigned': 'Not fully scored on {criteria}, and no evaluator is assigned to it: put evaluators on it with "klynge assign {ref} --evaluator NAME".',
    'flag.unassigned': 'No evaluator is assigned to it, so it is not complete (the call has panels): put evaluators on it with "klynge assign {ref} --evaluator NAME".',
    'flag.waiting-panel': 'Every criterion has an answer, but its panel is not done: waiting for {missing}.',
    'flag.criterion-minimum': 'The mean score for {criterion} ({mean}) is below the minimum of {min}.',

    'tiebreak.criteria-in-order': "Tie settled by the criteria, in the call's order",
    'tiebreak.requested-asc': 'Tie settled by the smaller amount requested',
    'tiebreak.submitted-asc': 'Tie settled by the earlier submission',
    'tiebreak.ref': 'Tie settled by case number',

    'status.granted': 'granted',
    'status.partially granted': 'partially granted',
    'status.rejected': 'rejected',
    'status.pending': 'pending',

    'allocate.unknown_tier': 'There is no funding tier "{tier}" in this call. Tiers: {known}.',
    'allocate.manual_unknown_tier': 'The decision on {ref} names the funding tier "{tier}", which the call no longer has (tiers: {known}). Decide it again with --tier.',
    'allocate.manual_tier_required': 'The decision on {ref} grants money but names no funding tier. Decide it again with --tier.',
    'allocate.bad_amount': 'The decision on {ref} has an invalid amount. Decide it again with a whole amount of 0 or more.',
    'allocate.bad_budget': 'The budget for "{tier}" must be a whole amount of 0 or more.',
    'allocate.manual_over_request': 'The manual decision on {ref} grants {granted}, but only {requested} is requested now. Decide it again (klynge decide {ref} --grant ...) or clear it (--clear).',
  },
  nb: {
    'reason.manual': 'Vedtaket er fattet manuelt av saksbehandler og er låst.',
    'reason.granted': 'Innvilget som omsøkt ({granted}) under {tier}.',
    'reason.capped-max-grant': 'Innvilget {maxGrant}, som er høyeste tilskudd under {tier}. Søkt beløp var {requested}.',
    'reason.partial-remainder': 'Innvilget det som var igjen av rammen for {tier}: {granted} av omsøkte {requested}.',
    'reason.below-threshold': 'Vektet poengsum {score} er under minstekravet på {threshold} for utlysningen.',
    'reason.criterion-minimum': 'Gjennomsnittet for {criterion} ({mean}) er under minstekravet på {min} for dette kriteriet.',
    'reason.below-tier-thresholds': 'Vektet poengsum {score} oppfyller minstekravet for utlysningen, men ikke kravet for noen av tilskuddskategoriene (laveste krav er {threshold}).',
    'reason.budget-exhausted': 'Søknaden kvalifiserte for {tier}, men det som var igjen av rammen, dekket ikke tilskuddet.',
    'reason.incomplete': 'Avventer: vurderingen er ikke ferdig ennå.',

    'flag.disagreement': 'Stort sprik i vurderingene av {criterion}: {spread} poeng mellom høyeste og laveste score.',
    'flag.incomplete': 'Ikke ferdig vurdert på {criteria}; venter på {missing}.',
    'flag.incomplete-nobody': 'Ikke ferdig vurdert på {criteria}, og det er ingen habile vurderere igjen som kan vurdere søknaden.',
    'flag.incomplete-unassigned': 'Ikke ferdig vurdert på {criteria}, og ingen vurderere er satt på søknaden: sett vurderere på den med «klynge assign {ref} --evaluator NAVN».',
    'flag.unassigned': 'Ingen vurderere er satt på søknaden, så den er ikke ferdig vurdert (utlysningen har fagpaneler): sett vurderere på den med «klynge assign {ref} --evaluator NAVN».',
    'flag.waiting-panel': 'Alle kriteriene har svar, men panelet er ikke ferdig: venter på {missing}.',
    'flag.criterion-minimum': 'Gjennomsnittet for {criterion} ({mean}) er under minstekravet på {min}.',

    'tiebreak.criteria-in-order': 'Lik poengsum – avgjort på kriteriene i utlysningens rekkefølge',
    'tiebreak.requested-asc': 'Lik poengsum – avgjort på lavest omsøkt beløp',
    'tiebreak.submitted-asc': 'Lik poengsum – avgjort på hvem som søkte først',
    'tiebreak.ref': 'Lik poengsum – avgjort på saksnummer',

    'status.granted': 'innvilget',
    'status.partially granted': 'delvis innvilget',
    'status.rejected': 'avslått',
    'status.pending': 'avventer',

    'allocate.unknown_tier': 'Utlysningen har ikke noe tilskuddsnivå «{tier}». Nivåene er: {known}.',
    'allocate.manual_unknown_tier': 'Vedtaket for {ref} viser til tilskuddsnivået «{tier}», som utlysningen ikke lenger har (nivåene er: {known}). Fatt vedtaket på nytt med --tier.',
    'allocate.manual_tier_required': 'Vedtaket for {ref} innvilger penger uten å angi tilskuddsnivå. Fatt vedtaket på nytt med --tier.',
    'allocate.bad_amount': 'Vedtaket for {ref} har et ugyldig beløp. Fatt vedtaket på nytt med et helt beløp på 0 eller mer.',
    'allocate.bad_budget': 'Rammen for «{tier}» må være et helt beløp på 0 eller mer.',
    'allocate.manual_over_request': 'Det manuelle vedtaket for {ref} innvilger {granted}, men det søkes nå bare om {requested}. Fatt vedtaket på nytt (klynge decide {ref} --grant ...) eller fjern det (--clear).',
  },
};
