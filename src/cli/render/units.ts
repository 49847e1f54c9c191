/** Amounts leave klynge in kroner (a number, øre as decimals): øre are for the inside only. */
export function kr(ore: number): number;
export function kr(ore: number | null): number | null;
export function kr(ore: number | null): number | null {
  return ore === null ? null : ore / 100;
}
