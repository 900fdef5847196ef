/** ConstantLR, LinearLR and PolynomialLR: factor schedules over a fixed number of iterations. */
import { schedulerArgs, type PositionalArgs } from '../args';
import { pyPow } from '../pow';
import { LRScheduler, numberOr, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict } from './base';

export interface ConstantLROptions extends SchedulerOptions {
  /** The factor applied until totalIters (default 1/3). */
  factor?: number;
  /** Number of steps the factor applies (default 5). */
  totalIters?: number;
}

/**
 * Multiplies the lr by a constant factor until totalIters (torch.optim.lr_scheduler.ConstantLR).
 * @example const sched = new lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  /** The factor applied until totalIters. */
  factor: number;
  /** Number of steps the factor applies. */
  totalIters: number;

  constructor(optimizer: SchedulableOptimizer, ...args: PositionalArgs<[factor: number, totalIters: number, lastEpoch: number, verbose: boolean], ConstantLROptions>) {
    const options = schedulerArgs<ConstantLROptions>('ConstantLR', ['factor', 'totalIters', 'lastEpoch', 'verbose'], { factor: 0, totalIters: 0, lastEpoch: 0, verbose: false }, [], args);
    const factor = options.factor ?? 1.0 / 3;
    if (factor > 1.0 || factor < 0) throw new RangeError('Constant multiplicative factor expected to be between 0 and 1.');
    super(optimizer);
    this.factor = factor;
    this.totalIters = options.totalIters ?? 5;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch > this.totalIters || this.lastEpoch !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const past = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((b) => b * (this.factor + past * (1 - this.factor)));
  }

  protected override ownState(): SchedulerStateDict {
    return { factor: this.factor, total_iters: this.totalIters };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const factor = numberOr(sd, 'factor', this.factor);
    this.totalIters = numberOr(sd, 'total_iters', this.totalIters);
    this.factor = factor;
  }
}

export interface LinearLROptions extends SchedulerOptions {
  /** Factor at the first step (default 1/3). */
  startFactor?: number;
  /** Factor reached at totalIters (default 1). */
  endFactor?: number;
  /** Number of steps of the linear change (default 5). */
  totalIters?: number;
}

/**
 * Changes the lr factor linearly from startFactor to endFactor (torch.optim.lr_scheduler.LinearLR).
 * @example const warmup = new lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  /** Factor at the first step. */
  startFactor: number;
  /** Factor reached at totalIters. */
  endFactor: number;
  /** Number of steps of the linear change. */
  totalIters: number;

  constructor(optimizer: SchedulableOptimizer, ...args: PositionalArgs<[startFactor: number, endFactor: number, totalIters: number, lastEpoch: number, verbose: boolean], LinearLROptions>) {
    const options = schedulerArgs<LinearLROptions>('LinearLR', ['startFactor', 'endFactor', 'totalIters', 'lastEpoch', 'verbose'], { startFactor: 0, endFactor: 0, totalIters: 0, lastEpoch: 0, verbose: false }, [], args);
    const startFactor = options.startFactor ?? 1.0 / 3;
    const endFactor = options.endFactor ?? 1.0;
    if (startFactor > 1.0 || startFactor < 0) throw new RangeError('Starting multiplicative factor expected to be between 0 and 1.');
    if (endFactor > 1.0 || endFactor < 0) throw new RangeError('Ending multiplicative factor expected to be between 0 and 1.');
    super(optimizer);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = options.totalIters ?? 5;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * s);
    if (this.lastEpoch > n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }

  protected override ownState(): SchedulerStateDict {
    return { start_factor: this.startFactor, end_factor: this.endFactor, total_iters: this.totalIters };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const s = numberOr(sd, 'start_factor', this.startFactor);
    const e = numberOr(sd, 'end_factor', this.endFactor);
    this.totalIters = numberOr(sd, 'total_iters', this.totalIters);
    this.startFactor = s;
    this.endFactor = e;
  }
}

export interface PolynomialLROptions extends SchedulerOptions {
  /** Number of steps of the decay (default 5). */
  totalIters?: number;
  /** Power of the polynomial (default 1). */
  power?: number;
}

/**
 * Decays the lr polynomially to 0 over totalIters (torch.optim.lr_scheduler.PolynomialLR).
 * @example const sched = new lrScheduler.PolynomialLR(opt, { totalIters: 100, power: 2 });
 */
export class PolynomialLR extends LRScheduler {
  /** Number of steps of the decay. */
  totalIters: number;
  /** Power of the polynomial. */
  power: number;

  constructor(optimizer: SchedulableOptimizer, ...args: PositionalArgs<[totalIters: number, power: number, lastEpoch: number, verbose: boolean], PolynomialLROptions>) {
    const options = schedulerArgs<PolynomialLROptions>('PolynomialLR', ['totalIters', 'power', 'lastEpoch', 'verbose'], { totalIters: 0, power: 0, lastEpoch: 0, verbose: false }, [], args);
    super(optimizer);
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1.0;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    if (this.lastEpoch === 0 || this.lastEpoch > this.totalIters) return this.groups.map((g) => g.lr);
    const n = this.totalIters;
    const decay = pyPow((1.0 - this.lastEpoch / n) / (1.0 - (this.lastEpoch - 1) / n), this.power);
    return this.groups.map((g) => g.lr * decay);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters, this.power));
  }

  protected override ownState(): SchedulerStateDict {
    return { total_iters: this.totalIters, power: this.power };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const n = numberOr(sd, 'total_iters', this.totalIters);
    this.power = numberOr(sd, 'power', this.power);
    this.totalIters = n;
  }
}
