/**
 * The one "did you mean" rule of the product: names compare ignoring case (as ADF compares names), a candidate is
 * close when its edit distance is at most a third of the name's length (at least 2), best first, ties in the
 * candidates' order. Diagnostics, run errors, expression checks and quick fixes all suggest through it.
 */
import { levenshtein } from './editDistance';

/** Known names closest to `name` (never `name` itself), best first, at most `max`. */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    // The distance is at least the difference in length: skip the ones that cannot be close.
    if (c === name || Math.abs(c.length - name.length) > limit) continue;
    const d = levenshtein(lower, c.toLowerCase());
    if (d <= limit) scored.push({ c, d });
  }
  return scored
    .sort((x, y) => x.d - y.d)
    .filter((x, i, all) => all.findIndex((y) => y.c === x.c) === i)
    .slice(0, max)
    .map((x) => x.c);
}

/** The known name closest to `name`, if one is close enough. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  return closestNames(name, candidates, 1)[0];
}
