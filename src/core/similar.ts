/** How far apart two short texts are: for "did you mean" and typo guards. */

/** Levenshtein distance, giving up (returning `limit + 1`) when it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The first of `known` within two edits of `name` (case-insensitive), other than itself. */
export function lookalike(name: string, known: readonly string[]): string | undefined {
  const n = name.toLowerCase();
  return known.find((k) => k.toLowerCase() !== n && editDistance(k.toLowerCase(), n) <= 2);
}
