/** ReduceLROnPlateau: cut the lr when a metric stops improving. */
import { schedulerArgs, type PositionalArgs } from '../args';
import { Tensor } from '@torchlet/core';
import {
  checkIsOptimizer, epochText, numberOr, numbersOr, sci4, type SchedulableOptimizer, type SchedulerStateDict,
} from './base';
import { perGroup } from './momentum';

/** ReduceLROnPlateau's options (PyTorch's keyword arguments, camelCased). */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should decrease; 'max': increase (default 'min'). */
  mode?: 'min' | 'max';
  /** New lr = lr * factor (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before cutting (default 10). */
  patience?: number;
  /** Minimal change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default) or 'abs' comparison with the best value. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a cut before counting again (default 0). */
  cooldown?: number;
  /** Lower bound on the lr, per group or for all (default 0). */
  minLr?: number | readonly number[];
  /** Cuts smaller than eps are skipped (default 1e-8). */
  eps?: number;
  /** Print a message for each cut (default false). */
  verbose?: boolean;
}

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau: `step(metric)` after each validation.
 * @example
 * const sched = new lrScheduler.ReduceLROnPlateau(opt, { mode: 'min', patience: 5, factor: 0.5 });
 * sched.step(valLoss);
 */
export class ReduceLROnPlateau {
  /** The optimizer whose groups' `lr` this scheduler cuts. */
  readonly optimizer: SchedulableOptimizer;
  /** New lr = lr * factor. */
  factor: number;
  /** Lower bound on the lr, per group (`min_lrs`). */
  minLrs: number[];
  /** Epochs without improvement tolerated before cutting. */
  patience: number;
  /** Print a message for each cut. */
  verbose: boolean;
  /** Epochs to wait after a cut before counting again. */
  cooldown: number;
  /** Cooldown epochs left (`cooldown_counter`). */
  cooldownCounter = 0;
  /** 'min': the metric should decrease; 'max': increase. */
  mode: 'min' | 'max' = 'min';
  /** Minimal change that counts as an improvement. */
  threshold = 1e-4;
  /** Relative or absolute comparison with the best value. */
  thresholdMode: 'rel' | 'abs' = 'rel';
  /** The best metric value so far. */
  best = Infinity;
  /** Epochs since the last improvement (`num_bad_epochs`). */
  numBadEpochs = 0;
  /** The worst value for the mode: Infinity for 'min', -Infinity for 'max' (`mode_worse`). */
  modeWorse = Infinity;
  /** Cuts smaller than eps are skipped. */
  eps: number;
  /** The epoch of the last step(). */
  lastEpoch = 0;
  private lastLr: number[] | null = null;

  constructor(
    optimizer: SchedulableOptimizer,
    ...args: PositionalArgs<[mode: 'min' | 'max', factor: number, patience: number, threshold: number, thresholdMode: 'rel' | 'abs',
      cooldown: number, minLr: number | readonly number[], eps: number, verbose: boolean], ReduceLROnPlateauOptions>
  ) {
    const options = schedulerArgs<ReduceLROnPlateauOptions>('ReduceLROnPlateau',
      ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps', 'verbose'],
      { mode: '', factor: 0, patience: 0, threshold: 0, thresholdMode: '', cooldown: 0, minLr: undefined, eps: 0, verbose: false }, [], args);
    const factor = options.factor ?? 0.1;
    if (factor >= 1.0) throw new RangeError('Factor should be < 1.0.');
    checkIsOptimizer(optimizer);
    this.factor = factor;
    this.optimizer = optimizer;
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (typeof minLr !== 'number' && minLr.length !== n) throw new RangeError(`expected ${n} min_lrs, got ${minLr.length}`);
    this.minLrs = perGroup('min_lr', n, minLr);
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? false;
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    this.initIsBetter(options.mode ?? 'min', options.threshold ?? 1e-4, options.thresholdMode ?? 'rel');
    this.reset();
  }

  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  /** Records a metric value (a number or a one-element tensor) and cuts the lr if it plateaued. */
  step(metrics: number | Tensor, epoch?: number): void {
    const current = metrics instanceof Tensor ? metrics.item() : Number(metrics);
    const e = epoch ?? this.lastEpoch + 1;
    this.lastEpoch = e;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(e);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const oldLr = g.lr;
      const scaled = oldLr * this.factor, floor = this.minLrs[i]!;
      const newLr = floor > scaled ? floor : scaled; // Python's max(old_lr * factor, min_lr)
      if (oldLr - newLr > this.eps) {
        g.lr = newLr;
        if (this.verbose) console.log(`Epoch ${epochText(epoch)}: reducing learning rate of group ${i} to ${sci4(newLr)}.`);
      }
    });
  }

  /** True while cooldown epochs remain. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether `a` improves on `best` by more than the threshold, under mode and thresholdMode. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min' && this.thresholdMode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.thresholdMode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  private initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new RangeError('mode ' + mode + ' is unknown!');
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new RangeError('threshold mode ' + thresholdMode + ' is unknown!');
    this.modeWorse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** The learning rates after the last step() (the groups' current ones before any). */
  getLastLr(): number[] {
    return this.lastLr?.slice() ?? this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** PyTorch's state_dict: every attribute but the optimizer, under PyTorch's names. */
  stateDict(): SchedulerStateDict {
    const sd: SchedulerStateDict = {
      factor: this.factor, min_lrs: this.minLrs.slice(), patience: this.patience, verbose: this.verbose,
      cooldown: this.cooldown, cooldown_counter: this.cooldownCounter, mode: this.mode, threshold: this.threshold,
      threshold_mode: this.thresholdMode, best: this.best, num_bad_epochs: this.numBadEpochs,
      mode_worse: this.modeWorse, eps: this.eps, last_epoch: this.lastEpoch,
    };
    if (this.lastLr !== null) sd._last_lr = this.lastLr.slice();
    return sd;
  }

  /** Restores the attributes a state dict holds (keys absent stay as they are). */
  loadStateDict(sd: SchedulerStateDict): void {
    const mode = sd.mode === 'min' || sd.mode === 'max' ? sd.mode : this.mode;
    const thresholdMode = sd.threshold_mode === 'rel' || sd.threshold_mode === 'abs' ? sd.threshold_mode : this.thresholdMode;
    const next = {
      factor: numberOr(sd, 'factor', this.factor), minLrs: numbersOr(sd, 'min_lrs', this.minLrs),
      patience: numberOr(sd, 'patience', this.patience), cooldown: numberOr(sd, 'cooldown', this.cooldown),
      cooldownCounter: numberOr(sd, 'cooldown_counter', this.cooldownCounter), best: numberOr(sd, 'best', this.best),
      numBadEpochs: numberOr(sd, 'num_bad_epochs', this.numBadEpochs), eps: numberOr(sd, 'eps', this.eps),
      lastEpoch: numberOr(sd, 'last_epoch', this.lastEpoch), threshold: numberOr(sd, 'threshold', this.threshold),
    };
    const lastLr = sd._last_lr === undefined ? this.lastLr : numbersOr(sd, '_last_lr', []);
    Object.assign(this, next);
    this.lastLr = lastLr;
    if (typeof sd.verbose === 'boolean') this.verbose = sd.verbose;
    this.initIsBetter(mode, next.threshold, thresholdMode);
  }
}
