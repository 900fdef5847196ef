"""Every intermediate of the tutorial's first manual-update epoch (parameters, matmuls, log_softmax,
loss and all gradients) as float32 bit patterns, for one seed, on stdout as JSON. Used by
examples/tutorial/diagnose.ts to find the first op where the port and PyTorch differ.

    /usr/bin/python3 tools/parity/tutorial_intermediates.py --seed 0 > /tmp/torch-seed0.json
    npx tsx --conditions=torchlet-source examples/tutorial/diagnose.ts /tmp/torch-seed0.json
"""
import argparse
import json

import numpy as np
import torch
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=0)
args = parser.parse_args()

x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]).float()
y = torch.tensor([0, 1, 2, 0, 0, 2])


def bits(t):
    return t.detach().contiguous().view(-1).numpy().view(np.int32).tolist()


torch.manual_seed(args.seed)
W1 = torch.randn(2, 5, requires_grad=True)
B1 = torch.randn(5, requires_grad=True)
Wout = torch.randn(5, 3, requires_grad=True)
Bout = torch.randn(3, requires_grad=True)
mm1 = torch.matmul(x, W1)
z1 = torch.add(mm1, B1)
relu = F.relu(z1)
mm2 = torch.matmul(relu, Wout)
Zout = torch.add(mm2, Bout)
log_softmax = F.log_softmax(Zout, dim=1)
loss = F.nll_loss(log_softmax, y)
for t in (z1, relu, Zout, log_softmax):
    t.retain_grad()
loss.backward()
out = {'seed': args.seed}
for name, t in [('W1', W1), ('B1', B1), ('Wout', Wout), ('Bout', Bout), ('mm1', mm1), ('z1', z1), ('relu', relu),
                ('mm2', mm2), ('Zout', Zout), ('log_softmax', log_softmax), ('loss', loss),
                ('grad log_softmax', log_softmax.grad), ('grad Zout', Zout.grad), ('grad relu', relu.grad),
                ('grad z1', z1.grad), ('grad W1', W1.grad), ('grad B1', B1.grad), ('grad Wout', Wout.grad),
                ('grad Bout', Bout.grad)]:
    out[name] = bits(t)
print(json.dumps(out))
