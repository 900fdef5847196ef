/**
 * torch.nn.functional: the functional form of every layer and loss.
 * @example
 * import { functional as F } from '@torchlet/nn';
 * const loss = F.nllLoss(F.logSoftmax(zOut, 1), y);
 */
export * from './activation';
export * from './activation-extra';
export * from './loss';
export * from './loss-extra';
export * from './ctc';
export * from './layers';
export * from './norm-extra';
export * from './dropout-extra';
export * from './embedding-bag';
export * from './distance';
export * from './pool';
export * from './interpolate';
export * from './conv';
export * from './attention';
