/**
 * torch.optim.lr_scheduler: learning-rate schedules driven by step(), with PyTorch's
 * chainable formulas (so the floats match) and PyTorch's state dicts.
 * @example
 * const sched = new lrScheduler.StepLR(opt, { stepSize: 3, gamma: 0.5 });
 * for (let epoch = 0; epoch < 10; epoch++) { train(); opt.step(); sched.step(); }
 */
export {
  LRScheduler, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict,
} from './base';
export { LambdaLR, MultiplicativeLR, type LambdaLROptions, type LrLambda } from './lambda';
export {
  StepLR, MultiStepLR, ExponentialLR, type StepLROptions, type MultiStepLROptions, type ExponentialLROptions,
} from './step';
export {
  ConstantLR, LinearLR, PolynomialLR, type ConstantLROptions, type LinearLROptions, type PolynomialLROptions,
} from './factor';
export {
  CosineAnnealingLR, CosineAnnealingWarmRestarts, type CosineAnnealingLROptions, type CosineAnnealingWarmRestartsOptions,
} from './cosine';
export { CyclicLR, type CyclicLROptions, type CyclicMode } from './cyclic';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './plateau';
export { SequentialLR, ChainedScheduler, type SequentialLROptions } from './composite';
