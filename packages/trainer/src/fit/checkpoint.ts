/**
 * Resumable training checkpoints in one safetensors file: the model's state dict, the
 * optimizer's and scheduler's, the epoch (and batch, for a Ctrl-C mid-epoch), the generators'
 * states, callback state, the history so far and the run's configuration. Written atomically
 * (atomic-write.ts), so a crash never leaves a half-written checkpoint. Files need Node; the bytes
 * do not. Reading checks every field, so a damaged file is refused with what is wrong in it.
 */
import type { Tensor } from '@torchlet/core';
import { nodeFs } from '../node-host';
import { writeFileAtomic } from './atomic-write';
import type { ConfigValue, RunConfig } from './run-config';
import { readSafetensors, writeSafetensors } from './safetensors-io';
import { decodeState, encodeState } from './state-codec';
import type { EpochLog, History } from './types';

export { writeFileAtomic } from './atomic-write';

const FORMAT = 'torchlet.trainer.checkpoint';
const VERSION = '1';

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Batches completed in the next epoch (non-zero only for a checkpoint taken mid-epoch). */
  batchesDone: number;
  /** The model's state dict. */
  model: Record<string, Tensor>;
  /** The optimizer's state dict. */
  optimizer: unknown;
  /** The scheduler's state dict (null without one). */
  scheduler: unknown;
  /** Generator states now, and at the start of the unfinished epoch (to replay its shuffle). */
  rng: Uint8Array[];
  /** The generator states at the start of the unfinished epoch. */
  rngAtEpochStart: Uint8Array[];
  /** Loss and outputs summed over the unfinished epoch's batches. */
  partial: {
    /** Sum of batch losses times batch sizes. */
    lossSum: number;
    /** Samples seen (the sum of batch sizes). */
    weight: number;
    /** The batches' outputs, concatenated (null when no metric needs them). */
    outputs: Tensor | null;
    /** The batches' targets, concatenated (null when no metric needs them). */
    targets: Tensor | null;
  } | null;
  /** Stateful callbacks' state dicts, by callback. */
  callbacks: Record<string, unknown>;
  /** The epoch logs so far. */
  history: History;
  /** The run's configuration (absent in checkpoints written before it was stored). */
  config?: RunConfig;
}

/** The checkpoint as bytes (safetensors; non-tensor state as JSON in its metadata). */
export function serializeTrainingState(state: TrainingState): Uint8Array {
  const tensors: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(state.model)) tensors[`model.${k}`] = v.detach().contiguous();
  const rest = {
    epoch: state.epoch,
    batchesDone: state.batchesDone,
    modelKeys: Object.keys(state.model),
    optimizer: encodeState(state.optimizer, 'optimizer', tensors),
    scheduler: encodeState(state.scheduler, 'scheduler', tensors),
    rng: encodeState(state.rng, 'rng', tensors),
    rngAtEpochStart: encodeState(state.rngAtEpochStart, 'rngAtEpochStart', tensors),
    partial: encodeState(state.partial, 'partial', tensors),
    callbacks: encodeState(state.callbacks, 'callbacks', tensors),
    history: encodeState(state.history, 'history', tensors),
    ...(state.config === undefined ? {} : { config: encodeState(state.config, 'config', tensors) }),
  };
  return writeSafetensors(tensors, { format: FORMAT, version: VERSION, state: JSON.stringify(rest) });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

/** A corrupt checkpoint: says which field is wrong (loadTrainingState adds the file). */
function corrupt(what: string): never {
  throw new Error(`corrupt checkpoint: ${what}`);
}

function got(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) corrupt(`'${name}' must be a non-negative integer, got ${got(v)}`);
  return v;
}

function byteList(v: unknown, name: string): Uint8Array[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => x instanceof Uint8Array)) corrupt(`'${name}' must be a list of generator states (bytes), got ${got(v)}`);
  return v;
}

function isNumberRecord(v: unknown): v is Record<string, number> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === 'number');
}

function historyOf(v: unknown): History {
  if (!isRecord(v) || !Array.isArray(v.epochs) || typeof v.stopped !== 'boolean' || typeof v.interrupted !== 'boolean') {
    corrupt(`'history' must be {epochs, stopped, interrupted}, got ${got(v)}`);
  }
  v.epochs.forEach((e: unknown, i) => {
    const ok = isRecord(e) && typeof e.epoch === 'number' && typeof e.lr === 'number' && isNumberRecord(e.train)
      && (e.val === undefined || isNumberRecord(e.val));
    if (!ok) corrupt(`'history.epochs[${i}]' is not an epoch log ({epoch, lr, train, val?})`);
  });
  return { epochs: v.epochs as EpochLog[], stopped: v.stopped, interrupted: v.interrupted };
}

function partialOf(v: unknown): TrainingState['partial'] {
  if (v === undefined || v === null) return null;
  if (!isRecord(v) || typeof v.lossSum !== 'number' || typeof v.weight !== 'number') corrupt(`'partial' must be {lossSum, weight, outputs, targets}, got ${got(v)}`);
  return v as TrainingState['partial'];
}

function isShape(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
}

function isConfigValue(v: unknown): v is ConfigValue {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null || (Array.isArray(v) && v.every(isConfigValue));
}

function configOf(v: unknown): RunConfig | undefined {
  if (v === undefined) return undefined;
  const pairs = (x: unknown, ok: (y: unknown) => boolean): boolean =>
    Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && ok(p[1]));
  const opt = isRecord(v) ? v.optimizer : undefined;
  if (!isRecord(v) || !pairs(v.model, isShape) || !isRecord(opt) || typeof opt.type !== 'string' || !pairs(opt.defaults, isConfigValue)
    || typeof v.epochs !== 'number' || !(v.seed === null || typeof v.seed === 'number')) {
    corrupt(`'config' must be {model, optimizer: {type, defaults}, epochs, seed}, got ${got(v)}`);
  }
  return {
    model: v.model as RunConfig['model'],
    optimizer: { type: opt.type, defaults: opt.defaults as RunConfig['optimizer']['defaults'] },
    epochs: v.epochs,
    seed: v.seed,
  };
}

/** Reads bytes from {@link serializeTrainingState}, checking that they are a whole trainer checkpoint. */
export function deserializeTrainingState(bytes: Uint8Array): TrainingState {
  let content;
  try {
    content = readSafetensors(bytes);
  } catch (e) {
    corrupt(`not a readable safetensors file (${(e as Error).message})`);
  }
  const { tensors, metadata } = content;
  if (metadata.format !== FORMAT) throw new Error('not a torchlet trainer checkpoint (its metadata has no trainer state)');
  if (metadata.version !== VERSION) throw new Error(`unsupported checkpoint version ${metadata.version ?? '(none)'}`);
  let json: unknown;
  try {
    json = JSON.parse(metadata.state ?? '');
  } catch (e) {
    corrupt(`the trainer state in the metadata is not valid JSON (${(e as Error).message})`);
  }
  const raw = decodeState(json, tensors);
  if (!isRecord(raw)) corrupt(`the trainer state must be an object, got ${got(raw)}`);
  if (!Array.isArray(raw.modelKeys) || !raw.modelKeys.every((k) => typeof k === 'string')) corrupt(`'modelKeys' must be a list of names, got ${got(raw.modelKeys)}`);
  const epoch = count(raw.epoch, 'epoch');
  const batchesDone = raw.batchesDone === undefined ? 0 : count(raw.batchesDone, 'batchesDone');
  const model: Record<string, Tensor> = {};
  for (const k of raw.modelKeys) {
    const t = tensors[`model.${k}`];
    if (t === undefined) corrupt(`missing model tensor '${k}'`);
    model[k] = t;
  }
  if (!isRecord(raw.optimizer)) corrupt(`'optimizer' must be an optimizer state dict, got ${got(raw.optimizer)}`);
  if (raw.callbacks !== undefined && !isRecord(raw.callbacks)) corrupt(`'callbacks' must be an object, got ${got(raw.callbacks)}`);
  const rng = byteList(raw.rng, 'rng');
  const rngAtEpochStart = byteList(raw.rngAtEpochStart, 'rngAtEpochStart');
  if (batchesDone > 0 && rngAtEpochStart.length !== rng.length) corrupt(`'rngAtEpochStart' holds ${rngAtEpochStart.length} states, 'rng' ${rng.length}`);
  const state: TrainingState = {
    epoch,
    batchesDone,
    model,
    optimizer: raw.optimizer,
    scheduler: raw.scheduler ?? null,
    rng,
    rngAtEpochStart,
    partial: partialOf(raw.partial),
    callbacks: raw.callbacks ?? {},
    history: historyOf(raw.history),
  };
  const config = configOf(raw.config);
  if (config !== undefined) state.config = config;
  return state;
}

/** Saves a training state to `path` (atomic; Node only). */
export function saveTrainingState(path: string, state: TrainingState): void {
  writeFileAtomic(path, serializeTrainingState(state));
}

/** Loads a training state saved by {@link saveTrainingState} (Node only); errors name the file. */
export function loadTrainingState(path: string): TrainingState {
  const bytes = nodeFs().readFileSync(path);
  try {
    return deserializeTrainingState(bytes);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}
