/** LambdaLR and MultiplicativeLR: learning rates from user functions of the epoch. */
import { schedulerArgs, type RequiredPositionalArgs } from '../args';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict } from './base';

/** A function of the epoch index. */
export type LrLambda = (epoch: number) => number;

export interface LambdaLROptions extends SchedulerOptions {
  /** One function for all groups, or one per group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

function lambdasFor(optimizer: SchedulableOptimizer, lrLambda: LrLambda | readonly LrLambda[]): LrLambda[] {
  const n = optimizer.paramGroups.length;
  if (typeof lrLambda === 'function') return new Array<LrLambda>(n).fill(lrLambda);
  if (lrLambda.length !== n) throw new RangeError(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
  return lrLambda.slice();
}

/**
 * lr = initialLr * lrLambda(epoch) (torch.optim.lr_scheduler.LambdaLR).
 * @example const sched = new lrScheduler.LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 */
export class LambdaLR extends LRScheduler {
  /** One factor function per group (`lr_lambdas`). */
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[lrLambda: LambdaLROptions['lrLambda'], lastEpoch: number, verbose: boolean], LambdaLROptions>) {
    const options = schedulerArgs<LambdaLROptions>('LambdaLR', ['lrLambda', 'lastEpoch', 'verbose'], { lrLambda: undefined, lastEpoch: 0, verbose: false }, ['lrLambda'], args);
    super(optimizer);
    this.lrLambdas = lambdasFor(optimizer, options.lrLambda);
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    return this.lrLambdas.map((f, i) => this.baseLrs[i]! * f(this.lastEpoch));
  }

  /** Functions are not saved (PyTorch saves None for plain functions). */
  protected override ownState(): SchedulerStateDict {
    return { lr_lambdas: this.lrLambdas.map(() => null) };
  }
}

/**
 * lr = previous lr * lrLambda(epoch), from the second step on (torch.optim.lr_scheduler.MultiplicativeLR).
 * @example const sched = new lrScheduler.MultiplicativeLR(opt, { lrLambda: () => 0.95 });
 */
export class MultiplicativeLR extends LRScheduler {
  /** One factor function per group (`lr_lambdas`). */
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: SchedulableOptimizer, ...args: RequiredPositionalArgs<[lrLambda: LambdaLROptions['lrLambda'], lastEpoch: number, verbose: boolean], LambdaLROptions>) {
    const options = schedulerArgs<LambdaLROptions>('MultiplicativeLR', ['lrLambda', 'lastEpoch', 'verbose'], { lrLambda: undefined, lastEpoch: 0, verbose: false }, ['lrLambda'], args);
    super(optimizer);
    this.lrLambdas = lambdasFor(optimizer, options.lrLambda);
    this.init(options.lastEpoch, options.verbose);
  }

  getLr(): number[] {
    this.warnIfOutsideStep();
    if (this.lastEpoch > 0) return this.lrLambdas.map((f, i) => this.groups[i]!.lr * f(this.lastEpoch));
    return this.groups.map((g) => g.lr);
  }

  protected override ownState(): SchedulerStateDict {
    return { lr_lambdas: this.lrLambdas.map(() => null) };
  }
}
