/**
 * `npm run bench:random`: how long PyTorch-exact random fills take (the randomness issue's target:
 * randn(1_000_000) well under 100 ms), next to PyTorch doing the same in the same run.
 */
import { spawnSync } from 'node:child_process';
import { manualSeed, rand, randn, randperm } from '@torchlet/core';
import { median, timeRuns } from './timing';

const N = 1_000_000;
const cases: [string, () => unknown, string][] = [
  ['randn(1e6) float32', () => randn(N), 'torch.randn(1000000)'],
  ['rand(1e6) float32', () => rand(N), 'torch.rand(1000000)'],
  ['randn(1e6) float64', () => randn(N, { dtype: 'float64' }), 'torch.randn(1000000, dtype=torch.float64)'],
  ['randperm(1e6)', () => randperm(N), 'torch.randperm(1000000)'],
];

function torchMs(expr: string): number | null {
  const code = [
    'import time, torch', 'torch.set_num_threads(1)', 'torch.manual_seed(0)',
    `f = lambda: ${expr}`, 'f()', 'ts = []',
    'for _ in range(7):\n    t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1e3)',
    'ts.sort(); print(ts[3])',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

manualSeed(0);
console.log('| call | torchlet, ms | PyTorch 1 thread, ms |\n|---|--:|--:|');
for (const [name, fn, expr] of cases) {
  const ours = median(timeRuns(fn, 1, 7));
  const theirs = torchMs(expr);
  console.log(`| ${name} | ${ours.toFixed(1)} | ${theirs === null ? 'skipped (no torch)' : theirs.toFixed(1)} |`);
}
