/** StepLR, MultiStepLR and ExponentialLR: multiplicative decay at fixed epochs. */
import { schedulerArgs, type RequiredPositionalArgs } from '../args';
import { pyPow } from '../pow';
import {
  LRScheduler, bisectRight, numberOr, pyMod, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict,
} from './base';

export interface StepLROptions extends SchedulerOptions {
  /** Period of learning-rate decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the lr by gamma every stepSize epochs (torch.optim.lr_scheduler.StepLR).
 * @example const sched = new lrScheduler.StepLR(opt, { stepSize: 30, gamma: 0.1 });
 */
export class StepLR extends LRScheduler {
  /** Period of learning-rate decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of decay. */
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[stepSize: number, gamma: number, lastEpoch: number, verbose: boolean], StepLROptions>) {
    const options = schedulerArgs<StepLROptions>('StepLR', ['stepSize', 'gamma', 'lastEpoch', 'verbose'], { stepSize: 0, gamma: 0, lastEpoch: 0, verbose: false }, ['stepSize'], args);
    super(optimizer);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    if (this.lastEpoch === 0 || pyMod(this.lastEpoch, this.stepSize) !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }

  protected override ownState(): SchedulerStateDict {
    return { step_size: this.stepSize, gamma: this.gamma };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const stepSize = numberOr(sd, 'step_size', this.stepSize);
    this.gamma = numberOr(sd, 'gamma', this.gamma);
    this.stepSize = stepSize;
  }
}

export interface MultiStepLROptions extends SchedulerOptions {
  /** Epoch indices at which to decay (a milestone listed twice decays twice). */
  milestones: readonly number[];
  /** Multiplicative factor of decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the lr by gamma at each milestone (torch.optim.lr_scheduler.MultiStepLR).
 * @example const sched = new lrScheduler.MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone -> how many times it was listed (PyTorch's Counter). */
  milestones: Map<number, number>;
  /** Multiplicative factor of decay. */
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[milestones: readonly number[], gamma: number, lastEpoch: number, verbose: boolean], MultiStepLROptions>) {
    const options = schedulerArgs<MultiStepLROptions>('MultiStepLR', ['milestones', 'gamma', 'lastEpoch', 'verbose'], { milestones: [], gamma: 0, lastEpoch: 0, verbose: false }, ['milestones'], args);
    super(optimizer);
    this.milestones = new Map();
    for (const m of options.milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = options.gamma ?? 0.1;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * pyPow(this.gamma, count));
  }

  protected override closedFormLr(): number[] {
    const sorted: number[] = [];
    for (const [m, c] of this.milestones) for (let i = 0; i < c; i++) sorted.push(m);
    sorted.sort((a, b) => a - b);
    return this.baseLrs.map((b) => b * pyPow(this.gamma, bisectRight(sorted, this.lastEpoch)));
  }

  protected override ownState(): SchedulerStateDict {
    const counter: Record<string, number> = {};
    for (const [m, c] of this.milestones) counter[String(m)] = c;
    return { milestones: counter, gamma: this.gamma };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const gamma = numberOr(sd, 'gamma', this.gamma);
    const m = sd.milestones;
    if (m !== undefined) {
      if (typeof m !== 'object' || m === null) throw new TypeError("scheduler state 'milestones' must map milestones to counts");
      const next = new Map<number, number>();
      for (const [k, c] of Object.entries(m)) {
        if (typeof c !== 'number') throw new TypeError("scheduler state 'milestones' must map milestones to counts");
        next.set(Number(k), c);
      }
      this.milestones = next;
    }
    this.gamma = gamma;
  }
}

export interface ExponentialLROptions extends SchedulerOptions {
  /** Multiplicative factor of decay per epoch. */
  gamma: number;
}

/**
 * Multiplies the lr by gamma every epoch (torch.optim.lr_scheduler.ExponentialLR).
 * @example const sched = new lrScheduler.ExponentialLR(opt, { gamma: 0.9 });
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor of decay per epoch. */
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[gamma: number, lastEpoch: number, verbose: boolean], ExponentialLROptions>) {
    const options = schedulerArgs<ExponentialLROptions>('ExponentialLR', ['gamma', 'lastEpoch', 'verbose'], { gamma: 0, lastEpoch: 0, verbose: false }, ['gamma'], args);
    super(optimizer);
    this.gamma = options.gamma;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(this.gamma, this.lastEpoch));
  }

  protected override ownState(): SchedulerStateDict {
    return { gamma: this.gamma };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    this.gamma = numberOr(sd, 'gamma', this.gamma);
  }
}
