/**
 * torchlet side of the bench: W1-W5, the random fills (and the memory checks) through the public
 * API, on one backend and thread count, in its own process. Prints one JSON line for bench/run.ts.
 * Usage: node --expose-gc --import tsx bench/torchlet.ts --backend auto|js|wasm|native
 *        [--threads N] [--quick] [--only W1,W3,random,memory] [--memory] [--wasm-memory]
 */
import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
import { best, parseFlags, sampleCalls, timeRuns } from './timing';
import { w1Data, w2Labels, w4Labels, w5Sizes } from './workloads';
import { w5Stepper } from './w5-step';

type Results = Record<string, number | string>;

const flags = parseFlags(process.argv.slice(2));
const quick = flags.quick === true;

/** One SGD step of `model` on (x, y) with cross-entropy, the way a PyTorch user writes it. */
function stepper(model: nn.Sequential, x: core.Tensor, y: core.Tensor): () => number {
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

function w1(): Results {
  core.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3));
  const step = stepper(model, core.tensor(w1Data.x).float(), core.tensor(w1Data.y));
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) step();
  const first1000 = (performance.now() - t0) * 1000 / 1000;
  const warm = best(timeRuns(step, quick ? 500 : 5000, 5)) * 1000;
  return { W1: warm, W1first: first1000 };
}

function w2Model(batch = 128): () => number {
  core.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  return stepper(model, core.randn(batch, 784), core.tensor(w2Labels(batch)));
}

/** W2 at batch 128 (the W2 row) and at 16 and 1024 (W2b16, W2b1024; not on js): the fixed cost and the scaling. */
function w2(): Results {
  const out: Results = {};
  for (const batch of [16, 128, 1024]) {
    if (batch > 128 && core.backendName() === 'js') continue; // seconds per step on the oracle
    const step = w2Model(batch);
    for (let i = 0; i < 5; i++) step();
    out[batch === 128 ? 'W2' : `W2b${batch}`] = best(timeRuns(step, quick ? 3 : 20, 5));
  }
  return out;
}

/**
 * Square float32 products at n = 512 (W3) and 1024 (W3n1024): GFLOPS of the best sample after a
 * warm-up (see sampleCalls: a compute-bound figure that other processes on the machine only ever
 * lower), the median next to it. The js column skips n = 1024 (seconds per product).
 */
function w3(): Results {
  const out: Results = {};
  for (const n of [512, 1024]) {
    if (n > 512 && core.backendName() === 'js') continue;
    core.manualSeed(0);
    const a = core.rand(n, n), b = core.rand(n, n);
    const s = sampleCalls(() => a.mm(b), quick ? 600 : 1500, quick ? 15 : 30);
    const key = n === 512 ? 'W3' : `W3n${n}`;
    out[key] = 2 * n ** 3 / s.best / 1e6;
    out[`${key}median`] = 2 * n ** 3 / s.median / 1e6;
    if (n === 512) {
      // Accuracy against a float64 product of the same values (entries ~128: relative error is meaningful).
      const c = a.mm(b).double(), ref = a.double().mm(b.double());
      out.W3relErr = c.sub(ref).abs().div(ref.abs()).max().item();
    }
  }
  return out;
}

function w4(): Results {
  core.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 13 * 13, 10),
  );
  const step = stepper(model, core.randn(64, 1, 28, 28), core.tensor(w4Labels()));
  for (let i = 0; i < 3; i++) step();
  return { W4: best(timeRuns(step, quick ? 3 : 20, 5)) };
}

/**
 * One training step of the tiny GPT, as examples/tiny-gpt/train.ts takes it (constant lr). The
 * example imports the 'torchlet' umbrella, which loads @torchlet/native: only W5 loads it.
 */
async function w5(): Promise<Results> {
  const backend = core.backendName();
  const { GPT } = await import('../examples/tiny-gpt/model.js');
  core.setBackend(backend); // loading @torchlet/native made it current: keep this column's backend
  const { step } = w5Stepper(GPT);
  const { batchSize, blockSize, nLayer, nHead, nEmbd, vocabSize } = w5Sizes;
  for (let i = 0; i < 3; i++) step();
  return { W5: best(timeRuns(step, quick ? 3 : 20, 5)), W5size: `b${batchSize} x T${blockSize}, ${nLayer} layers, ${nHead} heads, d${nEmbd}, vocab ${vocabSize}` };
}

/** RSS over many W2 steps, no dispose calls: growth after warm-up in percent. */
function memory(): Results {
  const steps = quick ? 1000 : 10000, warmup = Math.min(500, steps / 4);
  const step = w2Model();
  for (let i = 0; i < warmup; i++) step();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  for (let i = warmup; i < steps; i++) {
    step();
    if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const rss1 = process.memoryUsage().rss;
  return { memSteps: steps, memStartMB: rss0 / 2 ** 20, memEndMB: rss1 / 2 ** 20, memPeakMB: peak / 2 ** 20, memGrowthPct: 100 * (rss1 - rss0) / rss0 };
}

/** PyTorch-exact random fills of 1e6 float32 (randn, rand) on this column's kernels (native, wasm or TypeScript). */
function random(): Results {
  const n = 1_000_000;
  core.manualSeed(0);
  const time = (fn: () => unknown): number => best(timeRuns(fn, quick ? 3 : 10, 5));
  return { randn: time(() => core.randn(n)), rand: time(() => core.rand(n)) };
}

/** One large product: its operands and result, gone when this returns. */
function largeProduct(n: number): number {
  const a = core.rand(n, n), b = core.rand(n, n);
  a.mm(b);
  return process.memoryUsage().rss;
}

/**
 * What one large product leaves behind, in a fresh process: RSS after a garbage collection,
 * before and after one 3072^3 product (108 MB of operands) on this backend. The wasm kernels
 * work in linear memory, which a WebAssembly.Memory never gives back: the backend caps it (64 MB)
 * and runs larger products in pieces, so what stays is at most that arena.
 */
function wasmMemory(): Results {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { wasmMemnote: 'needs node --expose-gc' };
  const settle = (): number => {
    gc();
    gc();
    return process.memoryUsage().rss;
  };
  core.rand(64, 64).mm(core.rand(64, 64)); // the runtime and its workers are up before the baseline
  const n = 3072, rss0 = settle();
  const peak = largeProduct(n);
  const rss1 = settle();
  return { wasmMemOperandsMB: 3 * n * n * 4 / 2 ** 20, wasmMemPeakMB: (peak - rss0) / 2 ** 20, wasmMemKeptMB: (rss1 - rss0) / 2 ** 20 };
}

async function selectBackend(name: string): Promise<void> {
  if (name === 'native') {
    const spec = '@torchlet/native';
    const native = (await import(spec)) as { isNativeAvailable(): boolean; nativeLoadError(): string | null };
    if (!native.isNativeAvailable()) throw new Error(`the native addon did not load: ${native.nativeLoadError() ?? 'unknown reason'}`);
  }
  core.setBackend(name);
}

async function main(): Promise<void> {
  const backendName = typeof flags.backend === 'string' ? flags.backend : 'auto';
  await selectBackend(backendName);
  if (typeof flags.threads === 'string') core.setNumThreads(Number(flags.threads));
  const only = typeof flags.only === 'string' ? new Set(flags.only.split(',')) : null;
  const out: Results = { backend: core.backendName(), threads: core.getNumThreads() };
  const table: [string, () => Results | Promise<Results>][] = [
    ['W1', w1], ['W2', w2], ['W3', w3], ['W4', w4], ['random', random], ['W5', w5],
  ];
  for (const [name, fn] of table) {
    if (only && !only.has(name)) continue;
    if (name !== 'W1') {
      // Start each workload with no garbage and no collector thread of the last one still
      // running: on 2 cores either would take a core from a 2-thread kernel mid-measurement.
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((r) => setTimeout(r, 50)); // let worker threads come up
    }
    try {
      Object.assign(out, await fn());
    } catch (err) {
      out[`${name}Error`] = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    }
  }
  if (flags['wasm-memory'] === true && (!only || only.has('memory'))) Object.assign(out, wasmMemory());
  if (flags.memory === true && (!only || only.has('memory'))) Object.assign(out, memory());
  console.log(JSON.stringify(out));
}

main().catch((err: unknown) => {
  console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
  process.exitCode = 1;
});
