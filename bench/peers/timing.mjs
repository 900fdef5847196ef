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
