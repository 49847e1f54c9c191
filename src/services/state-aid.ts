/**
 * State aid as the allocation needs it: for a de minimis call, per undertaking (organisation
 * number) the other givers' de minimis aid in the period (the imported extract, or the
 * declared amount where that is larger) and klynge's own de minimis grants in other calls.
 */
import type { Call } from '../core/call.js';
import { aidUsed, ceilingOre, centsToOre, isDeMinimis, type AidRecord, type AllocationAid } from '../core/state-aid.js';
import type { Application } from '../core/types.js';
import type { ServiceContext } from './context.js';

/** The key of an undertaking: its organisation number, or the application itself when it has none. */
export const undertakingKey = (a: Pick<Application, 'id' | 'orgNumber'>): string => a.orgNumber ?? `#${a.id}`;

/** What the allocation of `call` must respect, or undefined when the call's grants are not de minimis. */
export async function allocationAid(ctx: ServiceContext, call: Call, applications: readonly Application[]): Promise<AllocationAid | undefined> {
  const s = call.stateAid;
  if (!isDeMinimis(s)) return undefined;
  const { store } = ctx;
  const extract: AidRecord[] = [];
  for (const a of await store.aid.list()) {
    if (a.basis !== 'de-minimis') continue;
    // EUR at this call's rate, rounded up: other aid is never counted as less than it was
    extract.push({ orgNumber: a.orgNumber, date: a.date, amount: a.currency === 'EUR' ? centsToOre(a.amount, s.eurRate, 'up') : a.amount });
  }
  const declared = new Map<string, number>();
  const undertakingOf = new Map<number, string>();
  for (const a of applications) {
    const key = undertakingKey(a);
    undertakingOf.set(a.id, key);
    if (a.priorDeMinimis !== null && a.priorDeMinimis > (declared.get(key) ?? 0)) declared.set(key, a.priorDeMinimis);
  }
  // klynge's own grants count where their call was de minimis too, on that call's grant date
  const grantDateOf = new Map<number, string>();
  for (const c of await store.calls.list()) if (c.id !== call.id && isDeMinimis(c.stateAid)) grantDateOf.set(c.id, c.stateAid.grantDate);
  const own: AidRecord[] = [];
  for (const g of await store.aid.grantsElsewhere(call.id)) {
    const date = grantDateOf.get(g.callId);
    if (date !== undefined) own.push({ orgNumber: g.orgNumber, date, amount: g.granted });
  }
  return { ceiling: ceilingOre(s), undertakingOf, used: aidUsed(s, extract, declared, own) };
}
