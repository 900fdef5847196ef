/**
 * W2 (MLP 784-256-10 SGD step, bench/torchlet.ts) in one process, for profiling and A/B checks:
 * `node --import tsx --conditions=torchlet-source bench/w2-profile.ts` prints ms per step and
 * the time of each phase (zeroGrad, forward, loss, backward, step, item).
 * Env: BK=js|wasm|auto|native|native-before (the backend; native-before routes the kernels this
 * work moved into the addon, column sums, scalar comparisons and where, back to the fallback;
 * with TORCHLET_NATIVE_MALLOC=0 it is the native backend as it was before), BATCH (default 128), N (timed steps, default 50),
 * THREADS (the process's thread count), TRACE=1 (time per backend method and op code),
 * AB=native-before,native (two backends alternating in blocks of 10 steps on one model, medians of
 * the blocks: an A/B on a shared, noisy machine), HASH=1 (a hash of the parameters' bits after the run, to prove two backends agree).
 * PROF=file.cpuprofile: a CPU profile of the timed steps only (node:inspector), written to the file
 * (open it in Chrome's DevTools) and its top functions by self time printed.
 */
import * as core from '@torchlet/core';
import { getBackend, registerBackend, type Backend } from '@torchlet/core/backend';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import '@torchlet/native';
import { parametersHash, printTrace, traceBackend } from './trace';

const PHASES = ['zeroGrad', 'forward', 'loss', 'backward', 'step', 'item'] as const;

/** BK=native-before: the native backend with column sums, comparisons and where on the fallback. */
function registerNativeBefore(): void {
  const native = getBackend('native'), fb = getBackend('auto');
  const before: Backend = {
    ...native, name: 'native-before',
    reduce: (op, x, dims, out, indices) => (op === 'sum' && dims.length === 1 && dims[0] === 0 && x.shape.length === 2 ? fb : native)
      .reduce(op, x, dims, out, indices),
    binary: (op, a, b, out) => (out.dtype === 'bool' ? fb : native).binary(op, a, b, out),
    where: (...args) => fb.where(...args),
  };
  registerBackend(before);
}

/** ' [2,3]/[3,1]' for a view argument (its shape and strides), '' otherwise. */
function shapeOf(v: unknown): string {
  const view = v as { shape?: number[]; strides?: number[] } | null;
  return view?.shape && view.strides ? ` [${view.shape.join()}]/[${view.strides.join()}]` : typeof v === 'number' ? ` ${v}` : '';
}

/** TRACE=1's key: the method and op, with the operands' shapes for ops, products and copies. */
function traceKey(name: string, args: unknown[]): string {
  return typeof args[0] === 'string' ? `${name}:${args[0]}${shapeOf(args[1])}`
    : name === 'matmul' || name === 'copy' ? `${name}${shapeOf(args[0])}${shapeOf(args[1])}` : name;
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** The profile's functions by self time, the top 30 printed as percentages. */
function printTop(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const cf = byId.get(id)!.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
    const dt = p.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(100 * t / total).toFixed(1).padStart(5)}% ${k}`);
}

/** AB=a,b: blocks of 10 steps alternating between the backends; median wall and CPU ms per step of each. */
function abRun(names: string[], step: () => number, batch: number): void {
  const wall = names.map(() => [] as number[]), cpu = names.map(() => [] as number[]);
  const blocks = Number(process.env.N ?? 30);
  for (let r = 0; r < blocks; r++) {
    names.forEach((name, k) => {
      core.setBackend(name);
      step();
      const c0 = process.cpuUsage(), t0 = performance.now();
      for (let i = 0; i < 10; i++) step();
      const c = process.cpuUsage(c0);
      wall[k]!.push((performance.now() - t0) / 10);
      cpu[k]!.push((c.user + c.system) / 1000 / 10);
    });
  }
  const med = (xs: number[]): number => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
  names.forEach((name, k) => console.log(`${name} batch ${batch}: ${med(wall[k]!).toFixed(3)} ms/step ${med(cpu[k]!).toFixed(3)} cpu-ms/step (medians of ${blocks} blocks)`));
}

async function main(): Promise<void> {
  if (process.env.BK === 'native-before' || process.env.AB?.includes('native-before')) registerNativeBefore();
  if (process.env.BK) core.setBackend(process.env.BK);
  if (process.env.THREADS) core.setNumThreads(Number(process.env.THREADS));
  const batch = Number(process.env.BATCH ?? 128);
  core.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const x = core.randn(batch, 784);
  const y = core.tensor(Array.from({ length: batch }, (_, i) => (i * 7) % 10));
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  const phase = new Float64Array(PHASES.length);
  const step = (): number => {
    const t0 = performance.now();
    opt.zeroGrad();
    const t1 = performance.now();
    const logits = model(x);
    const t2 = performance.now();
    const loss = criterion(logits, y);
    const t3 = performance.now();
    loss.backward();
    const t4 = performance.now();
    opt.step();
    const t5 = performance.now();
    const v = loss.item();
    const t6 = performance.now();
    const ts = [t0, t1, t2, t3, t4, t5, t6];
    for (let i = 0; i < PHASES.length; i++) phase[i]! += ts[i + 1]! - ts[i]!;
    return v;
  };
  for (let i = 0; i < 10; i++) step();
  if (process.env.AB) return abRun(process.env.AB.split(','), step, batch);
  phase.fill(0);
  const times = process.env.TRACE ? traceBackend(traceKey) : null;
  const n = Number(process.env.N ?? 50);
  const session = process.env.PROF ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const t0 = performance.now(), c0 = process.cpuUsage();
  let last = 0;
  for (let i = 0; i < n; i++) last = step();
  const ms = (performance.now() - t0) / n;
  // CPU time (all threads) per step: steadier than wall time when other processes share the cores.
  const cpu = process.cpuUsage(c0);
  if (session) {
    const { profile } = await session.post('Profiler.stop') as unknown as { profile: Profile };
    writeFileSync(process.env.PROF!, JSON.stringify(profile));
    printTop(profile);
  }
  console.log(`${core.backendName()} batch ${batch}: ${ms.toFixed(3)} ms/step ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} cpu-ms/step loss ${last}`);
  console.log(PHASES.map((p, i) => `${p} ${(phase[i]! * 1000 / n).toFixed(0)}`).join(', '), '(us/step)');
  if (process.env.HASH) {
    // The bits of every parameter after the run: equal hashes on two backends mean bit-identical training.
    console.log('parameters sha256', parametersHash(model.parameters()));
  }
  if (times) printTrace(times, n, ms, 'us');
}
void main();
