/**
 * The base of the learning-rate schedulers, as torch.optim.lr_scheduler._LRScheduler (1.13):
 * `initial_lr` in every group, `base_lrs`, `last_epoch`, the chainable get_lr() called from
 * step(), and the closed form when step(epoch) is given.
 */
import { Optimizer, type BaseOptions, type ParamGroup } from '../optimizer';
import { pyNumber } from '../format';
import type { ParamState } from '../state';

/** Any optimizer a scheduler can drive. */
export type SchedulableOptimizer = Optimizer<BaseOptions, ParamState>;

/** A scheduler's state dict: PyTorch's attribute names (`base_lrs`, `last_epoch`, `_step_count`, ...). */
export type SchedulerStateDict = Record<string, unknown>;

/** Options every scheduler takes. */
export interface SchedulerOptions {
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch?: number;
  /** Print a message for each update (default false). */
  verbose?: boolean;
}

/** Python's `%` (the result takes the divisor's sign). */
export function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's bisect.bisect_right on a sorted list. */
export function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python's '{:.4e}'. */
export function sci4(v: number): string {
  return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `'%.2f' if isinstance(epoch, float) else '%.5d'`. */
export function epochText(epoch: number): string {
  return Number.isInteger(epoch) ? String(Math.trunc(epoch)).padStart(5, '0') : epoch.toFixed(2);
}

export function checkIsOptimizer(optimizer: unknown): asserts optimizer is SchedulableOptimizer {
  if (!(optimizer instanceof Optimizer)) {
    const name = typeof optimizer === 'object' && optimizer !== null ? optimizer.constructor.name : typeof optimizer;
    throw new TypeError(`${name} is not an Optimizer`);
  }
}

/** A number from a state dict (or the current value when the key is absent). */
export function numberOr(sd: SchedulerStateDict, key: string, current: number): number {
  const v = sd[key];
  if (v === undefined) return current;
  if (typeof v !== 'number') throw new TypeError(`scheduler state '${key}' must be a number`);
  return v;
}

/** A number list from a state dict (or the current value when the key is absent). */
export function numbersOr(sd: SchedulerStateDict, key: string, current: number[]): number[] {
  const v = sd[key];
  if (v === undefined) return current;
  if (!Array.isArray(v) || !v.every((x): x is number => typeof x === 'number')) {
    throw new TypeError(`scheduler state '${key}' must be a list of numbers`);
  }
  return v.slice();
}

/**
 * Base class of the epoch-driven schedulers. Subclasses set their own fields, then call
 * `init(lastEpoch, verbose)` (PyTorch's `super().__init__`), which takes the first step.
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: SchedulableOptimizer;
  /** The learning rates at the start (each group's `initialLr`). */
  baseLrs: number[] = [];
  /** Steps taken so far, minus one (0 right after construction). */
  lastEpoch = -1;
  /** Print a message for each update. */
  verbose = false;
  /** PyTorch's `_step_count`: step() calls, the constructor's included. */
  stepCount = 0;
  /** The learning rates the last step set (PyTorch's `_last_lr`); read with getLastLr(). */
  protected lastLr: number[] = [];
  /** True while step() runs getLr() (PyTorch's `_get_lr_called_within_step`). */
  protected getLrCalledWithinStep = false;

  protected constructor(optimizer: SchedulableOptimizer) {
    checkIsOptimizer(optimizer);
    this.optimizer = optimizer;
  }

  /** The optimizer's param groups. */
  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /** PyTorch's _LRScheduler.__init__: initial_lr, base_lrs, last_epoch, then the first step. */
  protected init(lastEpoch = -1, verbose = false): void {
    if (lastEpoch === -1) {
      for (const g of this.groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      this.groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new RangeError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = this.groups.map((g) => g.initialLr ?? g.lr);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
    this.initialStep();
  }

  /** Resets the step counters and takes the first step (PyTorch's `_initial_step`). */
  initialStep(): void {
    this.optimizer.stepCount = 0;
    this.stepCount = 0;
    this.step();
  }

  /** The learning rates of the current step (chainable form); called by step(). */
  abstract getLr(): number[];

  /** The closed form used by step(epoch), where PyTorch has one. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Warns as PyTorch does when getLr() is called outside step(). */
  protected warnIfOutsideStep(): void {
    if (!this.getLrCalledWithinStep) {
      console.warn('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
    }
  }

  /**
   * Advances one epoch (or jumps to `epoch`, PyTorch's deprecated form, using the closed form)
   * and writes the new learning rates into the optimizer's groups.
   */
  step(epoch?: number): void {
    if (this.stepCount === 1 && this.optimizer.stepCount < 1) {
      console.warn('Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should '
        + 'call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result '
        + 'in PyTorch skipping the first value of the learning rate schedule.');
    }
    this.stepCount += 1;
    let values: number[];
    this.getLrCalledWithinStep = true;
    try {
      if (epoch === undefined) {
        this.lastEpoch += 1;
        values = this.getLr();
      } else {
        this.lastEpoch = epoch;
        values = this.closedFormLr() ?? this.getLr();
      }
    } finally {
      this.getLrCalledWithinStep = false;
    }
    this.applyLrs(values, epoch);
  }

  /** Writes one learning rate per group into the optimizer and records them as the last ones. */
  protected applyLrs(values: readonly number[], epoch?: number): void {
    const n = Math.min(values.length, this.groups.length);
    for (let i = 0; i < n; i++) {
      this.groups[i]!.lr = values[i]!;
      this.printLr(i, values[i]!, epoch);
    }
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** With `verbose`, prints PyTorch's "Adjusting learning rate of group ..." line. */
  protected printLr(group: number, lr: number, epoch?: number): void {
    if (!this.verbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${sci4(lr)}.`);
    else console.log(`Epoch ${epochText(epoch)}: adjusting learning rate of group ${group} to ${sci4(lr)}.`);
  }

  /** The learning rates set by the last step(), one per group. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** The subclass's own fields under PyTorch's names. */
  protected ownState(): SchedulerStateDict {
    return {};
  }

  /** Restores the subclass's own fields from a state dict (keys absent stay as they are). */
  protected loadOwnState(_sd: SchedulerStateDict): void {}

  /**
   * PyTorch's scheduler state_dict: every attribute but the optimizer, under PyTorch's names
   * (functions are not saved: lambdas appear as null, as PyTorch does for plain functions).
   */
  stateDict(): SchedulerStateDict {
    return {
      ...this.ownState(),
      base_lrs: this.baseLrs.slice(),
      last_epoch: this.lastEpoch,
      verbose: this.verbose,
      _step_count: this.stepCount,
      _get_lr_called_within_step: this.getLrCalledWithinStep,
      _last_lr: this.lastLr.slice(),
    };
  }

  /** Restores the attributes a state dict holds (as PyTorch's `__dict__.update`). */
  loadStateDict(sd: SchedulerStateDict): void {
    const baseLrs = numbersOr(sd, 'base_lrs', this.baseLrs);
    const lastEpoch = numberOr(sd, 'last_epoch', this.lastEpoch);
    const stepCount = numberOr(sd, '_step_count', this.stepCount);
    const lastLr = numbersOr(sd, '_last_lr', this.lastLr);
    this.loadOwnState(sd); // validates its own keys before it assigns anything
    this.baseLrs = baseLrs;
    this.lastEpoch = lastEpoch;
    this.stepCount = stepCount;
    this.lastLr = lastLr;
    if (typeof sd.verbose === 'boolean') this.verbose = sd.verbose;
  }

  /** PyTorch-like repr: the class, `last_epoch` and the current learning rates. */
  toString(): string {
    return `${this.constructor.name}(last_epoch=${this.lastEpoch}, lr=[${this.lastLr.map(pyNumber).join(', ')}])`;
  }
}
