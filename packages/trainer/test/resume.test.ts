/**
 * Issue 14, item 1: resuming is explicit and visible (`resume: 'auto' | 'never' | 'must'`), a
 * finished run's checkpoint is not overwritten, a different configuration is reported before
 * anything is written, and a checkpoint that does not fit names its file. Item 10: a corrupt
 * checkpoint names the file and what is wrong.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, randn, type Tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { Adam, lrScheduler, SGD } from '@torchlet/optim';
import {
  accuracyMetric, DataLoader, EarlyStopping, fit, loadTrainingState,
  TensorDataset, type Callback,
} from '@torchlet/trainer';

const F = nn.functional;

function problem(opts: { hidden?: number; lr?: number; initSeed?: number } = {}) {
  manualSeed(31);
  const X = randn(40, 4);
  const y = X.select(1, 0).gt(0).int().add(X.select(1, 1).gt(0).int());
  manualSeed(opts.initSeed ?? 32);
  const model = new nn.Sequential(new nn.Linear(4, opts.hidden ?? 8), new nn.ReLU(), new nn.Linear(opts.hidden ?? 8, 3));
  const optimizer = new SGD(model.parameters(), { lr: opts.lr ?? 0.1, momentum: 0.9 });
  const scheduler = new lrScheduler.StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const trainLoader = new DataLoader(new TensorDataset(X.narrow(0, 0, 32), y.narrow(0, 0, 32)), { batchSize: 8, shuffle: true });
  const valLoader = new DataLoader(new TensorDataset(X.narrow(0, 32, 8), y.narrow(0, 32, 8)), { batchSize: 8 });
  const lines: string[] = [];
  const base = {
    model, optimizer, scheduler, trainLoader, valLoader, lossFn: (o: Tensor, t: Tensor) => F.crossEntropy(o, t),
    metrics: { accuracy: accuracyMetric() }, handleSigint: false, progress: { mode: 'lines' as const, stream: { write: (s: string) => lines.push(s) } },
  };
  return { model, optimizer, base, lines };
}

function params(model: nn.Module): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(model.stateDict())) out[k] = Array.from(v.contiguous().toTypedArray());
  return out;
}

/** Aborts the run at the end of `epoch` (1-based), or after `batch` (0-based) of it. */
function stopAt(abort: AbortController, epoch: number, batch?: number): Callback {
  return batch === undefined
    ? { onEpochEnd: (_ctx, log) => { if (log.epoch === epoch) abort.abort(); } }
    : { onBatchEnd: (ctx, b) => { if (ctx.epoch === epoch - 1 && b === batch) abort.abort(); } };
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resume-'));
  path = join(dir, 'run.safetensors');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A run of `epochs` stopped at the end of epoch `at`, leaving its checkpoint at `path`. */
async function interrupted(epochs: number, at: number, opts: { seed?: number; batch?: number } = {}): Promise<void> {
  const p = problem();
  const abort = new AbortController();
  const history = await fit({ ...p.base, epochs, checkpoint: path, signal: abort.signal, seed: opts.seed, callbacks: [stopAt(abort, at, opts.batch)] });
  expect(history.interrupted).toBe(true);
}

function unchanged(): () => void {
  const bytes = readFileSync(path);
  const mtime = statSync(path).mtimeMs;
  return () => {
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  };
}

describe("resume: 'auto' (the default)", () => {
  it('resumes an unfinished run and says so through the progress output', async () => {
    await interrupted(4, 2);
    const p = problem({ initSeed: 99 });
    const history = await fit({ ...p.base, epochs: 4, checkpoint: path });
    expect(p.lines[0]).toBe(`resuming from ${path} at epoch 3\n`);
    expect(p.lines.slice(1).map((l) => l.split('  ')[0])).toEqual(['Epoch 3/4', 'Epoch 4/4']);
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('names the batch when the checkpoint was taken mid-epoch', async () => {
    await interrupted(4, 2, { batch: 1 });
    const p = problem();
    await fit({ ...p.base, epochs: 4, checkpoint: path });
    expect(p.lines[0]).toBe(`resuming from ${path} at epoch 2, batch 3\n`);
  });

  it('refuses to overwrite a finished run, before anything is loaded or written', async () => {
    await fit({ ...problem().base, epochs: 2, checkpoint: path });
    const same = unchanged();
    const p = problem({ initSeed: 5 });
    const before = params(p.model);
    await expect(fit({ ...p.base, epochs: 2, checkpoint: path })).rejects.toThrow(
      `fit: the run in ${path} is finished (2 of 2 epochs done); to train further raise epochs, or pass resume: 'never' to start over (it overwrites the checkpoint), or use another checkpoint path`,
    );
    same();
    expect(params(p.model)).toEqual(before);
    expect(p.lines).toEqual([]);
  });

  it('treats a run stopped early by a callback as finished', async () => {
    const a = problem();
    const history = await fit({ ...a.base, optimizer: new SGD(a.model.parameters(), { lr: 0 }), scheduler: undefined, epochs: 6, checkpoint: path, callbacks: [new EarlyStopping({ patience: 1 })] });
    expect(history.stopped).toBe(true);
    const n = history.epochs.length;
    const b = problem();
    const same = unchanged();
    await expect(fit({ ...b.base, optimizer: new SGD(b.model.parameters(), { lr: 0 }), scheduler: undefined, epochs: 6, checkpoint: path, callbacks: [new EarlyStopping({ patience: 1 })] }))
      .rejects.toThrow(`fit: the run in ${path} is finished (stopped early after epoch ${n}); to train again, pass resume: 'never'`);
    same();
  });

  it('continues a finished run when epochs is raised, exactly as one longer run', async () => {
    const full = problem();
    await fit({ ...full.base, epochs: 3 });
    await fit({ ...problem().base, epochs: 2, checkpoint: path });
    const p = problem({ initSeed: 7 });
    const history = await fit({ ...p.base, epochs: 3, checkpoint: path });
    expect(p.lines[0]).toBe(`resuming from ${path} at epoch 3 (epochs raised from 2 to 3)\n`);
    expect(history.epochs).toHaveLength(3);
    expect(params(p.model)).toEqual(params(full.model));
    expect(loadTrainingState(path).config!.epochs).toBe(3);
  });
});

describe('a configuration that differs from the checkpoint', () => {
  it('lists every differing field and names the file, before anything is written', async () => {
    await interrupted(4, 1, { seed: 1 });
    const same = unchanged();
    const p = problem({ lr: 0.05 });
    const before = params(p.model);
    const err = await fit({ ...p.base, epochs: 3, seed: 2, checkpoint: path }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe([
      `fit: the checkpoint ${path} does not fit this run:`,
      '  optimizer.lr: checkpoint 0.1, now 0.05',
      '  epochs: checkpoint 4, now 3 (epochs may be raised, not lowered)',
      '  seed: checkpoint 1, now 2',
      "Restore the checkpoint's settings to continue it, or pass resume: 'never' to start over (it overwrites the checkpoint), or use another checkpoint path.",
    ].join('\n'));
    same();
    expect(params(p.model)).toEqual(before);
  });

  it('reports another optimizer class', async () => {
    await interrupted(4, 1);
    const p = problem();
    await expect(fit({ ...p.base, optimizer: new Adam(p.model.parameters(), { lr: 0.1 }), scheduler: undefined, epochs: 4, checkpoint: path }))
      .rejects.toThrow('  optimizer: checkpoint SGD, now Adam\n');
  });

  it('reports a model that does not fit, key by key with shapes', async () => {
    await interrupted(4, 1);
    const same = unchanged();
    const p = problem({ hidden: 16 });
    await expect(fit({ ...p.base, epochs: 4, checkpoint: path })).rejects.toThrow([
      `fit: the checkpoint ${path} does not fit this run:`,
      '  model.0.weight: checkpoint [8,4], now [16,4]',
      '  model.0.bias: checkpoint [8], now [16]',
      '  model.2.weight: checkpoint [3,8], now [3,16]',
    ].join('\n'));
    same();
    const q = problem();
    const extra = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3), new nn.Linear(3, 3));
    await expect(fit({ ...q.base, model: extra, optimizer: new SGD(extra.parameters(), { lr: 0.1, momentum: 0.9 }), scheduler: undefined, epochs: 4, checkpoint: path }))
      .rejects.toThrow(/ {2}model\.3\.weight: not in the checkpoint, now \[3,3\]\n {2}model\.3\.bias: not in the checkpoint, now \[3\]\n {2}optimizer param groups \(parameters per group\): checkpoint \[4\], now \[6\]/);
  });
});

describe("resume: 'never' and 'must'", () => {
  it("'never' starts over and overwrites a finished run", async () => {
    await fit({ ...problem().base, epochs: 2, checkpoint: path });
    const p = problem();
    let steps = 0;
    const history = await fit({ ...p.base, epochs: 1, checkpoint: path, resume: 'never', callbacks: [{ onBatchEnd: () => { steps++; } }] });
    expect(steps).toBe(4);
    expect(history.epochs).toHaveLength(1);
    expect(p.lines.some((l) => l.startsWith('resuming'))).toBe(false);
    expect(loadTrainingState(path).epoch).toBe(1);
    await expect(fit({ ...p.base, epochs: 1, resumeFrom: path, resume: 'never' })).rejects.toThrow("fit: resumeFrom contradicts resume: 'never'");
  });

  it("'must' raises when there is no checkpoint", async () => {
    const p = problem();
    await expect(fit({ ...p.base, epochs: 2, checkpoint: path, resume: 'must' })).rejects.toThrow(`fit: resume is 'must' but there is no checkpoint at ${path}`);
    await expect(fit({ ...p.base, epochs: 2, resume: 'must' })).rejects.toThrow("fit: resume is 'must' but there is no checkpoint path is configured");
    await interrupted(3, 1);
    const q = problem();
    await fit({ ...q.base, epochs: 3, checkpoint: path, resume: 'must' });
    expect(q.lines[0]).toBe(`resuming from ${path} at epoch 2\n`);
    await expect(fit({ ...problem().base, epochs: 2, resume: 'sometimes' as 'auto' })).rejects.toThrow(`resume must be 'auto', 'never' or 'must', got "sometimes"`);
  });
});

describe('seed', () => {
  it('seeds a fresh run and is stored in the checkpoint', async () => {
    const a = problem();
    manualSeed(100);
    const ha = await fit({ ...a.base, epochs: 2, seed: 7, checkpoint: path });
    const b = problem();
    manualSeed(200);
    const hb = await fit({ ...b.base, epochs: 2, seed: 7 });
    expect(hb.epochs).toEqual(ha.epochs);
    expect(loadTrainingState(path).config!.seed).toBe(7);
    await expect(fit({ ...problem().base, epochs: 2, seed: 1.5 })).rejects.toThrow('seed must be an integer, got 1.5');
  });
});

describe('a corrupt checkpoint names the file and what is wrong', () => {
  async function refused(bytes: Uint8Array, what: string): Promise<void> {
    writeFileSync(path, bytes);
    expect(() => loadTrainingState(path)).toThrow(`${path}: corrupt checkpoint: ${what}`);
    await expect(fit({ ...problem().base, epochs: 2, checkpoint: path })).rejects.toThrow(`${path}: corrupt checkpoint: ${what}`);
  }

  let saved: Uint8Array;

  /** The saved checkpoint with its trainer state JSON replaced by `state`. */
  function withState(state: string): Uint8Array {
    const { tensors, metadata } = nn.deserializeWithMetadata(saved);
    return nn.serialize(tensors, { metadata: { ...metadata, state } });
  }

  beforeEach(async () => {
    await fit({ ...problem().base, epochs: 1, checkpoint: path });
    saved = new Uint8Array(readFileSync(path));
  });

  it('a truncated file', async () => {
    await refused(saved.subarray(0, saved.length - 10), 'not a readable safetensors file (');
    await refused(new Uint8Array([1, 2, 3]), 'not a readable safetensors file (');
  });

  it('trainer state that is not JSON (cut short)', async () => {
    const { metadata } = nn.deserializeWithMetadata(saved);
    await refused(withState(metadata.state!.slice(0, 40)), 'the trainer state in the metadata is not valid JSON (');
  });

  it('trainer state of the wrong shape', async () => {
    const state = JSON.parse(nn.deserializeWithMetadata(saved).metadata.state!) as Record<string, unknown>;
    await refused(withState(JSON.stringify({ ...state, epoch: '3' })), `'epoch' must be a non-negative integer, got string "3"`);
    await refused(withState(JSON.stringify({ ...state, history: { epochs: 1 } })), "'history' must be {epochs, stopped, interrupted}, got an object");
    await refused(withState(JSON.stringify({ ...state, rng: [1] })), "'rng' must be a list of generator states (bytes), got a list");
    await refused(withState(JSON.stringify({ ...state, optimizer: null })), "'optimizer' must be an optimizer state dict, got null");
    await refused(withState('[]'), 'the trainer state must be an object, got a list');
  });
});
