/**
 * Messages for the award summary (`klynge report summary`): the press release a
 * county publishes, in the voice of the seed (Viken fylkeskommune, 2021).
 * `{N}` is a count at the start of a sentence (capitalised word), `{n}` one inside it;
 * counts one to nine are written as words (`summary.num.*`), 10 and up as digits.
 */
import type { CatalogPart } from './index.js';

const en = {
  'summary.headline': 'These business clusters were awarded funding',
  'summary.headline.none': 'No grants awarded yet',

  'summary.noun.clusters': 'clusters',
  'summary.noun.projects': 'projects',
  'summary.lead.first.one': 'One cluster is now awarded {amount} in {tier} funding.',
  'summary.lead.first.other': '{N} {who} are now awarded {amount} in {tier} funding.',
  'summary.lead.more.one': 'In addition, one cluster receives {amount} in {tier} funding.',
  'summary.lead.more.each': 'In addition, {n} {who} receive {tier} funding of {amount} each.',
  'summary.lead.more.total': 'In addition, {n} {who} receive {amount} in {tier} funding.',
  'summary.lead.none': 'No applications in {call} have been granted funding so far.',

  'summary.announced_year': '{call} was announced in {year}.',
  'summary.announced_by': '{call} was announced by {funder}.',
  'summary.announced_by_year': '{call} was announced by {funder} in {year}.',
  'summary.applied.one': 'One application came in, requesting {amount}.',
  'summary.applied.other': 'In all, {n} applications came in, requesting {amount}.',
  'summary.awarded.one': 'After assessment of the applications, one project has been granted {amount}.',
  'summary.awarded.other': 'After assessment of the applications, {n} projects have been granted {amount} in total.',
  'summary.rejected.one': 'One application was not funded this time.',
  'summary.rejected.other': '{N} applications were not funded this time.',
  'summary.reserve.one': 'One qualified application is on the reserve list and will be offered money that is freed.',
  'summary.reserve.other': '{N} qualified applications are on the reserve list, in rank order, and will be offered money that is freed.',
  'summary.declined.one': 'One applicant declined the grant offered.',
  'summary.declined.other': '{N} applicants declined the grant offered.',
  'summary.pending.one': 'One application has not been decided yet.',
  'summary.pending.other': '{N} applications have not been decided yet.',

  'summary.funded_heading': 'These were funded',
  'summary.more_heading': 'More grants',
  'summary.more_intro.one': 'One more project is awarded {tier} funding. It is an initiative with potential, and the grant is meant to help take it further:',
  'summary.more_intro.other':
    'In addition, {n} more projects are awarded {tier} funding. They are initiatives with potential, and the grants are meant to help take them further. They are:',

  'summary.project.title': '{title}, applicant: {applicant}',
  'summary.project.granted': 'Granted {granted}.',
  'summary.project.granted_part': 'Granted {granted} of the {requested} applied for.',
  'summary.project.partners': 'The project is a collaboration with {partners}.',
  'summary.project.strongest': 'The application was rated strongest on {criteria}.',
  'summary.and': 'and',

  'summary.money.millions.one': 'NOK {value} million',
  'summary.money.millions.other': 'NOK {value} million',
  'summary.money.short': 'NOK {value}m',
  'summary.approx.nearly': 'nearly {amount}',
  'summary.approx.over': 'just over {amount}',
  'summary.approx.about': 'about {amount}',

  'summary.stat.applied': 'applications received',
  'summary.stat.requested': 'requested in all',
  'summary.stat.funded': 'projects funded',
  'summary.stat.granted': 'granted in all',

  'summary.table_heading': 'Grants awarded',
  'summary.col.project': 'Project',
  'summary.col.applicant': 'Applicant',
  'summary.col.tier': 'Funding',
  'summary.col.requested': 'Requested',
  'summary.col.granted': 'Granted',
  'summary.total': 'Total',
  'summary.chart_title': 'Requested and granted per funded project',
  'summary.chart_desc': 'For each funded project, a light bar shows the amount applied for and a dark bar the amount granted. The same figures are in the table above.',
  'summary.legend.requested': 'Requested',
  'summary.legend.granted': 'Granted',
  'summary.decided': 'Decisions as of {date}.',

  'summary.num.1': 'one',
  'summary.num.2': 'two',
  'summary.num.3': 'three',
  'summary.num.4': 'four',
  'summary.num.5': 'five',
  'summary.num.6': 'six',
  'summary.num.7': 'seven',
  'summary.num.8': 'eight',
  'summary.num.9': 'nine',
};

const nb: typeof en = {
  'summary.headline': 'Disse næringsklyngene fikk støtte',
  'summary.headline.none': 'Ingen tildelinger ennå',

  'summary.noun.clusters': 'klynger',
  'summary.noun.projects': 'prosjekter',
  'summary.lead.first.one': 'Én klynge tildeles nå {amount} til {tier}.',
  'summary.lead.first.other': '{N} {who} tildeles nå {amount} til {tier}.',
  'summary.lead.more.one': 'I tillegg får én klynge {amount} til {tier}.',
  'summary.lead.more.each': 'I tillegg får {n} {who} {amount} hver til {tier}.',
  'summary.lead.more.total': 'I tillegg får {n} {who} til sammen {amount} til {tier}.',
  'summary.lead.none': 'Ingen søknader i {call} har fått tilsagn om støtte så langt.',

  'summary.announced_year': '{call} ble lyst ut i {year}.',
  'summary.announced_by': '{call} ble lyst ut av {funder}.',
  'summary.announced_by_year': '{call} ble lyst ut av {funder} i {year}.',
  'summary.applied.one': 'Det kom inn én søknad til en verdi av {amount}.',
  'summary.applied.other': 'Totalt kom det inn {n} søknader til en verdi av {amount}.',
  'summary.awarded.one': 'Etter vurdering av søknadene er det gitt tilsagn til ett prosjekt på {amount}.',
  'summary.awarded.other': 'Etter vurdering av søknadene er det gitt tilsagn til {n} prosjekter med til sammen {amount}.',
  'summary.rejected.one': 'Én søknad fikk ikke støtte denne gangen.',
  'summary.rejected.other': '{N} søknader fikk ikke støtte denne gangen.',
  'summary.reserve.one': 'Én søknad som oppfyller kravene, står på venteliste og får tilbud dersom midler blir ledige.',
  'summary.reserve.other': '{N} søknader som oppfyller kravene, står på venteliste i rangert rekkefølge og får tilbud dersom midler blir ledige.',
  'summary.declined.one': 'Én søker takket nei til tilsagnet.',
  'summary.declined.other': '{N} søkere takket nei til tilsagnet.',
  'summary.pending.one': 'Én søknad er ennå ikke avgjort.',
  'summary.pending.other': '{N} søknader er ennå ikke avgjort.',

  'summary.funded_heading': 'Disse fikk støtte',
  'summary.more_heading': 'Flere tildelinger',
  'summary.more_intro.one': 'I tillegg tildeles ytterligere ett prosjekt midler som {tier}. Det vurderes som et initiativ med potensial, og midlene skal bidra til å utvikle det videre:',
  'summary.more_intro.other':
    'I tillegg tildeles ytterligere {n} prosjekter midler som {tier}. De vurderes som initiativer med potensial, og midlene skal bidra til å utvikle dem videre. Disse er:',

  'summary.project.title': '{title}, søker er {applicant}',
  'summary.project.granted': 'Tildeles {granted}.',
  'summary.project.granted_part': 'Tildeles {granted} av {requested} søkt.',
  'summary.project.partners': 'Prosjektet er et samarbeid med {partners}.',
  'summary.project.strongest': 'Søknaden er vurdert som sterkest på {criteria}.',
  'summary.and': 'og',

  'summary.money.millions.one': '{value} million kroner',
  'summary.money.millions.other': '{value} millioner kroner',
  'summary.money.short': '{value} mill. kr',
  'summary.approx.nearly': 'nærmere {amount}',
  'summary.approx.over': 'drøyt {amount}',
  'summary.approx.about': 'om lag {amount}',

  'summary.stat.applied': 'søknader kom inn',
  'summary.stat.requested': 'søkt til sammen',
  'summary.stat.funded': 'prosjekter får støtte',
  'summary.stat.granted': 'tildelt til sammen',

  'summary.table_heading': 'Tildelte midler',
  'summary.col.project': 'Prosjekt',
  'summary.col.applicant': 'Søker',
  'summary.col.tier': 'Ordning',
  'summary.col.requested': 'Søkt',
  'summary.col.granted': 'Tildelt',
  'summary.total': 'Sum',
  'summary.chart_title': 'Søkt og tildelt per prosjekt som fikk støtte',
  'summary.chart_desc': 'For hvert prosjekt som fikk støtte viser en lys stolpe beløpet det ble søkt om og en mørk stolpe beløpet som er tildelt. De samme tallene står i tabellen over.',
  'summary.legend.requested': 'Søkt',
  'summary.legend.granted': 'Tildelt',
  'summary.decided': 'Vedtakene er per {date}.',

  'summary.num.1': 'én',
  'summary.num.2': 'to',
  'summary.num.3': 'tre',
  'summary.num.4': 'fire',
  'summary.num.5': 'fem',
  'summary.num.6': 'seks',
  'summary.num.7': 'sju',
  'summary.num.8': 'åtte',
  'summary.num.9': 'ni',
};

export const summary: CatalogPart = { en, nb };
