/**
 * What one fit() call works with, shared by the loop's pieces, and the checkpoints it writes:
 * paths asked for through `ctx.saveCheckpoint` are written together at the next flush, from a
 * snapshot of the run (at the last epoch boundary, or mid-epoch after an interrupt).
 */
import { cat, type Generator, type Tensor } from '@torchlet/core';
import { isStateful } from './callbacks';
import { saveTrainingState, type TrainingState } from './checkpoint';
import type { BatchSource, EpochSums, PrepareBatch } from './epoch';
import type { InterruptWatch } from './interrupt';
import type { ProgressReporter } from './progress';
import type { RunConfig } from './run-config';
import type { Callback, FitContext, History, Metric, Scheduler, TrainableModel, TrainableOptimizer } from './types';

/** Checkpoint paths waiting for the next flush, and how to snapshot the run for them. */
export class PendingSaves {
  private readonly paths = new Set<string>();

  constructor(public snapshot: () => TrainingState) {}

  add(path: string): void {
    this.paths.add(path);
  }

  pending(): string[] {
    return [...this.paths];
  }

  /** Writes one snapshot to every pending path. */
  flush(): void {
    if (this.paths.size === 0) return;
    const state = this.snapshot();
    for (const path of this.paths) saveTrainingState(path, state);
    this.paths.clear();
  }
}

/** The parts of a run. */
export interface FitRun<B, X> {
  readonly model: TrainableModel<X>;
  readonly optimizer: TrainableOptimizer;
  readonly lossFn: (output: Tensor, target: Tensor) => Tensor;
  readonly trainLoader: BatchSource<B>;
  readonly valLoader: BatchSource<B> | undefined;
  readonly epochs: number;
  readonly scheduler: Scheduler | undefined;
  readonly metrics: Record<string, Metric>;
  readonly prepare: PrepareBatch<B, X>;
  readonly callbacks: readonly Callback[];
  /** The callbacks under their checkpoint keys ('scheduler', '0.EarlyStopping', 'checkpoint'). */
  readonly keyed: ReadonlyMap<string, Callback>;
  readonly generators: readonly Generator[];
  readonly history: History;
  readonly progress: ProgressReporter;
  readonly curvePath: string | undefined;
  readonly ctx: FitContext;
  readonly interrupt: InterruptWatch;
  readonly saves: PendingSaves;
  /** The run's configuration, stored in its checkpoints. */
  readonly config: RunConfig;
}

function callbackStates(keyed: ReadonlyMap<string, Callback>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cb] of keyed) if (isStateful(cb)) out[key] = cb.stateDict();
  return out;
}

/** The run after `completed` epochs. */
export function boundaryState<B, X>(run: FitRun<B, X>, completed: number): TrainingState {
  return {
    epoch: completed,
    batchesDone: 0,
    model: run.model.stateDict(),
    optimizer: run.optimizer.stateDict(),
    scheduler: run.scheduler ? run.scheduler.stateDict() : null,
    rng: run.generators.map((g) => g.getState()),
    rngAtEpochStart: [],
    partial: null,
    callbacks: callbackStates(run.keyed),
    history: { ...run.history, epochs: run.history.epochs.slice() },
    config: run.config,
  };
}

/** The run stopped after `batches` batches of `epoch`: a resume replays the epoch's shuffle from `rngAtStart`. */
export function midEpochState<B, X>(run: FitRun<B, X>, epoch: number, sums: EpochSums, batches: number, rngAtStart: Uint8Array[]): TrainingState {
  return {
    ...boundaryState(run, epoch),
    batchesDone: batches,
    rngAtEpochStart: rngAtStart,
    partial: {
      lossSum: sums.lossSum,
      weight: sums.weight,
      outputs: sums.outputs.length > 0 ? cat(sums.outputs, 0) : null,
      targets: sums.targets.length > 0 ? cat(sums.targets, 0) : null,
    },
  };
}
