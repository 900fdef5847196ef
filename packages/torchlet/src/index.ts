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
// torch.save / torch.load: PyTorch's zip checkpoint format (safetensors stays nn.save / nn.load)
export { torchSave as save, torchLoad as load } from '@torchlet/nn';
export * as optim from '@torchlet/optim';
export * as trainer from '@torchlet/trainer';
export * as utils from './utils';
