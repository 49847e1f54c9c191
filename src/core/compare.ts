/**
 * Plain string order (`<`, UTF-16 units), as the tie-break rule says: no locale
 * collation, the same on every machine. One comparator for the whole core.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
