// Timing helpers shared by the JS peers (plain JS: the peers run outside the TypeScript build).

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `runs` timings (ms per call) of up to `reps` back-to-back calls each (about 500 ms per run at most). */
export function timeRuns(fn, reps, runs) {
  const t0 = performance.now();
  fn();
  reps = Math.max(1, Math.min(reps, Math.round(500 / Math.max(performance.now() - t0, 1e-3))));
  const out = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    out.push((performance.now() - t0) / reps);
  }
  return out;
}

/** Best and median ms per call after a warm-up: bench/timing.ts sampleCalls (same stopping rule), in plain JS. */
export function sampleCalls(fn, budgetMs, minSamples) {
  let t0 = performance.now();
  let calls = 0;
  while (calls < 3 || performance.now() - t0 < budgetMs / 3) { fn(); calls++; }
  const group = Math.max(1, Math.ceil(2 / Math.max((performance.now() - t0) / calls, 1e-3)));
  const out = [];
  let bestAt = 0;
  t0 = performance.now();
  for (;;) {
    const s = performance.now();
    for (let i = 0; i < group; i++) fn();
    const ms = (performance.now() - s) / group;
    if (ms < out[bestAt]) bestAt = out.length;
    out.push(ms);
    const k = out.length, elapsed = performance.now() - t0;
    if (k >= 1000 || (k >= 5 && elapsed > 4 * budgetMs)) break;
    if (k >= minSamples && elapsed >= budgetMs && k > 2 * bestAt) break;
  }
  return { best: out[bestAt], median: median(out) };
}

/** --key value and --flag pairs into an object. */
export function parseFlags(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else { out[a.slice(2)] = next; i++; }
  }
  return out;
}
