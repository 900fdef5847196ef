/**
 * Resuming fit(): which checkpoint to continue (`resumeFrom`, or the file of a ModelCheckpoint
 * whose run did not finish), putting its state back, and where an epoch cut short picks up.
 */
import type { Generator } from '@torchlet/core';
import { nodeFs } from '../node-host';
import { isStateful, ModelCheckpoint } from './callbacks';
import { loadTrainingState, type TrainingState } from './checkpoint';
import { emptySums, type EpochSums } from './epoch';
import type { Callback, History, TrainableModel, TrainableOptimizer } from './types';

/** The state to continue from, or null to start afresh. */
export function findResumeState(resumeFrom: string | undefined, callbacks: readonly Callback[], epochs: number): TrainingState | null {
  if (resumeFrom !== undefined) {
    if (!nodeFs().existsSync(resumeFrom)) throw new Error(`resumeFrom: no checkpoint at ${resumeFrom}`);
    return loadTrainingState(resumeFrom);
  }
  // A ModelCheckpoint with `resume` continues its file when that run did not finish.
  for (const c of callbacks) {
    if (!(c instanceof ModelCheckpoint) || !c.resume || !nodeFs().existsSync(c.path)) continue;
    const state = loadTrainingState(c.path);
    return state.epoch < epochs ? state : null;
  }
  return null;
}

/** What a checkpoint is put back into. */
export interface RestoreTarget<X> {
  model: TrainableModel<X>;
  optimizer: TrainableOptimizer;
  keyed: ReadonlyMap<string, Callback>;
  history: History;
  generators: readonly Generator[];
}

/** Loads the model, optimizer, callback states and history; the generators too at an epoch boundary. */
export function restoreState<X>(state: TrainingState, target: RestoreTarget<X>): void {
  const { generators } = target;
  if (state.rng.length !== generators.length) {
    throw new Error(`checkpoint holds ${state.rng.length} generator states but this run has ${generators.length} generators`);
  }
  target.model.loadStateDict(state.model);
  target.optimizer.loadStateDict(state.optimizer as never);
  for (const [key, cb] of target.keyed) {
    const st = state.callbacks[key];
    if (st !== undefined && isStateful(cb)) cb.loadStateDict(st as Record<string, unknown>);
  }
  target.history.epochs.push(...state.history.epochs);
  if (state.batchesDone === 0) state.rng.forEach((s, i) => generators[i]!.setState(s));
}

/** Where an epoch starts: its sums so far, the batches to skip, the generator states after them. */
export interface ResumePoint {
  sums: EpochSums;
  skip: number;
  rngAfterSkip: readonly Uint8Array[];
}

/** A fresh start, or for the epoch a mid-epoch checkpoint cut short: its shuffle replayed from the start. */
export function resumePoint(state: TrainingState | null, epoch: number, generators: readonly Generator[]): ResumePoint {
  if (state === null || state.batchesDone === 0 || epoch !== state.epoch) return { sums: emptySums(), skip: 0, rngAfterSkip: [] };
  state.rngAtEpochStart.forEach((s, i) => generators[i]!.setState(s));
  const p = state.partial;
  return {
    sums: { batches: 0, lossSum: p?.lossSum ?? 0, weight: p?.weight ?? 0, outputs: p?.outputs ? [p.outputs] : [], targets: p?.targets ? [p.targets] : [] },
    skip: state.batchesDone,
    rngAfterSkip: state.rng,
  };
}
