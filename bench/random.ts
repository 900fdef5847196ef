/**
 * `npm run bench:random`: how long PyTorch-exact random fills take, next to PyTorch doing the same
 * in the same run (one thread), for each host that can make them: the TypeScript loops (what runs
 * with no WebAssembly), the WebAssembly fills (the portable default, browsers included) and the
 * native addon's (Node with @torchlet/native built). Every column gives the same bits.
 */
import { spawnSync } from 'node:child_process';
import { empty, manualSeed, rand, randn, randperm } from '@torchlet/core';
import { randomKernels } from '@torchlet/core/internal';
import { median, timeRuns } from './timing';

const N = 1_000_000;
const x = empty(N);
const cases: [string, () => unknown, string][] = [
  ['randn(1e6) float32', () => randn(N), 'torch.randn(1000000)'],
  ['rand(1e6) float32', () => rand(N), 'torch.rand(1000000)'],
  ['x.normal_(2, 3), 1e6', () => x.normal_(2, 3), 'x.normal_(2, 3)'],
  ['x.uniform_(-1, 1), 1e6', () => x.uniform_(-1, 1), 'x.uniform_(-1, 1)'],
  ['randn(1e6) float64', () => randn(N, { dtype: 'float64' }), 'torch.randn(1000000, dtype=torch.float64)'],
  ['randperm(1e6)', () => randperm(N), 'torch.randperm(1000000)'],
];

function torchMs(expr: string): number | null {
  const code = [
    'import time, torch', 'torch.set_num_threads(1)', 'torch.manual_seed(0)', 'x = torch.empty(1000000)',
    `f = lambda: ${expr}`, 'f()', 'ts = []',
    'for _ in range(7):\n    t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1e3)',
    'ts.sort(); print(ts[3])',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** The hosts to time: TypeScript, then whatever registered (wasm by default), then native if it loads. */
async function hosts(): Promise<[string, randomKernels.RandomKernels | null][]> {
  const list: [string, randomKernels.RandomKernels | null][] = [['TypeScript', null]];
  const wasm = randomKernels.activeRandomKernels();
  if (wasm !== null) list.push([wasm.name, wasm]);
  try {
    const spec = '@torchlet/native';
    const native = (await import(spec)) as { isNativeAvailable(): boolean };
    const k = randomKernels.activeRandomKernels();
    if (native.isNativeAvailable() && k !== null && k !== wasm) list.push([k.name, k]);
  } catch {
    // no native addon here
  }
  return list;
}

async function main(): Promise<void> {
  const list = await hosts();
  const load = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.('node:os') as
    { loadavg?: () => number[] } | undefined;
  console.log(`load average ${load?.loadavg?.().map((v) => v.toFixed(2)).join(' ') ?? '?'}`);
  console.log(`| call | ${list.map(([name]) => `${name}, ms`).join(' | ')} | PyTorch 1 thread, ms |`);
  console.log(`|---|${list.map(() => '--:|').join('')}--:|`);
  for (const [name, fn, expr] of cases) {
    const cols: string[] = [];
    for (const [, kernels] of list) {
      // float64 normals and randperm have no kernels: every host runs the same TypeScript.
      if (cols.length > 0 && !name.includes('float32') && !name.startsWith('x.')) {
        cols.push('"');
        continue;
      }
      randomKernels.setRandomKernels(kernels);
      manualSeed(0);
      cols.push(median(timeRuns(fn, 1, 7)).toFixed(1));
    }
    const theirs = torchMs(expr);
    console.log(`| ${name} | ${cols.join(' | ')} | ${theirs === null ? 'skipped (no torch)' : theirs.toFixed(1)} |`);
  }
}

void main();
