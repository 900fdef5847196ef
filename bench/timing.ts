/** Timing helpers for the bench (bench/peers/timing.mjs is the same for the plain-JS peers). */

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * `runs` timings (ms per call), each of back-to-back calls: `reps` of them, fewer when one call
 * is slow (about 500 ms per run at most, at least one call).
 */
export function timeRuns(fn: () => unknown, reps: number, runs: number): number[] {
  const t0 = performance.now();
  fn();
  reps = Math.max(1, Math.min(reps, Math.round(500 / Math.max(performance.now() - t0, 1e-3))));
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    out.push((performance.now() - t0) / reps);
  }
  return out;
}

/** `--key value` and bare `--flag` arguments as an object. */
export function parseFlags(argv: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else { out[a.slice(2)] = next; i++; }
  }
  return out;
}
