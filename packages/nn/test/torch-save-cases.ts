/** The checkpoints torchlet writes for PyTorch to check (shared by the exporter and the tests). */
import { arange, manualSeed, ones, tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { Adam } from '@torchlet/optim';

/** [file name, bytes]; `read` gives a PyTorch fixture's bytes. */
export function torchletCheckpoints(read: (name: string) => Uint8Array): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  // PyTorch's files, loaded and saved again
  for (const name of ['linear_bn.pth', 'sgd_momentum.pth', 'adam.pth', 'views.pth', 'containers.pth', 'plain_tensor.pth', 'tensor_list.pth']) {
    out.push([`torchlet_roundtrip_${name}`, nn.torchSerialize(nn.torchDeserialize(read(name)))]);
  }
  // torchlet's own objects: a model (PyTorch's init draws after manual_seed(0)), views, dtypes
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
  const base = arange(12).float().reshape(4, 3).div(4);
  out.push(['torchlet_native.pth', nn.torchSerialize({
    model: model.stateDict(),
    base, transposed: base.t(), rows: base.narrow(0, 1, 2), column: base.select(1, 1),
    float64: tensor([0.1, -2.5]).double(), int32: tensor([-3, 0, 7]), bool: tensor([1, 0, 1]).bool(),
    param: new nn.Parameter(ones(2)), tuple: Object.freeze([1, 2.5, 'x', null, true]), list: [0, -1.5, 2 ** 40],
  })]);
  // an optimizer state dict after two Adam steps on a fixed loss
  model.eval(); // in training mode BatchNorm zeroes the Linear bias gradient (Adam would amplify rounding noise)
  const adam = new Adam(model.parameters(), { lr: 0.01, betas: [0.8, 0.99], weightDecay: 0.001 });
  const x = arange(15).float().reshape(5, 3).div(7).sub(1);
  for (let i = 0; i < 2; i++) {
    adam.zeroGrad();
    model(x).pow(2).sum().backward();
    adam.step();
  }
  out.push(['torchlet_adam.pth', nn.torchSerialize({ model: model.stateDict(), optimizer: adam.stateDict() })]);
  return out;
}
