/**
 * @torchlet/optim: torch.optim's optimizers and learning-rate schedulers, following PyTorch's
 * update order so that a ported training run follows the same trajectory.
 * @example
 * import { SGD, lrScheduler } from '@torchlet/optim';
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const sched = new lrScheduler.StepLR(opt, { stepSize: 30, gamma: 0.1 });
 */
export {
  Optimizer, checkOption, type BaseOptions, type Loss, type ParamGroup, type ParamGroupInput, type ParamsInput,
  type SchedulerGroupKeys,
} from './optimizer';
export type { OptimizerStateDict, ParamState, StateDictEntry, StateValue } from './state';
export { SGD, type SGDOptions, type SGDState } from './sgd';
export { Adam, AdamW, type AdamOptions, type AdamState } from './adam';
export { RMSprop, type RMSpropOptions, type RMSpropState } from './rmsprop';
export { Adagrad, type AdagradOptions, type AdagradState } from './adagrad';
export { Adamax, type AdamaxOptions, type AdamaxState } from './adamax';
export { NAdam, type NAdamOptions, type NAdamState } from './nadam';
export { RAdam, type RAdamOptions, type RAdamState } from './radam';
export { LBFGS, type LBFGSOptions, type LBFGSState } from './lbfgs';
export { Adadelta, type AdadeltaOptions, type AdadeltaState } from './adadelta';
export { ASGD, type ASGDOptions, type ASGDState } from './asgd';
export { Rprop, type RpropOptions, type RpropState } from './rprop';
export { SparseAdam, type SparseAdamOptions, type SparseAdamState } from './sparse-adam';
export * as lrScheduler from './lr-scheduler/index';
