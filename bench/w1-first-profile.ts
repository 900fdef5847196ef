/**
 * Where the first 1000 W1 steps of a fresh process go (JIT warm-up included): the V8 sampling
 * profiler runs around exactly those steps, then the samples are summed by part of the library
 * and by function (self time, inlined callees counted in their caller).
 *
 *   npx tsc -b && node --import tsx bench/w1-first-profile.ts [--backend auto|js|native]
 *        [--steps 1000] [--top 25] [--interval 50] [--save w1.cpuprofile]
 *
 * Without --conditions=torchlet-source the library loads from dist/, as `npm run bench` times it
 * (through tsx's module getters the sources' first steps cost more).
 * `--save` writes the profile for Chrome DevTools (Performance tab: load profile). The steps are
 * bench/torchlet.ts's W1 (2-5-3 MLP, 6 samples, cross-entropy, SGD lr 0.01). Run it alone: one
 * process, one sample, so compare runs on a quiet machine only.
 */
import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { parseFlags } from './timing';
import { w1Data } from './workloads';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T)));
  });
}

/** The part of the library (or of V8) a sample's function belongs to. */
function partOf(f: CallFrame): string {
  if (f.url === '') return f.functionName.startsWith('(') ? f.functionName : 'V8 builtins';
  const m = /packages\/([a-z]+)\/(?:src|dist)\/(.*)\.[jt]s$/.exec(f.url);
  if (!m) return f.url.startsWith('node:') ? 'node internals' : 'other (bench, tsx)';
  const [, pkg, file] = m as unknown as [string, string, string];
  if (pkg !== 'core') return `@torchlet/${pkg}`;
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : `${file}.ts`;
  return `core/${dir}`;
}

function fnName(f: CallFrame): string {
  const file = f.url.replace(/^.*packages\//, '').replace(/^file:\/\/.*\//, '');
  return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
}

/** The ids of `post` (this file's) and everything under it: the profiler's own start and stop. */
function profilerNodes(p: Profile): Set<number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Set<number>();
  const add = (id: number): void => {
    out.add(id);
    for (const c of byId.get(id)?.children ?? []) add(c);
  };
  for (const n of p.nodes) if (n.callFrame.functionName === 'post' && n.callFrame.url.endsWith('w1-first-profile.ts')) add(n.id);
  return out;
}

/**
 * Self time in ms per key, and the total. The first sample is skipped (its delta runs from
 * before the profiler started), and so are the profiler's own calls.
 */
function selfTimes(p: Profile, key: (f: CallFrame) => string): { total: number; rows: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const skip = profilerNodes(p);
  const sums = new Map<string, number>();
  let total = 0;
  for (let i = 1; i < p.samples.length; i++) {
    if (skip.has(p.samples[i]!)) continue;
    const node = byId.get(p.samples[i]!)!;
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const k = key(node.callFrame);
    sums.set(k, (sums.get(k) ?? 0) + ms);
  }
  return { total, rows: [...sums].sort((a, b) => b[1] - a[1]) };
}

function printTable(title: string, total: number, rows: [string, number][], top: number): void {
  console.log(`\n${title}`);
  for (const [k, ms] of rows.slice(0, top)) {
    console.log(`${(100 * ms / total).toFixed(1).padStart(5)}%  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const backend = typeof flags.backend === 'string' ? flags.backend : 'auto';
  const steps = Number(flags.steps ?? 1000), top = Number(flags.top ?? 25);
  if (backend === 'native') await import('@torchlet/native');
  core.setBackend(backend);
  core.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3));
  const x = core.tensor(w1Data.x).float(), y = core.tensor(w1Data.y);
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();

  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: Number(flags.interval ?? 50) });
  await post(session, 'Profiler.start');
  const t0 = performance.now();
  let loss = 0;
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const l = criterion(model(x), y);
    l.backward();
    opt.step();
    loss = l.item();
  }
  const ms = performance.now() - t0;
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  session.disconnect();
  if (typeof flags.save === 'string') writeFileSync(flags.save, JSON.stringify(profile));

  console.log(`W1 first ${steps} steps on ${backend}: ${(ms * 1000 / steps).toFixed(1)} µs/step ` +
    `(${ms.toFixed(1)} ms, final loss ${loss.toFixed(6)}; profiled, so a little slower than the bench)`);
  const parts = selfTimes(profile, partOf);
  printTable('Self time by part:', parts.total, parts.rows, top);
  const fns = selfTimes(profile, fnName);
  printTable(`Top ${top} functions by self time:`, fns.total, fns.rows, top);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
