"""Golden LBFGS runs for @torchlet/optim, written by real PyTorch (1.13).

Two objectives: the Rosenbrock function (elementwise ops only, so float64 runs can match
bit for bit) and a small MLP regression (matmul + tanh + mean squared error). Each case calls
step(closure) several times and records the returned loss, the parameters and the state counters.

Run: /usr/bin/python3 tools/parity/optim_lbfgs.py
Writes packages/optim/test/fixtures/optim_lbfgs.json
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'optim', 'test', 'fixtures',
                   'optim_lbfgs.json')


def num(v, dtype):
    return float(repr(np.float32(v))) if dtype == torch.float32 else float(v)


def flat(t):
    return [num(v, t.dtype) for v in t.detach().reshape(-1).tolist()]


def mlp_data(dtype):
    g = torch.Generator().manual_seed(7)
    x = torch.randn(12, 3, generator=g, dtype=torch.float64)
    y = torch.sin(x.sum(1, keepdim=True))
    params = [torch.randn(3, 6, generator=g, dtype=torch.float64) * 0.5,
              torch.randn(6, generator=g, dtype=torch.float64) * 0.1,
              torch.randn(6, 1, generator=g, dtype=torch.float64) * 0.5,
              torch.zeros(1, dtype=torch.float64)]
    return x.to(dtype), y.to(dtype), [p.to(dtype) for p in params]


def mlp_loss(params, x, y):
    w1, b1, w2, b2 = params
    return (torch.tanh(x.matmul(w1).add(b1)).matmul(w2).add(b2).sub(y)).pow(2).mean()


def rosen_loss(params):
    (a,) = params
    return (1 - a[0]).pow(2) + 100 * (a[1] - a[0].pow(2)).pow(2)


def run(name, model, dtype, calls, kwargs):
    if model == 'mlp':
        x, y, init = mlp_data(dtype)
        loss_fn = lambda ps: mlp_loss(ps, x, y)
        data = {'x': flat(x), 'y': flat(y), 'x_shape': list(x.shape)}
    else:
        init = [torch.tensor([-1.5, 2.0], dtype=dtype)]
        loss_fn = rosen_loss
        data = {}
    params = [p.clone().requires_grad_(True) for p in init]
    opt = torch.optim.LBFGS(params, **kwargs)

    def closure():
        opt.zero_grad()
        loss = loss_fn(params)
        loss.backward()
        return loss

    steps = []
    for _ in range(calls):
        loss = opt.step(closure)
        st = opt.state[params[0]]
        steps.append({'loss': float(loss), 'params': [v for p in params for v in flat(p)],
                      'func_evals': st['func_evals'], 'n_iter': st['n_iter']})
    keys = sorted(opt.state_dict()['state'][0].keys())
    return {'name': name, 'model': model, 'dtype': 'float32' if dtype == torch.float32 else 'float64',
            'options': kwargs, 'init': [flat(p) for p in init], 'shapes': [list(p.shape) for p in init],
            'data': data, 'steps': steps, 'state_keys': keys}


def main():
    f32, f64 = torch.float32, torch.float64
    cases = []
    for dtype, tag in ((f64, 'f64'), (f32, 'f32')):
        cases += [
            run(f'rosenbrock_default_{tag}', 'rosenbrock', dtype, 4, dict(lr=0.2, max_iter=10)),
            run(f'rosenbrock_wolfe_{tag}', 'rosenbrock', dtype, 4, dict(max_iter=10, line_search_fn='strong_wolfe')),
            run(f'rosenbrock_history_{tag}', 'rosenbrock', dtype, 6,
                dict(max_iter=5, history_size=3, line_search_fn='strong_wolfe')),
            run(f'mlp_default_{tag}', 'mlp', dtype, 3, dict(lr=0.5)),
            run(f'mlp_wolfe_{tag}', 'mlp', dtype, 3, dict(line_search_fn='strong_wolfe')),
            run(f'mlp_history_{tag}', 'mlp', dtype, 4, dict(lr=0.8, max_iter=8, history_size=3, max_eval=12)),
        ]
    with open(OUT, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
    print('wrote', OUT, len(cases), 'cases')


if __name__ == '__main__':
    main()
