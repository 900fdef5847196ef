/**
 * Resumable training checkpoints in one safetensors file: the model's state dict, the
 * optimizer's and scheduler's, the epoch (and batch, for a Ctrl-C mid-epoch), the generators'
 * states, callback state and the history so far. Written atomically (temp file, fsync, rename),
 * so a crash never leaves a half-written checkpoint. Files need Node; the bytes do not.
 */
import type { Tensor } from '@torchlet/core';
import { nodeFs, nodePath, nodeProcess } from '../node-host';
import { readSafetensors, writeSafetensors } from './safetensors-io';
import { decodeState, encodeState } from './state-codec';
import type { History } from './types';

const FORMAT = 'torchlet.trainer.checkpoint';
const VERSION = '1';

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Batches completed in the next epoch (non-zero only for a checkpoint taken mid-epoch). */
  batchesDone: number;
  model: Record<string, Tensor>;
  optimizer: unknown;
  scheduler: unknown;
  /** Generator states now, and at the start of the unfinished epoch (to replay its shuffle). */
  rng: Uint8Array[];
  rngAtEpochStart: Uint8Array[];
  /** Loss and outputs summed over the unfinished epoch's batches. */
  partial: { lossSum: number; weight: number; outputs: Tensor | null; targets: Tensor | null } | null;
  callbacks: Record<string, unknown>;
  history: History;
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
  };
  return writeSafetensors(tensors, { format: FORMAT, version: VERSION, state: JSON.stringify(rest) });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads bytes from {@link serializeTrainingState}, checking that they are a trainer checkpoint. */
export function deserializeTrainingState(bytes: Uint8Array): TrainingState {
  const { tensors, metadata } = readSafetensors(bytes);
  if (metadata.format !== FORMAT) throw new Error('not a torchlet trainer checkpoint (its metadata has no trainer state)');
  if (metadata.version !== VERSION) throw new Error(`unsupported checkpoint version ${metadata.version ?? '(none)'}`);
  const raw: unknown = decodeState(JSON.parse(metadata.state ?? 'null'), tensors);
  if (!isRecord(raw) || !Array.isArray(raw.modelKeys) || typeof raw.epoch !== 'number') {
    throw new Error('corrupt checkpoint: the trainer state is incomplete');
  }
  const model: Record<string, Tensor> = {};
  for (const k of raw.modelKeys) {
    const t = tensors[`model.${String(k)}`];
    if (t === undefined) throw new Error(`corrupt checkpoint: missing model tensor '${String(k)}'`);
    model[String(k)] = t;
  }
  return {
    epoch: raw.epoch,
    batchesDone: typeof raw.batchesDone === 'number' ? raw.batchesDone : 0,
    model,
    optimizer: raw.optimizer,
    scheduler: raw.scheduler,
    rng: (raw.rng ?? []) as Uint8Array[],
    rngAtEpochStart: (raw.rngAtEpochStart ?? []) as Uint8Array[],
    partial: (raw.partial ?? null) as TrainingState['partial'],
    callbacks: isRecord(raw.callbacks) ? raw.callbacks : {},
    history: raw.history as History,
  };
}

/** Writes `bytes` to `path` atomically: a temp file in the same directory, fsync, rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const fs = nodeFs();
  fs.mkdirSync(nodePath().dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${nodeProcess()?.pid ?? 0}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
}

/** Saves a training state to `path` (atomic; Node only). */
export function saveTrainingState(path: string, state: TrainingState): void {
  writeFileAtomic(path, serializeTrainingState(state));
}

/** Loads a training state saved by {@link saveTrainingState} (Node only). */
export function loadTrainingState(path: string): TrainingState {
  return deserializeTrainingState(nodeFs().readFileSync(path));
}
