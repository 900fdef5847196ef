"""Golden learning-rate sequences for @torchlet/optim's lrScheduler, written by real PyTorch (1.13).

Each case builds an optimizer with two param groups (lr 0.1 and 0.05), a scheduler, and records
get_last_lr() (and momentum / beta1 where the scheduler cycles it) after construction and after
each of 100 steps, plus the scheduler's state_dict at the end.

Run: /usr/bin/python3 tools/parity/optim_lr_schedulers.py
Writes packages/optim/test/fixtures/optim_lr_schedulers.json
"""
import json
import math
import os
import warnings
from collections import Counter

import torch
from torch.optim import lr_scheduler as L

warnings.simplefilter('ignore')
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'optim', 'test', 'fixtures',
                   'optim_lr_schedulers.json')
STEPS = 100

# The metric fed to ReduceLROnPlateau: improves, then plateaus with noise, improves again.
METRICS = [1.0 / (1 + 0.3 * i) if i < 20 else 0.2 + 0.01 * math.sin(i) if i < 60 else 0.2 - 0.001 * (i - 60)
           for i in range(STEPS)]

# Lambdas (mirrored by name in the TypeScript test).
LAMBDAS = {
    'pow095': lambda e: 0.95 ** e,
    'inv': lambda e: 1.0 / (e + 1),
    'warmup10': lambda e: min(1.0, (e + 1) / 10),
    'const097': lambda e: 0.97,
    'alt': lambda e: 0.9 if e % 2 else 1.05,
}


def optimizer(kind):
    a = torch.zeros(3, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    groups = [{'params': [a]}, {'params': [b], 'lr': 0.05}]
    if kind == 'Adam':
        return torch.optim.Adam(groups, lr=0.1)
    return torch.optim.SGD(groups, lr=0.1, momentum=0.9)


def jsonable(v):
    if isinstance(v, Counter):
        return {str(k): c for k, c in v.items()}
    if isinstance(v, float) and math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    return '<object>'  # bound methods, weakrefs: not comparable


def momenta(opt):
    out = []
    for g in opt.param_groups:
        out.append(g['betas'][0] if 'betas' in g else g.get('momentum'))
    return out


def build(opt, spec):
    kind, kwargs = spec
    if kind == 'SequentialLR':
        subs = [build(opt, s) for s in kwargs['schedulers']]
        return L.SequentialLR(opt, subs, milestones=kwargs['milestones'])
    if kind == 'ChainedScheduler':
        return L.ChainedScheduler([build(opt, s) for s in kwargs['schedulers']])
    kw = dict(kwargs)
    if 'lr_lambda' in kw:
        names = kw['lr_lambda']
        kw['lr_lambda'] = [LAMBDAS[n] for n in names] if isinstance(names, list) else LAMBDAS[names]
    return getattr(L, kind)(opt, **kw)


def run(name, spec, opt_kind='SGD', steps=STEPS):
    opt = optimizer(opt_kind)
    sched = build(opt, spec)
    plateau = spec[0] == 'ReduceLROnPlateau'
    lrs = [[g['lr'] for g in opt.param_groups]]
    moms = [momenta(opt)]
    for i in range(steps):
        opt.step()
        if plateau:
            sched.step(METRICS[i])
        else:
            sched.step()
        lrs.append([g['lr'] for g in opt.param_groups])
        moms.append(momenta(opt))
    last = sched._last_lr if hasattr(sched, '_last_lr') else None
    return {'name': name, 'optimizer': opt_kind, 'spec': spec, 'lrs': lrs, 'momenta': moms,
            'last_lr': last, 'state_dict': jsonable(sched.state_dict())}


def main():
    cases = [
        run('lambda', ('LambdaLR', {'lr_lambda': 'pow095'})),
        run('lambda_per_group', ('LambdaLR', {'lr_lambda': ['inv', 'warmup10']})),
        run('multiplicative', ('MultiplicativeLR', {'lr_lambda': 'const097'})),
        run('multiplicative_alt', ('MultiplicativeLR', {'lr_lambda': 'alt'})),
        run('step', ('StepLR', {'step_size': 7, 'gamma': 0.5})),
        run('multistep', ('MultiStepLR', {'milestones': [10, 30, 30, 60], 'gamma': 0.3})),
        run('exponential', ('ExponentialLR', {'gamma': 0.96})),
        run('cosine', ('CosineAnnealingLR', {'T_max': 30, 'eta_min': 0.001})),
        run('cosine_no_min', ('CosineAnnealingLR', {'T_max': 7})),
        run('warm_restarts', ('CosineAnnealingWarmRestarts', {'T_0': 10, 'T_mult': 2, 'eta_min': 1e-4})),
        run('warm_restarts_mult1', ('CosineAnnealingWarmRestarts', {'T_0': 6})),
        run('linear', ('LinearLR', {'start_factor': 0.25, 'total_iters': 8})),
        run('linear_end', ('LinearLR', {'start_factor': 1.0, 'end_factor': 0.1, 'total_iters': 30})),
        run('constant', ('ConstantLR', {'factor': 0.5, 'total_iters': 4})),
        run('polynomial', ('PolynomialLR', {'total_iters': 40, 'power': 2.0})),
        run('onecycle_cos', ('OneCycleLR', {'max_lr': [0.5, 0.2], 'total_steps': 100})),
        run('onecycle_linear_three_phase', ('OneCycleLR', {'max_lr': 0.3, 'epochs': 10, 'steps_per_epoch': 10,
                                                           'anneal_strategy': 'linear', 'three_phase': True,
                                                           'pct_start': 0.25, 'div_factor': 10.0,
                                                           'final_div_factor': 100.0})),
        run('onecycle_adam', ('OneCycleLR', {'max_lr': 0.01, 'total_steps': 120, 'pct_start': 0.4}), 'Adam'),
        run('cyclic_triangular', ('CyclicLR', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 5})),
        run('cyclic_triangular2', ('CyclicLR', {'base_lr': [0.01, 0.005], 'max_lr': [0.1, 0.08], 'step_size_up': 4,
                                                'step_size_down': 7, 'mode': 'triangular2'})),
        run('cyclic_exp_range', ('CyclicLR', {'base_lr': 0.001, 'max_lr': 0.01, 'step_size_up': 6,
                                              'mode': 'exp_range', 'gamma': 0.98, 'cycle_momentum': False})),
        run('plateau_min_rel', ('ReduceLROnPlateau', {'patience': 3, 'factor': 0.5, 'threshold': 0.01, 'cooldown': 2,
                                                      'min_lr': [0.001, 0.0005]})),
        run('plateau_max_abs', ('ReduceLROnPlateau', {'mode': 'max', 'threshold_mode': 'abs', 'patience': 2,
                                                      'factor': 0.7, 'threshold': 0.001})),
        run('sequential', ('SequentialLR', {'schedulers': [('ConstantLR', {'factor': 0.1, 'total_iters': 2}),
                                                           ('ExponentialLR', {'gamma': 0.9})],
                                            'milestones': [2]})),
        run('sequential_warmup_cosine', ('SequentialLR', {
            'schedulers': [('LinearLR', {'start_factor': 0.1, 'total_iters': 10}),
                           ('CosineAnnealingLR', {'T_max': 50}),
                           ('StepLR', {'step_size': 5, 'gamma': 0.8})],
            'milestones': [10, 60]})),
        run('chained', ('ChainedScheduler', {'schedulers': [('ConstantLR', {'factor': 0.1, 'total_iters': 2}),
                                                            ('ExponentialLR', {'gamma': 0.9})]})),
        run('chained_step_multistep', ('ChainedScheduler', {'schedulers': [('StepLR', {'step_size': 10, 'gamma': 0.5}),
                                                                           ('MultiStepLR', {'milestones': [25, 50]})]})),
    ]
    with open(OUT, 'w') as f:
        json.dump({'torch': torch.__version__, 'steps': STEPS, 'metrics': METRICS, 'cases': cases}, f,
                  separators=(',', ':'))
    print('wrote', OUT, len(cases), 'cases')


if __name__ == '__main__':
    main()
