import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, manualSeed, rand, randn, tensor, type Tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { SGD, lrScheduler } from '@torchlet/optim';
import {
  accuracyMetric, DataLoader, Dataset, EarlyStopping, fit, loadTrainingState, TensorDataset, type Callback,
  type FitOptions, type History,
} from '@torchlet/trainer';
import fixture from './fixtures/fit.json';

const F = nn.functional;

function after(): number[] {
  return Array.from(new Int32Array(new Float32Array(rand(3).toTypedArray()).buffer));
}

/** The fixture's problem: 40 points, 4 features, 3 classes; the first 32 train, the rest validate. */
function problem(seed: number, opts: { dropout?: boolean; initSeed?: number } = {}) {
  manualSeed(seed);
  const X = randn(40, 4);
  const y = X.select(1, 0).gt(0).int().add(X.select(1, 1).gt(0).int());
  if (opts.initSeed !== undefined) manualSeed(opts.initSeed);
  const model = opts.dropout
    ? new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(8, 3))
    : new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
  const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const scheduler = new lrScheduler.StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const trainLoader = new DataLoader(new TensorDataset(X.narrow(0, 0, 32), y.narrow(0, 0, 32)), { batchSize: 8, shuffle: true });
  const valLoader = new DataLoader(new TensorDataset(X.narrow(0, 32, 8), y.narrow(0, 32, 8)), { batchSize: 8 });
  const base = {
    model, optimizer, scheduler, trainLoader, valLoader, lossFn: (o: Tensor, t: Tensor) => F.crossEntropy(o, t),
    metrics: { accuracy: accuracyMetric() }, progress: 'none' as const, handleSigint: false,
  };
  return { X, y, model, optimizer, scheduler, base };
}

function params(model: nn.Module): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(model.stateDict())) out[k] = Array.from(v.contiguous().toTypedArray());
  return out;
}


describe('fit reproduces the plain PyTorch loop, bit for bit', () => {
  for (const run of fixture.runs) {
    it(`seed ${run.seed}: losses, accuracies, learning rates, weights and generator state`, async () => {
      const { base, model } = problem(run.seed);
      const history = await fit({ ...base, epochs: 4 });
      expect(history.epochs).toHaveLength(4);
      history.epochs.forEach((log, i) => {
        const want = run.epochs[i]!;
        expect(log.epoch).toBe(want.epoch);
        expect(log.lr).toBeCloseTo(want.lr, 12);
        expect(log.train.loss).toBe(want.train.loss);
        expect(log.train.accuracy).toBeCloseTo(want.train.accuracy, 12);
        expect(log.val!.loss).toBe(want.val.loss);
        expect(log.val!.accuracy).toBeCloseTo(want.val.accuracy, 12);
      });
      const got = params(model);
      expect(got).toEqual(run.params);
      expect(after()).toEqual(run.after);
    });
  }
});

describe('fit modes and data', () => {
  it('trains in train mode and validates in eval mode without autograd', async () => {
    const seen: string[] = [];
    class Spy extends nn.Module {
      lin = new nn.Linear(4, 3);
      forward(x: Tensor): Tensor {
        const out = this.lin(x);
        seen.push(`${this.training ? 'train' : 'eval'}:${out.requiresGrad ? 'grad' : 'nograd'}`);
        return out;
      }
    }
    const { base } = problem(1);
    const model = new Spy();
    await fit({ ...base, model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), scheduler: undefined, epochs: 1, validateData: false });
    expect(seen).toEqual([...Array(4).fill('train:grad'), 'eval:nograd']);
  });

  it('rejects a label out of range before the first step', async () => {
    const { base, X, model } = problem(2);
    const y = tensor([0, 1, 2, 3, ...Array(36).fill(0)]);
    const trainLoader = new DataLoader(new TensorDataset(X, y), { batchSize: 8 });
    const before = params(model);
    await expect(fit({ ...base, trainLoader, epochs: 1 })).rejects.toThrow('Target 3 is out of bounds.');
    expect(params(model)).toEqual(before);
  });

  it('rejects NaN inputs before the first step', async () => {
    const { base, y } = problem(2);
    const X = randn(40, 4);
    X.setIndex([17, 2], Number.NaN);
    const trainLoader = new DataLoader(new TensorDataset(X, y), { batchSize: 8 });
    await expect(fit({ ...base, trainLoader, epochs: 1 })).rejects.toThrow('trainLoader sample 17 has NaN or infinite inputs');
  });

  it('rejects bad options', async () => {
    const { base } = problem(2);
    await expect(fit({ ...base, epochs: 0 })).rejects.toThrow('epochs must be a positive integer, got 0');
    await expect(fit({ ...base, epochs: 1, resumeFrom: '/nonexistent/ckpt.safetensors' })).rejects.toThrow('resumeFrom: no checkpoint at');
  });

  it('loads lazily with for await', async () => {
    const { X, y, base } = problem(3);
    class Lazy extends Dataset<[Tensor, Tensor]> {
      readonly length = 32;
      async getItem(i: number): Promise<[Tensor, Tensor]> {
        await Promise.resolve();
        return [X.select(0, i), y.select(0, i)];
      }
    }
    const history = await fit({ ...base, trainLoader: new DataLoader(new Lazy(), { batchSize: 8, shuffle: true }), epochs: 2 });
    expect(history.epochs).toHaveLength(2);
    expect(Number.isFinite(history.epochs[1]!.train.loss)).toBe(true);
  });
});

describe('callbacks, progress and curves', () => {
  it('EarlyStopping stops when the monitored value stalls and can restore the best weights', async () => {
    const { base, model } = problem(4);
    const stopper = new EarlyStopping({ monitor: 'val.accuracy', mode: 'max', patience: 1, restoreBestWeights: true });
    const bestWeights: Record<string, number[]>[] = [];
    const record: Callback = { onEpochEnd: (_ctx, log) => { if (log.epoch === stopper.bestEpoch) bestWeights.push(params(model)); } };
    const history = await fit({ ...base, optimizer: new SGD(model.parameters(), { lr: 0 }), scheduler: undefined, epochs: 10, callbacks: [stopper, record] });
    expect(history.stopped).toBe(true);
    expect(history.epochs).toHaveLength(2);
    expect(stopper.stoppedEpoch).toBe(2);
    expect(params(model)).toEqual(bestWeights[0]);
  });

  it('steps ReduceLROnPlateau with the validation loss', async () => {
    const { base, optimizer } = problem(5);
    const scheduler = new lrScheduler.ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.5, threshold: 0 });
    const history = await fit({ ...base, scheduler, epochs: 4 });
    const valLosses = history.epochs.map((e) => e.val!.loss!);
    expect(scheduler.lastEpoch).toBe(4);
    expect(scheduler.best).toBe(Math.min(...valLosses));
    // Each epoch that did not improve on the best so far halved the lr for the next one.
    let lr = 0.1;
    let best = Infinity;
    history.epochs.forEach((e, i) => {
      expect(e.lr).toBeCloseTo(lr, 12);
      if (valLosses[i]! < best) best = valLosses[i]!;
      else lr *= 0.5;
    });
  });

  it('writes plain lines when not a terminal, a bar on a terminal, and an SVG of the curves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-'));
    try {
      const lines: string[] = [];
      const { base } = problem(6);
      await fit({ ...base, epochs: 3, logEvery: 2, progress: { stream: { write: (s: string) => lines.push(s) } }, curvePath: join(dir, 'c.svg') });
      expect(lines.map((l) => l.split('  ')[0])).toEqual(['Epoch 1/3', 'Epoch 2/3', 'Epoch 3/3']);
      expect(lines[0]).toMatch(/^Epoch 1\/3 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}val_loss \d\.\d{4} {2}val_accuracy \d\.\d{4} {2}lr 0\.1 /);
      const svg = readFileSync(join(dir, 'c.svg'), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.match(/<polyline/g)).toHaveLength(4);
      const tty: string[] = [];
      const p2 = problem(6);
      await fit({ ...p2.base, epochs: 1, progress: { mode: 'bar', stream: { write: (s: string) => tty.push(s), isTTY: true } } });
      expect(tty.some((s) => s.startsWith('\r\x1b[2KEpoch 1/1 [') && s.includes('4/4'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoints resume exactly', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ckpt-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** An uninterrupted run, and a run stopped (like Ctrl-C) at `stopAt` then resumed in fresh objects. */
  async function compare(stopAt: { epoch: number; batch: number | 'end' }, dropout: boolean): Promise<void> {
    const epochs = 5;
    const full = problem(11, { dropout });
    const early = new EarlyStopping({ patience: 100 });
    const uninterrupted = await fit({ ...full.base, epochs, callbacks: [early] });
    const wantParams = params(full.model);
    const wantAfter = after();

    const path = join(dir, 'run.safetensors');
    const first = problem(11, { dropout });
    const abort = new AbortController();
    const stopper: Callback = stopAt.batch === 'end'
      ? { onEpochEnd: (ctx) => { if (ctx.epoch === stopAt.epoch) abort.abort(); } }
      : { onBatchEnd: (ctx, b) => { if (ctx.epoch === stopAt.epoch && b === stopAt.batch) abort.abort(); } };
    const part: History = await fit({ ...first.base, epochs, callbacks: [new EarlyStopping({ patience: 100 }), stopper], checkpoint: path, signal: abort.signal });
    expect(part.interrupted).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir)).toEqual(['run.safetensors']); // atomic: no temp files left
    const state = loadTrainingState(path);
    expect(state.batchesDone).toBe(stopAt.batch === 'end' ? 0 : stopAt.batch + 1);

    // A new process: the same data, fresh objects initialised from an unrelated seed, then resume.
    const second = problem(11, { dropout, initSeed: 999 });
    const resumedEarly = new EarlyStopping({ patience: 100 });
    const resumed = await fit({ ...second.base, epochs, callbacks: [resumedEarly, {}], checkpoint: path });
    expect(resumed.epochs).toEqual(uninterrupted.epochs);
    expect(params(second.model)).toEqual(wantParams);
    expect(second.optimizer.paramGroups[0]!.lr).toBe(full.optimizer.paramGroups[0]!.lr);
    expect(resumedEarly.best).toBe(early.best);
    expect(after()).toEqual(wantAfter);
  }

  it('after Ctrl-C in the middle of an epoch (with dropout drawing from the generator)', async () => {
    await compare({ epoch: 2, batch: 1 }, true);
  });

  it('after Ctrl-C at the end of an epoch', async () => {
    await compare({ epoch: 3, batch: 'end' }, false);
  });

  it('a finished run is not resumed; a corrupt file is refused', async () => {
    const path = join(dir, 'done.safetensors');
    const a = problem(12);
    await fit({ ...a.base, epochs: 2, checkpoint: path });
    expect(loadTrainingState(path).epoch).toBe(2);
    const b = problem(12);
    let steps = 0;
    const again = await fit({ ...b.base, epochs: 2, checkpoint: path, resume: 'never', callbacks: [{ onBatchEnd: () => { steps++; } }] });
    expect(steps).toBe(8); // trained from the start, not resumed
    expect(again.epochs).toHaveLength(2);
    writeFileSync(path, new Uint8Array([1, 2, 3]));
    expect(() => loadTrainingState(path)).toThrow();
  });
});

describe('a DataLoader with its own generator is checkpointed too', () => {
  it('resumes the loader generator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    try {
      const make = () => {
        const p = problem(21);
        const generator = new Generator().manualSeed(5);
        const ds = (p.base.trainLoader.dataset);
        const trainLoader = new DataLoader(ds, { batchSize: 8, shuffle: true, generator });
        return { ...p, base: { ...p.base, trainLoader } as FitOptions<[Tensor, Tensor], Tensor> & typeof p.base };
      };
      const full = make();
      await fit({ ...full.base, epochs: 3 });
      const path = join(dir, 'g.safetensors');
      const first = make();
      const abort = new AbortController();
      await fit({ ...first.base, epochs: 3, checkpoint: path, signal: abort.signal, callbacks: [{ onBatchEnd: (ctx, b) => { if (ctx.epoch === 1 && b === 2) abort.abort(); } }] });
      const second = make();
      await fit({ ...second.base, epochs: 3, checkpoint: path });
      expect(params(second.model)).toEqual(params(full.model));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
