/** The shapes the training loop works with: the model, optimizer, scheduler, logs and callbacks. */
import type { Tensor } from '@torchlet/core';

/** A model the loop can train: callable, with modes and a state dict (an nn.Module is one). */
export interface TrainableModel<X = Tensor> {
  (input: X): Tensor;
  /** Training mode (`model.train()`), set at the start of each epoch. */
  train(mode?: boolean): unknown;
  /** Evaluation mode, set for validation. */
  eval(): unknown;
  /** The parameters and buffers to checkpoint. */
  stateDict(): Record<string, Tensor>;
  /** Restores a checkpoint's (or EarlyStopping's best) weights. */
  loadStateDict(stateDict: Record<string, Tensor>): unknown;
}

/** What the loop needs of an optimizer (a torch.optim Optimizer is one). */
export interface TrainableOptimizer {
  /** Clears the gradients before each batch. */
  zeroGrad(setToNone?: boolean): void;
  /** Updates the parameters after backward(). */
  step(): unknown;
  /** The optimizer's state, in PyTorch's layout, for checkpoints. */
  stateDict(): {
    /** Per-parameter state by parameter index. */
    state: Record<number, Record<string, unknown>>;
    /** The groups' hyperparameters and parameter indices. */
    param_groups: Record<string, unknown>[];
  };
  /** Restores the state from a checkpoint. */
  loadStateDict(stateDict: never): void;
  /** The param groups; the first one's `lr` is logged per epoch. */
  readonly paramGroups: readonly {
    /** The group's current learning rate. */
    lr: number;
  }[];
  /** The hyper-parameters the optimizer was built with (torch.optim's `defaults`), stored in checkpoints. */
  readonly defaults?: object;
}

interface SchedulerState {
  /** The scheduler's state, for checkpoints. */
  stateDict(): Record<string, unknown>;
  /** Restores the state from a checkpoint. */
  loadStateDict(stateDict: Record<string, unknown>): void;
}

/** A scheduler stepped once per epoch (or batch): StepLR, CosineAnnealingLR, ... */
export interface EpochScheduler extends SchedulerState {
  /** Advances the schedule by one epoch (or batch). */
  step(): void;
}

/** A scheduler stepped with a monitored value: ReduceLROnPlateau. */
export interface MetricScheduler extends SchedulerState {
  /** Records the monitored value (the validation loss by default) and adjusts the lr. */
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
  /** Training loss (averaged over samples) and metrics: `{loss, accuracy, ...}`. */
  train: Record<string, number>;
  /** The same on the validation loader, when there is one. */
  val?: Record<string, number>;
}

/** The per-epoch logs of a run, oldest first. */
export interface History {
  /** One log per finished epoch. */
  epochs: EpochLog[];
  /** True when the run stopped early (a callback or Ctrl-C). */
  stopped: boolean;
  /** True when Ctrl-C (or the abort signal) ended the run. */
  interrupted: boolean;
}

/** What callbacks see and may change. */
export interface FitContext {
  /** The model being trained. */
  readonly model: TrainableModel<never>;
  /** Its optimizer. */
  readonly optimizer: TrainableOptimizer;
  /** The logs so far. */
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
  /** Called once before the first epoch (also when resuming). */
  onTrainBegin?(ctx: FitContext): void | Promise<void>;
  /** Called before each training epoch. */
  onEpochBegin?(ctx: FitContext): void | Promise<void>;
  /** Called after each optimizer step with the 0-based batch index and the batch's loss. */
  onBatchEnd?(ctx: FitContext, batch: number, loss: number): void | Promise<void>;
  /** Called after training and validation of each epoch, with its log; may set `ctx.stopTraining`. */
  onEpochEnd?(ctx: FitContext, log: EpochLog): void | Promise<void>;
  /** Called once when the run ends normally (all epochs done or stopped by a callback). */
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
