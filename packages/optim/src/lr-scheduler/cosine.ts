/** CosineAnnealingLR and CosineAnnealingWarmRestarts (SGDR). */
import { schedulerArgs, type RequiredPositionalArgs } from '../args';
import { pyPow } from '../pow';
import { LRScheduler, numberOr, pyMod, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict } from './base';

export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** Half-period of the cosine, in epochs (PyTorch's T_max). */
  tMax: number;
  /** Minimum learning rate (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing from each group's initial lr to etaMin over tMax epochs, in PyTorch's
 * recursive (chainable) form (torch.optim.lr_scheduler.CosineAnnealingLR).
 * @example const sched = new lrScheduler.CosineAnnealingLR(opt, { tMax: 50, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half-period of the cosine, in epochs (PyTorch's `T_max`). */
  tMax: number;
  /** Minimum learning rate (`eta_min`). */
  etaMin: number;

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[tMax: number, etaMin: number, lastEpoch: number, verbose: boolean], CosineAnnealingLROptions>) {
    const options = schedulerArgs<CosineAnnealingLROptions>('CosineAnnealingLR', ['tMax', 'etaMin', 'lastEpoch', 'verbose'], { tMax: 0, etaMin: 0, lastEpoch: 0, verbose: false }, ['tMax'], args);
    super(optimizer);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    const { tMax: T, etaMin: eta, lastEpoch: e } = this;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((b) => eta + ((b - eta) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    if (pyMod(e - 1 - T, 2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i]! - eta) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this.groups.map((g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - eta) + eta);
  }

  protected override closedFormLr(): number[] {
    const { tMax: T, etaMin: eta } = this;
    return this.baseLrs.map((b) => eta + ((b - eta) * (1 + Math.cos((Math.PI * this.lastEpoch) / T))) / 2);
  }

  protected override ownState(): SchedulerStateDict {
    return { T_max: this.tMax, eta_min: this.etaMin };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const tMax = numberOr(sd, 'T_max', this.tMax);
    this.etaMin = numberOr(sd, 'eta_min', this.etaMin);
    this.tMax = tMax;
  }
}

export interface CosineAnnealingWarmRestartsOptions extends SchedulerOptions {
  /** Epochs until the first restart (PyTorch's T_0), a positive integer. */
  t0: number;
  /** Factor growing the period after each restart (PyTorch's T_mult), an integer >= 1 (default 1). */
  tMult?: number;
  /** Minimum learning rate (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing with warm restarts (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts).
 * step() may be given a fractional epoch, e.g. `sched.step(epoch + i / iters)`.
 * @example const sched = new lrScheduler.CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 2 });
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** Epochs until the first restart (`T_0`). */
  t0: number;
  /** Length of the current period (`T_i`). */
  tI: number;
  /** Factor growing the period after each restart (`T_mult`). */
  tMult: number;
  /** Minimum learning rate (`eta_min`). */
  etaMin: number;
  /** Epochs since the last restart, possibly fractional (`T_cur`). */
  tCur: number;

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[t0: number, tMult: number, etaMin: number, lastEpoch: number, verbose: boolean], CosineAnnealingWarmRestartsOptions>) {
    const options = schedulerArgs<CosineAnnealingWarmRestartsOptions>('CosineAnnealingWarmRestarts', ['t0', 'tMult', 'etaMin', 'lastEpoch', 'verbose'], { t0: 0, tMult: 0, etaMin: 0, lastEpoch: 0, verbose: false }, ['t0'], args);
    const { t0, tMult = 1, etaMin = 0, lastEpoch = -1 } = options;
    if (t0 <= 0 || !Number.isInteger(t0)) throw new RangeError(`Expected positive integer T_0, but got ${t0}`);
    if (tMult < 1 || !Number.isInteger(tMult)) throw new RangeError(`Expected integer T_mult >= 1, but got ${tMult}`);
    super(optimizer);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tCur = lastEpoch;
    this.init(lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    const eta = this.etaMin;
    return this.baseLrs.map((b) => eta + ((b - eta) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2);
  }

  /** One epoch on, or to `epoch` (may be fractional). Unlike the others, this does not count steps (as PyTorch). */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = pyMod(epoch, this.t0);
        } else {
          const n = Math.trunc(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.tCur = epoch - (this.t0 * (pyPow(this.tMult, n) - 1)) / (this.tMult - 1);
          this.tI = this.t0 * pyPow(this.tMult, n);
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    let values: number[];
    this.getLrCalledWithinStep = true;
    try {
      values = this.getLr();
    } finally {
      this.getLrCalledWithinStep = false;
    }
    this.applyLrs(values, epoch);
  }

  protected override ownState(): SchedulerStateDict {
    return { T_0: this.t0, T_i: this.tI, T_mult: this.tMult, eta_min: this.etaMin, T_cur: this.tCur };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const t0 = numberOr(sd, 'T_0', this.t0), tI = numberOr(sd, 'T_i', this.tI), tMult = numberOr(sd, 'T_mult', this.tMult);
    const etaMin = numberOr(sd, 'eta_min', this.etaMin);
    this.tCur = numberOr(sd, 'T_cur', this.tCur);
    this.t0 = t0;
    this.tI = tI;
    this.tMult = tMult;
    this.etaMin = etaMin;
  }
}
