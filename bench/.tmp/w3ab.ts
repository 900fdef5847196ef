// A/B in one process: the old W3 estimator (3 warm-up calls, median of 5 runs of 3) against
// sampleCalls' best sample, alternating, on one backend.
import * as core from '@torchlet/core';
import { median, sampleCalls, timeRuns } from '../timing';
async function main(): Promise<void> {
  const backend = process.argv[2] ?? 'native';
  if (backend === 'native') await import('@torchlet/native' as string);
  core.setBackend(backend);
  const n = 512, f = 2 * n ** 3 / 1e6;
  core.manualSeed(0);
  const a = core.rand(n, n), b = core.rand(n, n);
  const fn = (): unknown => a.mm(b);
  const old: number[] = [], neu: number[] = [], neuMed: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (let i = 0; i < 3; i++) fn();
    old.push(f / median(timeRuns(fn, 3, 5)));
    const s = sampleCalls(fn, 600, 15);
    neu.push(f / s.best);
    neuMed.push(f / s.median);
  }
  const show = (xs: number[]): string => xs.map((v) => v.toFixed(0)).join(' ');
  console.log(`${backend} old (median of 5x3): ${show(old)} | new best: ${show(neu)} | new median: ${show(neuMed)}`);
}
void main();
