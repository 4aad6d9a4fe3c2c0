/** Seeded randomness for deterministic runs (--seed): rand()/guid() in expressions and run ids. */
import { randomUUID } from 'node:crypto';

/** A small, fast 32-bit PRNG (mulberry32); good enough for reproducible ids and rand(). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a uuid v4 generator: random, or reproducible from a seed. */
export function idSource(seed?: number): () => string {
  if (seed === undefined) return () => randomUUID();
  const rnd = seededRandom(seed ^ 0x5bd1e995);
  return () => {
    const b = Array.from({ length: 16 }, () => Math.floor(rnd() * 256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

/**
 * The seed of the ids of a rerun: a rerun with the same seed as the run it reruns gets ids of its own (derived from
 * the earlier run's id, so still reproducible), never the earlier run's.
 */
export function rerunIdSeed(seed: number, rerunOf: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < rerunOf.length; i++) h = Math.imul(h ^ rerunOf.charCodeAt(i), 0x01000193) >>> 0;
  return (seed ^ h) >>> 0;
}
