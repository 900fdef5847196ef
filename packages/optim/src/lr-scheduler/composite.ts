/** SequentialLR and ChainedScheduler: schedulers combined in time or multiplied together. */
import { schedulerArgs, type RequiredPositionalArgs } from '../args';
import { LRScheduler, bisectRight, numberOr, numbersOr, type SchedulableOptimizer, type SchedulerStateDict } from './base';

function subStates(sd: SchedulerStateDict, n: number): SchedulerStateDict[] | null {
  const s = sd._schedulers;
  if (s === undefined) return null;
  if (!Array.isArray(s) || s.length !== n || !s.every((x): x is SchedulerStateDict => typeof x === 'object' && x !== null)) {
    throw new TypeError(`scheduler state '_schedulers' must hold ${n} state dicts`);
  }
  return s;
}

/** SequentialLR's options (PyTorch's keyword arguments, camelCased). */
export interface SequentialLROptions {
  /** The schedulers, in the order they take over. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than schedulers). */
  milestones: readonly number[];
  /** The index of the last epoch when resuming (default -1). */
  lastEpoch?: number;
  /** Print a message for each update (default false). */
  verbose?: boolean;
}

/**
 * Runs schedulers one after another, switching at the milestones (torch.optim.lr_scheduler.SequentialLR).
 * @example
 * const warmup = new lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new lrScheduler.ExponentialLR(opt, { gamma: 0.9 });
 * const sched = new lrScheduler.SequentialLR(opt, { schedulers: [warmup, decay], milestones: [5] });
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers, in the order they take over. */
  readonly schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  milestones: number[];

  constructor(
    optimizer: SchedulableOptimizer,
    ...args: RequiredPositionalArgs<[schedulers: readonly LRScheduler[], milestones: readonly number[], lastEpoch: number, verbose: boolean], SequentialLROptions>
  ) {
    const options = schedulerArgs<SequentialLROptions>('SequentialLR', ['schedulers', 'milestones', 'lastEpoch', 'verbose'],
      { schedulers: undefined, milestones: [], lastEpoch: 0, verbose: false }, ['schedulers', 'milestones'], args);
    super(optimizer);
    const { schedulers, milestones, lastEpoch = -1 } = options;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new RangeError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      }
      if (s.optimizer !== schedulers[0]!.optimizer) {
        throw new RangeError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different.`);
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError('Sequential Schedulers expects number of schedulers provided to be one more than the number of '
        + `milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`);
    }
    this.schedulers = schedulers.slice();
    this.milestones = milestones.slice();
    this.lastEpoch = lastEpoch + 1;
    for (const g of optimizer.paramGroups) g.lr = g.initialLr ?? g.lr;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0]!.initialStep();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  getLr(): number[] {
    throw new Error('SequentialLR has no get_lr(): its schedulers compute the learning rates');
  }

  override step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    return {
      _milestones: this.milestones.slice(), last_epoch: this.lastEpoch, _last_lr: this.lastLr.slice(),
      _schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    const subs = subStates(sd, this.schedulers.length);
    const milestones = numbersOr(sd, '_milestones', this.milestones);
    const lastEpoch = numberOr(sd, 'last_epoch', this.lastEpoch);
    const lastLr = numbersOr(sd, '_last_lr', this.lastLr);
    subs?.forEach((s, i) => this.schedulers[i]!.loadStateDict(s));
    this.milestones = milestones;
    this.lastEpoch = lastEpoch;
    this.lastLr = lastLr;
  }
}

/**
 * Steps every scheduler at each step, so their factors multiply (torch.optim.lr_scheduler.ChainedScheduler).
 * @example
 * const sched = new lrScheduler.ChainedScheduler([
 *   new lrScheduler.ConstantLR(opt, { factor: 0.1, totalIters: 2 }),
 *   new lrScheduler.ExponentialLR(opt, { gamma: 0.9 }),
 * ]);
 */
export class ChainedScheduler extends LRScheduler {
  /** The schedulers stepped together at each step. */
  readonly schedulers: LRScheduler[];

  constructor(schedulers: readonly LRScheduler[]) {
    const first = schedulers[0];
    if (first === undefined) throw new RangeError('ChainedScheduler expects at least one scheduler');
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i]!.optimizer !== first.optimizer) {
        throw new RangeError(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
      }
    }
    super(first.optimizer);
    this.schedulers = schedulers.slice();
    this.lastLr = this.groups.map((g) => g.lr);
  }

  getLr(): number[] {
    throw new Error('ChainedScheduler has no get_lr(): its schedulers compute the learning rates');
  }

  override step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.groups.map((g) => g.lr);
  }

  override stateDict(): SchedulerStateDict {
    return { _last_lr: this.lastLr.slice(), _schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    const subs = subStates(sd, this.schedulers.length);
    const lastLr = numbersOr(sd, '_last_lr', this.lastLr);
    subs?.forEach((s, i) => this.schedulers[i]!.loadStateDict(s));
    this.lastLr = lastLr;
  }
}
