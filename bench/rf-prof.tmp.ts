import { manualSeed, rand, randn, randperm, empty } from '@torchlet/core';
const N = 1_000_000;
function t(name: string, f: () => unknown, reps = 7) {
  f(); const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const s = performance.now(); f(); ts.push(performance.now() - s); }
  ts.sort((a, b) => a - b); console.log(name, ts[reps >> 1]!.toFixed(1), 'ms');
}
manualSeed(0);
const x = empty(N);
t('randn', () => randn(N));
t('rand', () => rand(N));
t('normal_', () => x.normal_());
t('uniform_', () => x.uniform_(-2, 3));
t('randperm', () => randperm(N));
if (process.argv.includes('f64')) t('randn f64', () => randn(N, { dtype: 'float64' }), 3);
