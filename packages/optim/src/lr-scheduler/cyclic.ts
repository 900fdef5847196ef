/** CyclicLR: the learning rate (and momentum) cycling between two bounds. */
import { pyPow } from '../pow';
import { schedulerArgs, type RequiredPositionalArgs } from '../args';
import {
  LRScheduler, numberOr, numbersOr, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict,
} from './base';
import { hasOption, perGroup, setMomentum } from './momentum';

/** CyclicLR's amplitude policies: constant, halved each cycle, or scaled by gamma ** iteration. */
export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

export interface CyclicLROptions extends SchedulerOptions {
  /** Lower bound of the cycle, per group or for all. */
  baseLr: number | readonly number[];
  /** Upper bound of the cycle, per group or for all. */
  maxLr: number | readonly number[];
  /** Iterations in the increasing half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Iterations in the decreasing half (default stepSizeUp). */
  stepSizeDown?: number | null;
  /** Amplitude policy (default 'triangular'); ignored when scaleFn is given. */
  mode?: CyclicMode;
  /** Base of 'exp_range': gamma ** iterations (default 1). */
  gamma?: number;
  /** A custom amplitude scaling, of the cycle number or the iteration (see scaleMode). */
  scaleFn?: ((x: number) => number) | null;
  /** What scaleFn receives: 'cycle' or 'iterations' (default 'cycle'). */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle momentum inversely to the lr (default true; needs an optimizer with momentum). */
  cycleMomentum?: boolean;
  /** Lower momentum bound, per group or for all (default 0.8). */
  baseMomentum?: number | readonly number[];
  /** Upper momentum bound, per group or for all (default 0.9). */
  maxMomentum?: number | readonly number[];
}

/**
 * torch.optim.lr_scheduler.CyclicLR; step it after every batch.
 * Arguments in PyTorch's order: `new CyclicLR(opt, 0.01, 0.1, 100)` is the example below.
 * @example const sched = new lrScheduler.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 100 });
 */
export class CyclicLR extends LRScheduler {
  /** Upper learning-rate bound per group (`max_lrs`). */
  maxLrs: number[];
  /** Iterations per cycle: stepSizeUp + stepSizeDown. */
  totalSize: number;
  /** Fraction of a cycle spent increasing: stepSizeUp / totalSize. */
  stepRatio: number;
  /** The amplitude policy ('triangular', 'triangular2' or 'exp_range'). */
  mode: string;
  /** Base of 'exp_range'. */
  gamma: number;
  /** What the scaling function receives: the cycle number or the iteration. */
  scaleMode: 'cycle' | 'iterations';
  /** Whether momentum cycles inversely to the learning rate. */
  cycleMomentum: boolean;
  /** Lower momentum bound per group (empty without cycleMomentum). */
  baseMomentums: number[] = [];
  /** Upper momentum bound per group (empty without cycleMomentum). */
  maxMomentums: number[] = [];
  private readonly scaleFnCustom: ((x: number) => number) | null;

  constructor(
    optimizer: SchedulableOptimizer,
    ...args: RequiredPositionalArgs<[baseLr: number | readonly number[], maxLr: number | readonly number[], stepSizeUp: number,
      stepSizeDown: number | null, mode: CyclicMode, gamma: number, scaleFn: ((x: number) => number) | null, scaleMode: 'cycle' | 'iterations',
      cycleMomentum: boolean, baseMomentum: number | readonly number[], maxMomentum: number | readonly number[], lastEpoch: number, verbose: boolean], CyclicLROptions>
  ) {
    // undefined: a value of more than one type (a number or one per group, a function or null).
    const options = schedulerArgs<CyclicLROptions>('CyclicLR',
      ['baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'lastEpoch', 'verbose'],
      { baseLr: undefined, maxLr: undefined, stepSizeUp: 0, stepSizeDown: undefined, mode: '', gamma: 0, scaleFn: undefined, scaleMode: '',
        cycleMomentum: true, baseMomentum: undefined, maxMomentum: undefined, lastEpoch: 0, verbose: false },
      ['baseLr', 'maxLr'], args);
    super(optimizer);
    const { lastEpoch = -1, mode = 'triangular', gamma = 1.0, scaleFn = null, cycleMomentum = true } = options;
    const n = optimizer.paramGroups.length;
    const baseLrs = perGroup('base_lr', n, options.baseLr);
    if (lastEpoch === -1) baseLrs.forEach((lr, i) => { optimizer.paramGroups[i]!.lr = lr; });
    this.maxLrs = perGroup('max_lr', n, options.maxLr);
    const up = options.stepSizeUp ?? 2000;
    const down = options.stepSizeDown ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) {
      throw new RangeError('mode is invalid and scale_fn is None');
    }
    this.mode = mode;
    this.gamma = gamma;
    this.scaleFnCustom = scaleFn;
    this.scaleMode = scaleFn === null ? (mode === 'exp_range' ? 'iterations' : 'cycle') : (options.scaleMode ?? 'cycle');
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) {
      if (!hasOption(optimizer.defaults, 'momentum')) throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      const baseMomentums = perGroup('base_momentum', n, options.baseMomentum ?? 0.8);
      if (lastEpoch === -1) baseMomentums.forEach((m, i) => setMomentum(optimizer.paramGroups[i]!, m, false));
      this.baseMomentums = optimizer.paramGroups.map((g) => Number(Reflect.get(g, 'momentum')));
      this.maxMomentums = perGroup('max_momentum', n, options.maxMomentum ?? 0.9);
    }
    this.init(lastEpoch, options.verbose);
    this.baseLrs = baseLrs;
  }

  /** The amplitude scaling at `x` (cycle number or iteration). */
  scaleFn(x: number): number {
    if (this.scaleFnCustom !== null) return this.scaleFnCustom(x);
    if (this.mode === 'triangular2') return 1 / pyPow(2.0, x - 1);
    if (this.mode === 'exp_range') return pyPow(this.gamma, x);
    return 1.0;
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const at = this.scaleMode === 'cycle' ? cycle : this.lastEpoch;
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i]! - base) * scaleFactor * this.scaleFn(at));
    if (this.cycleMomentum) {
      this.baseMomentums.forEach((base, i) => {
        const max = this.maxMomentums[i]!;
        const group = this.groups[i];
        if (group !== undefined) setMomentum(group, max - (max - base) * scaleFactor * this.scaleFn(at), false);
      });
    }
    return lrs;
  }

  protected override ownState(): SchedulerStateDict {
    const sd: SchedulerStateDict = {
      max_lrs: this.maxLrs.slice(), total_size: this.totalSize, step_ratio: this.stepRatio, mode: this.mode,
      gamma: this.gamma, _scale_fn_custom: null, scale_mode: this.scaleMode, cycle_momentum: this.cycleMomentum,
    };
    // PyTorch sets these attributes only when momentum cycles.
    if (this.cycleMomentum) Object.assign(sd, { base_momentums: this.baseMomentums.slice(), max_momentums: this.maxMomentums.slice() });
    return sd;
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const maxLrs = numbersOr(sd, 'max_lrs', this.maxLrs);
    const totalSize = numberOr(sd, 'total_size', this.totalSize), stepRatio = numberOr(sd, 'step_ratio', this.stepRatio);
    const gamma = numberOr(sd, 'gamma', this.gamma);
    const baseMomentums = numbersOr(sd, 'base_momentums', this.baseMomentums);
    const maxMomentums = numbersOr(sd, 'max_momentums', this.maxMomentums);
    if (typeof sd.mode === 'string') this.mode = sd.mode;
    if (sd.scale_mode === 'cycle' || sd.scale_mode === 'iterations') this.scaleMode = sd.scale_mode;
    if (typeof sd.cycle_momentum === 'boolean') this.cycleMomentum = sd.cycle_momentum;
    Object.assign(this, { maxLrs, totalSize, stepRatio, gamma, baseMomentums, maxMomentums });
  }
}
