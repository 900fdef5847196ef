/** SmallNet, mirrored from tools/parity/nn_safetensors.py (same layers, same assignment order). */
import type { Tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';

export class SmallNet extends nn.Module {
  conv = new nn.Conv2d(1, 2, 3, { padding: 1 });
  bn = new nn.BatchNorm2d(2);
  fc = new nn.Linear(2 * 4 * 4, 3);
  emb = new nn.Embedding(4, 3);

  forward(x: Tensor): Tensor {
    const h = this.bn(this.conv(x)).relu().flatten(1);
    return this.fc(h).add(this.emb.weight.sum());
  }
}
