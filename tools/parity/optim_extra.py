"""PyTorch 1.13's constructor errors for Adadelta, ASGD, Rprop and SparseAdam, SparseAdam's error
for dense gradients, and a SparseAdam state dict (written after sparse-gradient steps) for
@torchlet/optim. The trajectories of Adadelta, ASGD and Rprop are cases in optim_trajectories.py.

Run: /usr/bin/python3 tools/parity/optim_extra.py
Writes packages/optim/test/fixtures/optim_extra.json
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'optim', 'test', 'fixtures', 'optim_extra.json')
O = torch.optim


def f32(t):
    return [float(repr(np.float32(v))) for v in t.reshape(-1).tolist()]


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {'type': type(e).__name__, 'message': str(e)}
    raise AssertionError('no error')


def ctor_errors():
    # Integer-valued options are Python ints: a JavaScript number cannot tell 0.0 from 0, and
    # torchlet prints integer values as Python prints ints.
    cases = [
        ('Adadelta', dict(lr=-0.5)), ('Adadelta', dict(rho=1.5)), ('Adadelta', dict(rho=-0.1)),
        ('Adadelta', dict(eps=-0.001)), ('Adadelta', dict(weight_decay=-0.25)),
        ('ASGD', dict(lr=-0.5)), ('ASGD', dict(weight_decay=-0.25)),
        ('Rprop', dict(lr=-0.5)), ('Rprop', dict(etas=(1.2, 0.5))), ('Rprop', dict(etas=(0, 1.2))),
        ('Rprop', dict(etas=(0.5, 1))),
        ('SparseAdam', dict(lr=0)), ('SparseAdam', dict(lr=-0.5)), ('SparseAdam', dict(eps=0)),
        ('SparseAdam', dict(betas=(1, 0.9))), ('SparseAdam', dict(betas=(0.9, 1.5))),
    ]
    out = []
    for name, kwargs in cases:
        p = [torch.zeros(2, requires_grad=True)]
        err = error_of(lambda: getattr(O, name)(p, **kwargs))
        out.append({'optimizer': name, 'options': {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
                    **err})
    return out


def sparse_adam():
    # Dense gradients: PyTorch raises and the parameters stay as they were.
    p = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    opt = O.SparseAdam([p], lr=0.1)
    p.grad = torch.tensor([0.5, 0.25, -1.0])
    dense = error_of(opt.step)
    assert p.tolist() == [1.0, -2.0, 3.0]
    # A state dict PyTorch writes after sparse steps (as nn.Embedding(sparse=True) produces).
    w = torch.tensor([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], requires_grad=True)
    opt = O.SparseAdam([w], lr=0.01, betas=(0.8, 0.99))
    for rows in ([0, 2], [1], [0, 1]):
        opt.zero_grad()
        emb = torch.nn.functional.embedding(torch.tensor(rows), w, sparse=True)
        (emb * torch.tensor([1.0, -2.0])).sum().backward()
        opt.step()
    sd = opt.state_dict()
    state = {str(k): {n: ({'shape': list(v.shape), 'data': f32(v)} if isinstance(v, torch.Tensor) else v)
                      for n, v in s.items()} for k, s in sd['state'].items()}
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in sd['param_groups']]
    return {'dense_error': dense, 'state_dict': {'state': state, 'param_groups': groups}, 'param': f32(w.detach())}


class SignSGD(torch.optim.Optimizer):
    """The README's example of writing your own optimizer, in PyTorch: sign of a momentum average."""

    def __init__(self, params, lr=0.01, momentum=0.9):
        if lr < 0:
            raise ValueError("Invalid learning rate: {}".format(lr))
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state['momentum_buffer'] = torch.zeros_like(p)
                buf = state['momentum_buffer']
                buf.mul_(group['momentum']).add_(p.grad, alpha=1 - group['momentum'])
                p.add_(buf.sign(), alpha=-group['lr'])
        return loss


def custom_optimizer():
    g = torch.Generator().manual_seed(7)
    start = torch.randn(2, 3, generator=g)
    grads = [torch.randn(2, 3, generator=g) for _ in range(6)]
    p = start.clone().requires_grad_(True)
    opt = SignSGD([p], lr=0.05, momentum=0.8)
    traj = []
    for gt in grads:
        opt.zero_grad()
        p.grad = gt.clone()
        opt.step()
        traj.append(f32(p.detach()))
    buf = opt.state_dict()['state'][0]['momentum_buffer']
    return {'start': f32(start), 'grads': [f32(x) for x in grads], 'trajectory': traj,
            'momentum_buffer': f32(buf), 'param_groups': opt.state_dict()['param_groups']}


def main():
    data = {'torch': torch.__version__, 'ctor_errors': ctor_errors(), 'sparse_adam': sparse_adam(),
            'custom_optimizer': custom_optimizer()}
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=1)
    print('wrote', OUT)


if __name__ == '__main__':
    main()
