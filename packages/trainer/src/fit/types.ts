/** The shapes the training loop works with: the model, optimizer, scheduler, logs and callbacks. */
import type { Tensor } from '@torchlet/core';

/** A model the loop can train: callable, with modes and a state dict (an nn.Module is one). */
export interface TrainableModel<X = Tensor> {
  (input: X): Tensor;
  train(mode?: boolean): unknown;
  eval(): unknown;
  stateDict(): Record<string, Tensor>;
  loadStateDict(stateDict: Record<string, Tensor>): unknown;
}

/** What the loop needs of an optimizer (a torch.optim Optimizer is one). */
export interface TrainableOptimizer {
  zeroGrad(setToNone?: boolean): void;
  step(): unknown;
  stateDict(): { state: Record<number, Record<string, unknown>>; param_groups: Record<string, unknown>[] };
  loadStateDict(stateDict: never): void;
  readonly paramGroups: readonly { lr: number }[];
  /** The hyper-parameters the optimizer was built with (torch.optim's `defaults`), stored in checkpoints. */
  readonly defaults?: object;
}

interface SchedulerState {
  stateDict(): Record<string, unknown>;
  loadStateDict(stateDict: Record<string, unknown>): void;
}

/** A scheduler stepped once per epoch (or batch): StepLR, CosineAnnealingLR, ... */
export interface EpochScheduler extends SchedulerState {
  step(): void;
}

/** A scheduler stepped with a monitored value: ReduceLROnPlateau. */
export interface MetricScheduler extends SchedulerState {
  step(metric: number): void;
}

/** A learning-rate scheduler: `step()` per epoch, or `step(metric)` for ReduceLROnPlateau. */
export type Scheduler = EpochScheduler | MetricScheduler;

/** A metric over one epoch: the model outputs and targets of all its batches. */
export type Metric = (outputs: Tensor, targets: Tensor) => number;

/** One epoch's results: `train.loss`, `train.<metric>`, and the same for validation. */
export interface EpochLog {
  /** 1-based epoch number. */
  epoch: number;
  /** The learning rate of the first parameter group during this epoch. */
  lr: number;
  train: Record<string, number>;
  val?: Record<string, number>;
}

/** The per-epoch logs of a run, oldest first. */
export interface History {
  epochs: EpochLog[];
  /** True when the run stopped early (a callback or Ctrl-C). */
  stopped: boolean;
  /** True when Ctrl-C (or the abort signal) ended the run. */
  interrupted: boolean;
}

/** What callbacks see and may change. */
export interface FitContext {
  readonly model: TrainableModel<never>;
  readonly optimizer: TrainableOptimizer;
  readonly history: History;
  /** The 0-based index of the current epoch. */
  epoch: number;
  /** Set to true to stop after this epoch. */
  stopTraining: boolean;
  /** Saves a resumable checkpoint of the whole run to `path` (atomic). */
  saveCheckpoint(path: string): void;
}

/** Hooks into the loop; every method is optional and may be async. */
export interface Callback {
  onTrainBegin?(ctx: FitContext): void | Promise<void>;
  onEpochBegin?(ctx: FitContext): void | Promise<void>;
  onBatchEnd?(ctx: FitContext, batch: number, loss: number): void | Promise<void>;
  onEpochEnd?(ctx: FitContext, log: EpochLog): void | Promise<void>;
  onTrainEnd?(ctx: FitContext): void | Promise<void>;
  /** Called when Ctrl-C (or the abort signal) stops the run, before fit returns. */
  onInterrupt?(ctx: FitContext): void | Promise<void>;
}

/** Reads `train.loss`, `val.loss`, `val.accuracy` ... (also `val_loss`, Keras style) from a log. */
export function readMonitor(log: EpochLog, monitor: string): number | undefined {
  const m = /^(train|val)[._](.+)$/.exec(monitor);
  if (m) return (m[1] === 'val' ? log.val : log.train)?.[m[2]!];
  return log.train[monitor];
}
