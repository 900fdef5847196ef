/**
 * Resuming fit(): which checkpoint to continue (`resumeFrom`, or the file of a ModelCheckpoint),
 * whether it may be continued (`resume`: a finished run is not overwritten, a different
 * configuration is refused), putting its state back, and where an epoch cut short picks up.
 * Every refusal comes before anything is loaded or written.
 */
import type { Generator } from '@torchlet/core';
import { nodeFs } from '../node-host';
import { isStateful, ModelCheckpoint } from './callbacks';
import { loadTrainingState, type TrainingState } from './checkpoint';
import { emptySums, type EpochSums } from './epoch';
import { diffConfig, groupSizes, modelShapes, type RunConfig } from './run-config';
import type { Callback, History, TrainableModel, TrainableOptimizer } from './types';

/** fit's `resume` option: continue an unfinished run ('auto'), never continue, or insist on it. */
export type ResumeMode = 'auto' | 'never' | 'must';

/** The checkpoint a run continues, and the line announcing it. */
export interface ResumeSource {
  path: string;
  state: TrainingState;
  message: string;
}

export interface ResumeRequest {
  mode: ResumeMode | undefined;
  resumeFrom: string | undefined;
  callbacks: readonly Callback[];
  config: RunConfig;
  /** Parameters per param group of the optimizer to resume. */
  groups: number[];
}

const START_OVER = "pass resume: 'never' to start over (it overwrites the checkpoint), or use another checkpoint path";

/** Throws when the checkpoint's run is finished for this many epochs (see FitOptions.resume). */
function checkUnfinished(path: string, state: TrainingState, epochs: number): void {
  if (state.history.stopped && !state.history.interrupted) {
    throw new Error(`fit: the run in ${path} is finished (stopped early after epoch ${state.epoch}); to train again, ${START_OVER}`);
  }
  if (state.epoch >= epochs) {
    throw new Error(`fit: the run in ${path} is finished (${state.epoch} of ${epochs} epochs done); to train further raise epochs, or ${START_OVER}`);
  }
}

/** The state to continue from, or null to start afresh. */
export function findResumeState(req: ResumeRequest): ResumeSource | null {
  const mode = req.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'never' && mode !== 'must') {
    throw new TypeError(`resume must be 'auto', 'never' or 'must', got ${JSON.stringify(mode)}`);
  }
  if (mode === 'never') {
    if (req.resumeFrom !== undefined) throw new TypeError("fit: resumeFrom contradicts resume: 'never'");
    return null;
  }
  let path = req.resumeFrom;
  if (path !== undefined && !nodeFs().existsSync(path)) throw new Error(`resumeFrom: no checkpoint at ${path}`);
  // A ModelCheckpoint with `resume` (the default) continues its file.
  const candidates = req.callbacks.filter((c): c is ModelCheckpoint => c instanceof ModelCheckpoint && c.resume).map((c) => c.path);
  path ??= candidates.find((p) => nodeFs().existsSync(p));
  if (path === undefined) {
    if (mode === 'must') {
      const where = candidates.length > 0 ? `no checkpoint at ${candidates.join(', ')}` : 'no checkpoint path is configured (checkpoint or resumeFrom)';
      throw new Error(`fit: resume is 'must' but there is ${where}`);
    }
    return null;
  }
  const state = loadTrainingState(path);
  const { config } = req;
  checkUnfinished(path, state, config.epochs);
  const diffs = diffConfig(state.config, modelShapes(state.model), groupSizes(state.optimizer), config, req.groups);
  if (diffs.length > 0) {
    throw new Error(`fit: the checkpoint ${path} does not fit this run:\n  ${diffs.join('\n  ')}\n`
      + `Restore the checkpoint's settings to continue it, or ${START_OVER}.`);
  }
  const at = state.batchesDone > 0 ? `epoch ${state.epoch + 1}, batch ${state.batchesDone + 1}` : `epoch ${state.epoch + 1}`;
  const raised = state.config !== undefined && config.epochs > state.config.epochs ? ` (epochs raised from ${state.config.epochs} to ${config.epochs})` : '';
  return { path, state, message: `resuming from ${path} at ${at}${raised}` };
}

/** What a checkpoint is put back into. */
export interface RestoreTarget<X> {
  model: TrainableModel<X>;
  optimizer: TrainableOptimizer;
  keyed: ReadonlyMap<string, Callback>;
  history: History;
  generators: readonly Generator[];
}

/**
 * Loads the optimizer (it checks everything before changing), the model, callback states and
 * history; the generators too at an epoch boundary. Errors name the checkpoint file.
 */
export function restoreState<X>(source: ResumeSource, target: RestoreTarget<X>): void {
  const { state, path } = source;
  const { generators } = target;
  if (state.rng.length !== generators.length) {
    throw new Error(`fit: the checkpoint ${path} holds ${state.rng.length} generator states but this run has ${generators.length} generators`);
  }
  const step = (what: string, load: () => void): void => {
    try {
      load();
    } catch (e) {
      throw new Error(`fit: the checkpoint ${path} does not fit the ${what}: ${(e as Error).message}`, { cause: e });
    }
  };
  step('optimizer', () => target.optimizer.loadStateDict(state.optimizer as never));
  step('model', () => target.model.loadStateDict(state.model));
  for (const [key, cb] of target.keyed) {
    const st = state.callbacks[key];
    if (st !== undefined && isStateful(cb)) step(`callback '${key}'`, () => cb.loadStateDict(st as Record<string, unknown>));
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
