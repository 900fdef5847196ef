/**
 * torch.nn.functional: the functional form of every layer and loss.
 * @example
 * import { functional as F } from '@torchlet/nn';
 * const loss = F.nllLoss(F.logSoftmax(zOut, 1), y);
 */
export * from './activation';
export * from './loss';
export * from './layers';
