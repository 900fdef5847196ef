/**
 * torchlet side of the bench: W1-W5 (and the memory soak) through the public API, on one backend
 * and thread count, in its own process. Prints one JSON line of results for bench/run.ts.
 * Usage: tsx --conditions=torchlet-source bench/torchlet.ts --backend auto|js|wasm|native
 *        [--threads N] [--quick] [--only W1,W3] [--memory]
 */
import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
import { median, parseFlags, timeRuns } from './timing';
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
  const warm = median(timeRuns(step, quick ? 500 : 5000, 5)) * 1000;
  return { W1: warm, W1first: first1000 };
}

function w2Model(): () => number {
  core.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  return stepper(model, core.randn(128, 784), core.tensor(w2Labels()));
}

function w2(): Results {
  const step = w2Model();
  for (let i = 0; i < 5; i++) step();
  return { W2: median(timeRuns(step, quick ? 3 : 20, 5)) };
}

function w3(): Results {
  const n = 512;
  core.manualSeed(0);
  const a = core.rand(n, n), b = core.rand(n, n);
  for (let i = 0; i < 3; i++) a.mm(b);
  const ms = median(timeRuns(() => a.mm(b), quick ? 3 : 10, 5));
  // Accuracy against a float64 product of the same values (entries ~128: relative error is meaningful).
  const c = a.mm(b).double(), ref = a.double().mm(b.double());
  const rel = c.sub(ref).abs().div(ref.abs()).max().item();
  return { W3: 2 * n ** 3 / ms / 1e6, W3relErr: rel };
}

function w4(): Results {
  core.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 13 * 13, 10),
  );
  const step = stepper(model, core.randn(64, 1, 28, 28), core.tensor(w4Labels()));
  for (let i = 0; i < 3; i++) step();
  return { W4: median(timeRuns(step, quick ? 3 : 20, 5)) };
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
  return { W5: median(timeRuns(step, quick ? 3 : 20, 5)), W5size: `b${batchSize} x T${blockSize}, ${nLayer} layers, ${nHead} heads, d${nEmbd}, vocab ${vocabSize}` };
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

async function selectBackend(name: string): Promise<void> {
  if (name === 'native') {
    const spec = '@torchlet/native';
    await import(spec);
  }
  core.setBackend(name);
}

async function main(): Promise<void> {
  const backendName = typeof flags.backend === 'string' ? flags.backend : 'auto';
  await selectBackend(backendName);
  if (typeof flags.threads === 'string') core.setNumThreads(Number(flags.threads));
  const only = typeof flags.only === 'string' ? new Set(flags.only.split(',')) : null;
  const out: Results = { backend: core.backendName(), threads: core.getNumThreads() };
  const table: [string, () => Results | Promise<Results>][] = [['W1', w1], ['W2', w2], ['W3', w3], ['W4', w4], ['W5', w5]];
  for (const [name, fn] of table) {
    if (only && !only.has(name)) continue;
    if (name !== 'W1') await new Promise((r) => setTimeout(r, 50)); // let worker threads come up
    try {
      Object.assign(out, await fn());
    } catch (err) {
      out[`${name}Error`] = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    }
  }
  if (flags.memory === true) Object.assign(out, memory());
  console.log(JSON.stringify(out));
}

main().catch((err: unknown) => {
  console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
  process.exitCode = 1;
});
