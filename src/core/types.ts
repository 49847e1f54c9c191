/** Domain records shared by the core, services and database. Money in øre. */

/** An application (*søknad*) in a call. */
export interface Application {
  id: number;
  callId: number;
  /** the caseworker's case number, unique within the call, e.g. `21/01234-5` */
  ref: string;
  applicant: string;
  orgNumber: string | null;
  title: string;
  partners: string[];
  /** requested amount in øre */
  requested: number;
  /** total project budget in øre */
  projectBudget: number | null;
  summary: string;
  contactName: string | null;
  contactEmail: string | null;
  /** ISO date `YYYY-MM-DD` (or with time `YYYY-MM-DDTHH:MM:SS`) */
  submitted: string | null;
  /** CSV columns klynge does not know, kept verbatim */
  extra: Record<string, string>;
  /** de minimis aid the applicant declared it got from others in the period, øre (*tidligere bagatellstøtte*) */
  priorDeMinimis: number | null;
}

/**
 * Whether an application is still in the competition: `withdrawn` by the applicant, or found
 * `ineligible` in the formal check (*formalia*). Either stays in the call and its record, but is
 * not offered to evaluators, not ranked and not funded.
 */
export type ApplicationState = 'active' | 'withdrawn' | 'ineligible';

/** An application's state with who set it, when and why. */
export interface ApplicationStanding {
  applicationId: number;
  ref: string;
  status: ApplicationState;
  /** the note (withdrawn) or reason (ineligible) given */
  note: string | null;
  by: string | null;
  at: string | null;
}

/** An evaluator (*vurderer*). */
export interface Evaluator {
  id: number;
  name: string;
  email: string | null;
}

/** One score: null value means "not applicable". */
export interface Score {
  evaluatorId: number;
  applicationId: number;
  criterion: string;
  value: number | null;
  comment: string;
}

/** A declared conflict of interest (*inhabilitet*). */
export interface Conflict {
  evaluatorId: number;
  applicationId: number;
  reason: string;
}

/**
 * `reserve`: qualified, but nothing for lack of money (the reserve list, in rank order);
 * `declined`: a grant the applicant declined (its money went back to its tier).
 */
export type DecisionStatus = 'granted' | 'partially granted' | 'rejected' | 'reserve' | 'declined' | 'pending';

/** A decision (*vedtak*) on one application; a manual one is locked. */
export interface Decision {
  applicationId: number;
  tier: string | null;
  /** granted amount in øre */
  granted: number;
  status: DecisionStatus;
  reason: string;
  manual: boolean;
  note: string | null;
}
