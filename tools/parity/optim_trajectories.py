"""Golden trajectories for @torchlet/optim, written by real PyTorch (1.13).

Every optimizer config runs 20 steps from fixed parameters with a fixed sequence of gradients
(parameter 2 gets no gradient at steps 4 and 5, so the skip path is covered). The fixture holds the
parameters after every step and the state dict after step 10 and at the end (state tensors and
param_groups), so a torchlet optimizer can resume from PyTorch's state.

Run: /usr/bin/python3 tools/parity/optim_trajectories.py
Writes packages/optim/test/fixtures/optim_trajectories.json
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'optim', 'test', 'fixtures',
                   'optim_trajectories.json')
STEPS = 20
SHAPES = [[3, 4], [4], [2]]
SKIPPED = {4: [2], 5: [2]}  # step -> parameter indices without a gradient


def num(v, dtype):
    """Shortest text that reads back to the same float32 / float64 value."""
    if dtype == torch.float32:
        return float(repr(np.float32(v)))
    return float(v)


def flat(t):
    return [num(v, t.dtype) for v in t.detach().reshape(-1).tolist()]


def make_data(dtype):
    g = torch.Generator().manual_seed(1234)
    params = [torch.randn(s, generator=g, dtype=torch.float64).to(dtype) for s in SHAPES]
    grads = []
    for step in range(STEPS):
        scale = [0.05, 0.5, 3.0, 0.01, 1.0][step % 5]
        row = []
        for i, s in enumerate(SHAPES):
            if i in SKIPPED.get(step, []):
                row.append(None)
                continue
            gt = (torch.randn(s, generator=g, dtype=torch.float64) * scale).to(dtype)
            if step == 2:
                gt.view(-1)[0] = 0.0  # an exact zero gradient entry
            row.append(gt)
        grads.append(row)
    return params, grads


def pack_state(opt, dtype):
    sd = opt.state_dict()
    state = {}
    for k, v in sd['state'].items():
        entry = {}
        for name, value in v.items():
            if isinstance(value, torch.Tensor):
                entry[name] = {'shape': list(value.shape), 'data': flat(value)}
            else:
                entry[name] = value
        state[str(k)] = entry
    groups = []
    for g in sd['param_groups']:
        groups.append({k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()})
    return {'state': state, 'param_groups': groups}


def run(name, ctor, kwargs, dtype=torch.float32, groups=None):
    params, grads = make_data(dtype)
    params = [p.clone().requires_grad_(True) for p in params]
    if groups is None:
        opt = ctor(params, **kwargs)
    else:
        opt = ctor([{**g, 'params': [params[i] for i in g['params']]} for g in groups], **kwargs)
    traj = []
    state_at_10 = None
    for step in range(STEPS):
        opt.zero_grad(set_to_none=True)
        for p, g in zip(params, grads[step]):
            if g is not None:
                p.grad = g.clone()
        opt.step()
        traj.append([v for p in params for v in flat(p)])
        if step == 9:
            state_at_10 = pack_state(opt, dtype)
    return {
        'name': name,
        'optimizer': ctor.__name__,
        'options': kwargs,
        'groups': groups,
        'dtype': 'float32' if dtype == torch.float32 else 'float64',
        'trajectory': traj,
        'state_at_10': state_at_10,
        'final_state': pack_state(opt, dtype),
    }


def main():
    O = torch.optim
    f64 = torch.float64
    cases = [
        ('sgd_plain', O.SGD, dict(lr=0.1)),
        ('sgd_momentum', O.SGD, dict(lr=0.05, momentum=0.9)),
        ('sgd_dampening_wd', O.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
        ('sgd_nesterov', O.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3)),
        ('sgd_maximize', O.SGD, dict(lr=0.02, momentum=0.5, maximize=True)),
        ('sgd_momentum_f64', O.SGD, dict(lr=0.05, momentum=0.9, weight_decay=0.01), f64),
        ('adam_default', O.Adam, dict(lr=0.01)),
        ('adam_amsgrad_wd', O.Adam, dict(lr=0.01, amsgrad=True, weight_decay=0.1)),
        ('adam_maximize', O.Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, maximize=True)),
        ('adam_f64', O.Adam, dict(lr=0.01, amsgrad=True, weight_decay=0.01), f64),
        ('adamw_default', O.AdamW, dict(lr=0.01)),
        ('adamw_amsgrad_maximize', O.AdamW, dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
        ('adamw_f64', O.AdamW, dict(lr=0.01, weight_decay=0.05), f64),
        ('rmsprop_default', O.RMSprop, dict(lr=0.01)),
        ('rmsprop_centered', O.RMSprop, dict(lr=0.01, centered=True, alpha=0.9)),
        ('rmsprop_centered_momentum_wd', O.RMSprop,
         dict(lr=0.005, centered=True, momentum=0.9, alpha=0.9, weight_decay=0.01)),
        ('rmsprop_momentum_maximize', O.RMSprop, dict(lr=0.005, momentum=0.5, maximize=True, eps=1e-4)),
        ('rmsprop_f64', O.RMSprop, dict(lr=0.01, centered=True, momentum=0.8), f64),
        ('adagrad_default', O.Adagrad, dict(lr=0.1)),
        ('adagrad_lrdecay_init_wd', O.Adagrad,
         dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01, eps=1e-8)),
        ('adagrad_maximize', O.Adagrad, dict(lr=0.05, maximize=True)),
        ('adagrad_f64', O.Adagrad, dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.5), f64),
        ('adamax_default', O.Adamax, dict(lr=0.02)),
        ('adamax_wd_maximize', O.Adamax, dict(lr=0.02, weight_decay=0.01, maximize=True, betas=(0.8, 0.95))),
        ('adamax_f64', O.Adamax, dict(lr=0.02, weight_decay=0.01), f64),
        ('nadam_default', O.NAdam, dict(lr=0.01)),
        ('nadam_wd_decay', O.NAdam, dict(lr=0.01, weight_decay=0.01, momentum_decay=0.01, betas=(0.85, 0.99))),
        ('nadam_f64', O.NAdam, dict(lr=0.01, weight_decay=0.01), f64),
        ('radam_default', O.RAdam, dict(lr=0.01)),
        ('radam_wd', O.RAdam, dict(lr=0.01, weight_decay=0.01, betas=(0.9, 0.99))),
        ('radam_f64', O.RAdam, dict(lr=0.01, betas=(0.9, 0.99)), f64),
        # Issue 11: Adadelta, ASGD and Rprop (single-tensor paths; foreach=None picks them in 1.13).
        ('adadelta_default', O.Adadelta, dict()),
        ('adadelta_wd_maximize', O.Adadelta, dict(lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.01, maximize=True)),
        ('adadelta_f64', O.Adadelta, dict(lr=1.0, rho=0.95, weight_decay=0.01), f64),
        ('asgd_default', O.ASGD, dict(lr=0.05)),
        ('asgd_t0_wd', O.ASGD, dict(lr=0.05, lambd=0.01, alpha=0.6, t0=5, weight_decay=0.01)),
        ('asgd_maximize', O.ASGD, dict(lr=0.02, t0=3, maximize=True)),
        ('asgd_f64', O.ASGD, dict(lr=0.05, lambd=0.001, t0=8, weight_decay=0.05), f64),
        ('rprop_default', O.Rprop, dict()),
        ('rprop_etas_clamped', O.Rprop, dict(lr=0.03, etas=(0.3, 1.7), step_sizes=(1e-3, 0.1))),
        ('rprop_maximize', O.Rprop, dict(lr=0.02, maximize=True)),
        ('rprop_f64', O.Rprop, dict(lr=0.01, etas=(0.45, 1.3), step_sizes=(1e-4, 0.05)), f64),
    ]
    out = []
    for case in cases:
        name, ctor, kwargs = case[:3]
        dtype = case[3] if len(case) > 3 else torch.float32
        out.append(run(name, ctor, kwargs, dtype))
    # Parameter groups: per-group options with defaults filling the rest.
    out.append(run('sgd_groups', O.SGD, dict(lr=0.01, momentum=0.5),
                   groups=[{'params': [0], 'lr': 0.1, 'momentum': 0.9}, {'params': [1, 2], 'weight_decay': 0.1}]))
    out.append(run('adam_groups', O.Adam, dict(lr=0.01),
                   groups=[{'params': [0, 2], 'betas': (0.5, 0.9)}, {'params': [1], 'lr': 0.001, 'amsgrad': True}]))

    data = {}
    for dtype, key in ((torch.float32, 'float32'), (f64, 'float64')):
        params, grads = make_data(dtype)
        data[key] = {
            'shapes': SHAPES,
            'params': [flat(p) for p in params],
            'grads': [[None if g is None else flat(g) for g in row] for row in grads],
        }
    with open(OUT, 'w') as f:
        json.dump({'torch': torch.__version__, 'steps': STEPS, 'data': data, 'cases': out}, f,
                  separators=(',', ':'))
    print('wrote', OUT, len(out), 'cases')


if __name__ == '__main__':
    main()
