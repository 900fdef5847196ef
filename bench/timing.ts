/** Timing helpers for the bench (bench/peers/timing.mjs is the same for the plain-JS peers). */

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The step figure: the fastest of timeRuns' runs (each the mean of back-to-back calls). Other
 * processes only ever slow a run down, so on a shared machine this is the stable one (the median
 * moves with the load); on a quiet machine the two agree.
 */
export function best(runs: readonly number[]): number {
  return Math.min(...runs);
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

/** What {@link sampleCalls} measured: ms per call, the fastest sample and the median one. */
export interface Samples {
  readonly best: number;
  readonly median: number;
  readonly count: number;
}

/**
 * Times `fn` for a compute-bound figure that must not depend on who else uses the CPUs: first a
 * warm-up of at least 3 calls and budgetMs / 3 (JIT, thread pools started and spinning, caches,
 * turbo), then samples of back-to-back calls (as many as make ~2 ms, so the timer's granularity
 * does not count). Another process only ever makes a sample slower, so the best sample is the
 * stable figure, and sampling goes on until it stopped improving: at least minSamples and
 * budgetMs, and twice as many samples as it took to find the best, within 4 x budgetMs (at
 * least 5 samples). The median says how much the load cost.
 */
export function sampleCalls(fn: () => unknown, budgetMs: number, minSamples: number): Samples {
  let t0 = performance.now();
  let calls = 0;
  while (calls < 3 || performance.now() - t0 < budgetMs / 3) {
    fn();
    calls++;
  }
  const perCall = (performance.now() - t0) / calls;
  const group = Math.max(1, Math.ceil(2 / Math.max(perCall, 1e-3)));
  const out: number[] = [];
  let bestAt = 0;
  t0 = performance.now();
  for (;;) {
    const s = performance.now();
    for (let i = 0; i < group; i++) fn();
    const ms = (performance.now() - s) / group;
    if (ms < out[bestAt]!) bestAt = out.length;
    out.push(ms);
    const k = out.length, elapsed = performance.now() - t0;
    if (k >= 1000 || (k >= 5 && elapsed > 4 * budgetMs)) break;
    if (k >= minSamples && elapsed >= budgetMs && k > 2 * bestAt) break;
  }
  return { best: out[bestAt]!, median: median(out), count: out.length };
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
