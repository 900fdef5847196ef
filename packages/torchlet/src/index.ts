/**
 * torchlet: the umbrella package, one `torch`-like namespace.
 * @example
 * import * as torch from 'torchlet';
 * torch.manualSeed(0);
 * const model = new torch.nn.Linear(2, 3);
 * const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
 */
export * from '@torchlet/core';
export * as nn from '@torchlet/nn';
export * as optim from '@torchlet/optim';
export * as trainer from '@torchlet/trainer';
export * as utils from './utils';
