/**
 * torchlet: the umbrella package, one `torch`-like namespace.
 * @example
 * import * as torch from 'torchlet';
 * torch.manualSeed(0);
 * const model = new torch.nn.Linear(2, 3);
 * const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
 */
export * from '@torchlet/core';
/**
 * torch.nn: layers (Module subclasses, callable as `model(x)`), losses, containers, `nn.functional`, `nn.init`,
 * `nn.utils`, and safetensors `nn.save` / `nn.load`.
 */
export * as nn from '@torchlet/nn';
// torch.save / torch.load: PyTorch's zip checkpoint format (safetensors stays nn.save / nn.load)
export { torchSave as save, torchLoad as load } from '@torchlet/nn';
/** torch.optim: SGD, Adam, AdamW... and `optim.lrScheduler`, following PyTorch's update order step for step. */
export * as optim from '@torchlet/optim';
/**
 * torchlet's training loop `fit()`, its callbacks and metrics, plus torch.utils.data (Dataset, DataLoader, samplers),
 * also reachable as `utils.data`.
 */
export * as trainer from '@torchlet/trainer';
/** torch.utils: `utils.data` is torch.utils.data (Dataset, DataLoader, samplers), from the trainer package. */
export * as utils from './utils';
/** torchvision: `torchvision.datasets` (MNIST, FashionMNIST) and `torchvision.transforms` (ToTensor, Normalize, Compose, Lambda). */
export * as torchvision from './torchvision';
