/** OneCycleLR: warm up to max_lr, then anneal far below the start (the 1cycle policy). */
import type { ParamGroup } from '../optimizer';
import { schedulerArgs, type RequiredPositionalArgs } from '../args';
import { LRScheduler, numberOr, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict } from './base';
import { hasOption, perGroup, setMomentum } from './momentum';

type LrKey = 'initialLr' | 'maxLr' | 'minLr';
type MomentumKey = 'maxMomentum' | 'baseMomentum';
interface Phase { endStep: number; startLr: LrKey; endLr: LrKey; startMomentum: MomentumKey; endMomentum: MomentumKey }

/** PyTorch's names for the group keys a phase refers to. */
const PY_KEY: Record<LrKey | MomentumKey, string> = {
  initialLr: 'initial_lr', maxLr: 'max_lr', minLr: 'min_lr', maxMomentum: 'max_momentum', baseMomentum: 'base_momentum',
};

export interface OneCycleLROptions extends SchedulerOptions {
  /** Peak learning rate, per group or for all. */
  maxLr: number | readonly number[];
  /** Total number of steps; or give epochs and stepsPerEpoch. */
  totalSteps?: number | null;
  /** Number of epochs; with stepsPerEpoch, gives totalSteps when that is not set. */
  epochs?: number | null;
  /** Steps per epoch; with epochs, gives totalSteps when that is not set. */
  stepsPerEpoch?: number | null;
  /** Fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear'. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's beta1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Lower momentum bound, reached at the peak lr, per group or for all (default 0.85). */
  baseMomentum?: number | readonly number[];
  /** Upper momentum bound, per group or for all (default 0.95). */
  maxMomentum?: number | readonly number[];
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** A third phase annihilating the lr (default false). */
  threePhase?: boolean;
}

function positiveInt(v: number | null | undefined): v is number {
  return typeof v === 'number' && v > 0 && Number.isInteger(v);
}

/**
 * torch.optim.lr_scheduler.OneCycleLR; step it after every batch, totalSteps times.
 * Arguments in PyTorch's order: `new OneCycleLR(opt, 0.1, 1000)` is the example below.
 * @example const sched = new lrScheduler.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1000 });
 */
export class OneCycleLR extends LRScheduler {
  /** Steps in the whole cycle; stepping past it throws. */
  totalSteps: number;
  /** Cosine or linear annealing between the phase bounds. */
  annealStrategy: 'cos' | 'linear';
  /** Whether momentum (or Adam's beta1) cycles inversely to the lr. */
  cycleMomentum: boolean;
  /** True when the cycled momentum is the optimizer's `betas[0]` (Adam-like optimizers). */
  useBeta1 = false;
  private readonly phases: Phase[];

  constructor(
    optimizer: SchedulableOptimizer,
    ...args: RequiredPositionalArgs<[maxLr: number | readonly number[], totalSteps: number | null, epochs: number | null, stepsPerEpoch: number | null,
      pctStart: number, annealStrategy: 'cos' | 'linear', cycleMomentum: boolean, baseMomentum: number | readonly number[],
      maxMomentum: number | readonly number[], divFactor: number, finalDivFactor: number, threePhase: boolean, lastEpoch: number, verbose: boolean], OneCycleLROptions>
  ) {
    // undefined: a value of more than one type (a number or one per group, a number or null).
    const options = schedulerArgs<OneCycleLROptions>('OneCycleLR',
      ['maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase', 'lastEpoch', 'verbose'],
      { maxLr: undefined, totalSteps: undefined, epochs: undefined, stepsPerEpoch: undefined, pctStart: 0, annealStrategy: '', cycleMomentum: true,
        baseMomentum: undefined, maxMomentum: undefined, divFactor: 0, finalDivFactor: 0, threePhase: false, lastEpoch: 0, verbose: false },
      ['maxLr'], args);
    super(optimizer);
    const { totalSteps = null, epochs = null, stepsPerEpoch = null, pctStart = 0.3, annealStrategy = 'cos', lastEpoch = -1 } = options;
    if (totalSteps === null && epochs === null && stepsPerEpoch === null) {
      throw new RangeError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    } else if (totalSteps !== null) {
      if (!positiveInt(totalSteps)) throw new RangeError(`Expected positive integer total_steps, but got ${String(totalSteps)}`);
      this.totalSteps = totalSteps;
    } else {
      if (!positiveInt(epochs)) throw new RangeError(`Expected positive integer epochs, but got ${String(epochs)}`);
      if (!positiveInt(stepsPerEpoch)) throw new RangeError(`Expected positive integer steps_per_epoch, but got ${String(stepsPerEpoch)}`);
      this.totalSteps = epochs * stepsPerEpoch;
    }
    const t = this.totalSteps;
    this.phases = options.threePhase
      ? [
        { endStep: pctStart * t - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: 2 * pctStart * t - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        { endStep: t - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
      ]
      : [
        { endStep: pctStart * t - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: t - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
      ];
    if (pctStart < 0 || pctStart > 1) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pctStart}`);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new RangeError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(annealStrategy)}`);
    }
    this.annealStrategy = annealStrategy;
    const groups = optimizer.paramGroups;
    const maxLrs = perGroup('max_lr', groups.length, options.maxLr);
    const divFactor = options.divFactor ?? 25.0, finalDivFactor = options.finalDivFactor ?? 1e4;
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / divFactor;
        g.maxLr = maxLrs[i]!;
        g.minLr = g.initialLr / finalDivFactor;
      });
    }
    this.cycleMomentum = options.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!hasOption(optimizer.defaults, 'momentum') && !hasOption(optimizer.defaults, 'betas')) {
        throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      this.useBeta1 = hasOption(optimizer.defaults, 'betas');
      const maxMomentums = perGroup('max_momentum', groups.length, options.maxMomentum ?? 0.95);
      const baseMomentums = perGroup('base_momentum', groups.length, options.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          setMomentum(g, maxMomentums[i]!, this.useBeta1);
          g.maxMomentum = maxMomentums[i]!;
          g.baseMomentum = baseMomentums[i]!;
        });
      }
    }
    this.init(lastEpoch, options.verbose);
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    const cosOut = Math.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cosOut;
  }

  /** Throws before stepping past totalSteps (PyTorch raises after counting the step). */
  override step(epoch?: number): void {
    const next = epoch ?? this.lastEpoch + 1;
    if (next > this.totalSteps) {
      throw new RangeError(`Tried to step ${next + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    super.step(epoch);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    const stepNum = this.lastEpoch;
    const key = (g: ParamGroup, k: LrKey | MomentumKey): number => {
      const v = g[k];
      if (v === undefined) throw new RangeError(`param group has no '${PY_KEY[k]}'`);
      return v;
    };
    return this.groups.map((group) => {
      let startStep = 0;
      let lr = NaN, momentum = NaN;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]!;
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = this.anneal(key(group, phase.startLr), key(group, phase.endLr), pct);
          if (this.cycleMomentum) momentum = this.anneal(key(group, phase.startMomentum), key(group, phase.endMomentum), pct);
          break;
        }
        startStep = phase.endStep;
      }
      if (this.cycleMomentum) setMomentum(group, momentum, this.useBeta1);
      return lr;
    });
  }

  protected override ownState(): SchedulerStateDict {
    return {
      total_steps: this.totalSteps,
      _schedule_phases: this.phases.map((p) => ({
        end_step: p.endStep, start_lr: PY_KEY[p.startLr], end_lr: PY_KEY[p.endLr],
        start_momentum: PY_KEY[p.startMomentum], end_momentum: PY_KEY[p.endMomentum],
      })),
      anneal_func: this.annealStrategy,
      cycle_momentum: this.cycleMomentum,
      use_beta1: this.useBeta1,
    };
  }

  protected override loadOwnState(sd: SchedulerStateDict): void {
    const totalSteps = numberOr(sd, 'total_steps', this.totalSteps);
    if (sd.anneal_func === 'cos' || sd.anneal_func === 'linear') this.annealStrategy = sd.anneal_func;
    if (typeof sd.cycle_momentum === 'boolean') this.cycleMomentum = sd.cycle_momentum;
    if (typeof sd.use_beta1 === 'boolean') this.useBeta1 = sd.use_beta1;
    this.totalSteps = totalSteps;
  }
}
