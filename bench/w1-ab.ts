/**
 * W1 A/B: the warm tutorial step of this checkout against another checkout of torchlet (by
 * default a git worktree of c49f81a, the commit before the device seam), both loaded in one
 * process and timed in alternating rounds, so machine noise hits both alike.
 *
 *   git worktree add -f /tmp/base/wt c49f81a
 *   mkdir -p /tmp/base/wt/node_modules/@torchlet     # the worktree's workspace links:
 *   for p in core nn optim; do ln -s ../../packages/$p /tmp/base/wt/node_modules/@torchlet/$p; done
 *   npx tsx bench/w1-ab.ts [--base /tmp/base/wt] [--backend js|auto] [--rounds 30] [--steps 2000]
 *
 * Each library is bundled from its TypeScript sources (the torchlet-source condition) with
 * esbuild into one ES module under the OS temp directory, then imported. Prints each side's
 * median µs per step and the ratio head/base (below 1: this checkout is faster).
 */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, parseFlags } from './timing';
import { w1Data } from './workloads';

/** What each bundle exports: a W1 step on the chosen backend (seeded, as bench/torchlet.ts). */
interface W1Bundle { makeStep(backend: string, data: typeof w1Data): () => number }

const ENTRY = `
import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
export function makeStep(backend, data) {
  core.setBackend(backend);
  core.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3));
  const x = core.tensor(data.x).float(), y = core.tensor(data.y);
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  return () => {
    opt.zeroGrad();
    const loss = criterion(model(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
}
`;

async function load(root: string, outDir: string, name: string): Promise<W1Bundle> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
    bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile,
    conditions: ['torchlet-source'], logLevel: 'warning',
    // Node built-ins and the optional native addon stay out (neither is on W1's path).
    external: ['node:*', '@torchlet/native'],
  });
  return await import(pathToFileURL(outfile).href) as W1Bundle;
}

function timeSteps(step: () => number, steps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  return (performance.now() - t0) * 1000 / steps;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const base = resolve(typeof flags.base === 'string' ? flags.base : '/tmp/base/wt');
  const head = resolve(__dirname, '..');
  const backend = typeof flags.backend === 'string' ? flags.backend : 'js';
  const rounds = Number(flags.rounds ?? 30), steps = Number(flags.steps ?? 2000);
  const outDir = mkdtempSync(join(tmpdir(), 'w1-ab-'));
  const sides = [
    { name: 'base', step: (await load(base, outDir, 'base')).makeStep(backend, w1Data), us: [] as number[] },
    { name: 'head', step: (await load(head, outDir, 'head')).makeStep(backend, w1Data), us: [] as number[] },
  ] as const;
  // Same loss on both sides, or the comparison is of different work.
  const losses = sides.map((s) => s.step());
  if (losses[0] !== losses[1]) throw new Error(`losses differ: base ${losses[0]} head ${losses[1]}`);
  for (const s of sides) timeSteps(s.step, steps);  // warm-up
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? sides : [sides[1], sides[0]];
    for (const s of order) s.us.push(timeSteps(s.step, steps));
  }
  // Both sides took the same number of steps: the same final loss, bit for bit.
  const finals = sides.map((s) => s.step());
  if (finals[0] !== finals[1]) throw new Error(`final losses differ: base ${finals[0]} head ${finals[1]}`);
  const [b, h] = sides.map((s) => median(s.us)) as [number, number];
  const ratios = sides[0].us.map((bu, i) => sides[1].us[i]! / bu);
  console.log(`W1 warm on ${backend}, ${rounds} alternating rounds of ${steps} steps: ` +
    `base ${b.toFixed(2)} µs, head ${h.toFixed(2)} µs, head/base ${(h / b).toFixed(3)} ` +
    `(median of per-round ratios ${median(ratios).toFixed(3)}; final losses equal: ${finals[0]})`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
