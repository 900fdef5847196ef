"""Fixtures for packages/core/test/random-extra.test.ts: PyTorch 1.13 (Debian, no MKL, AVX2) samplers
after manual_seed, float32 linspace and sin/cos. Run with /usr/bin/python3; writes
packages/core/test/fixtures/core_random_extra.json. Long outputs are stored as an FNV-1a hash
of their bits (uint32 words, little-endian) so the file stays small."""
import json, math, os
import numpy as np
import torch

def fnv(t):
    a = t.detach().contiguous().numpy()
    words = a.view(np.uint32).ravel().tolist()
    h = 0x811c9dc5
    for w in words:
        h = ((h ^ w) * 0x01000193) & 0xffffffff
    return h

def vals(t):
    return [x if not isinstance(x, float) or math.isfinite(x) else str(x) for x in t.flatten().tolist()]

DT = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32, 'bool': torch.bool}
cases = []

def case(name, seed, fn, dtype, **extra):
    torch.manual_seed(seed)
    out = fn()
    c = dict(name=name, seed=seed, dtype=dtype, shape=list(out.shape), **extra)
    if out.numel() > 64: c['hash'] = fnv(out.to(torch.int32) if out.dtype == torch.bool else out)
    else: c['values'] = [int(v) if out.dtype == torch.bool else v for v in vals(out)]
    cases.append(c)

for dt in ['float32', 'float64']:
    d = DT[dt]
    probs = lambda: torch.linspace(0, 1, 40, dtype=d).reshape(5, 8)
    case('bernoulli', 1, lambda: torch.bernoulli(probs()), dt)
    case('bernoulli_t', 2, lambda: torch.bernoulli(probs().t()), dt)
    case('bernoulli_scalar', 3, lambda: torch.empty(4, 10, dtype=d).bernoulli_(0.3), dt, p=0.3)
    case('bernoulli_tensor', 4, lambda: torch.empty(6, 5, dtype=d).bernoulli_(torch.linspace(0.1, 0.9, 5, dtype=d)), dt)
    case('exponential', 5, lambda: torch.empty(40, dtype=d).exponential_(1.7), dt, a=[1.7])
    case('exponential_big', 5, lambda: torch.empty(20000, dtype=d).exponential_(), dt, a=[])
    case('geometric', 6, lambda: torch.empty(40, dtype=d).geometric_(0.3), dt, a=[0.3])
    case('geometric_big', 6, lambda: torch.empty(20000, dtype=d).geometric_(0.05), dt, a=[0.05])
    case('cauchy', 7, lambda: torch.empty(40, dtype=d).cauchy_(0.5, 2.0), dt, a=[0.5, 2.0])
    case('cauchy_big', 7, lambda: torch.empty(20000, dtype=d).cauchy_(), dt, a=[])
    case('logNormal', 8, lambda: torch.empty(40, dtype=d).log_normal_(0.2, 0.7), dt, a=[0.2, 0.7])
    case('logNormal_big', 8, lambda: torch.empty(20000, dtype=d).log_normal_(), dt, a=[])
    case('logNormal_t', 9, lambda: torch.empty(8, 5, dtype=d).t().log_normal_(), dt, a=[])
    case('random', 10, lambda: torch.empty(30, dtype=d).random_(), dt, a=[])
    case('random_to', 11, lambda: torch.empty(30, dtype=d).random_(1000), dt, a=[1000])
    case('random_from_to', 12, lambda: torch.empty(30, dtype=d).random_(-7, 12345), dt, a=[-7, 12345])
    case('randintLike', 13, lambda: torch.randint_like(torch.zeros(3, 7, dtype=d), 3, 10), dt, a=[3, 10])
    mean = lambda n: torch.linspace(-2, 2, n, dtype=d)
    std = lambda n: torch.linspace(0.5, 3, n, dtype=d)
    case('normal_tt', 14, lambda: torch.normal(mean(20), std(20)), dt)
    case('normal_tt_small', 15, lambda: torch.normal(mean(5), std(5)), dt)
    case('normal_tt_bcast', 16, lambda: torch.normal(mean(4).reshape(4, 1), std(6)), dt)
    case('normal_tf', 17, lambda: torch.normal(mean(20), 2.5), dt)
    case('normal_ft', 18, lambda: torch.normal(1.5, std(20)), dt)
    case('normal_ft_small', 19, lambda: torch.normal(1.5, std(7)), dt)
    case('normal_ff', 20, lambda: torch.normal(1.5, 0.5, size=(3, 6), dtype=d), dt)
    # a sequence: a small normal leaves a Box-Muller value cached that log_normal_ starts with
    case('sequence', 21, lambda: torch.cat([torch.normal(mean(3), std(3)), torch.empty(3, dtype=d).log_normal_(), torch.empty(4, dtype=d).exponential_()]), dt)

for dt in ['int32', 'bool']:
    d = DT[dt]
    case('random', 22, lambda: torch.empty(30, dtype=d).random_(), dt, a=[])
    case('bernoulli_scalar', 23, lambda: torch.empty(30, dtype=d).bernoulli_(0.6), dt, p=0.6)
case('random_to', 24, lambda: torch.empty(30, dtype=torch.int32).random_(50), 'int32', a=[50])
case('randintLike', 25, lambda: torch.randint_like(torch.zeros(2, 9, dtype=torch.int32), 100), 'int32', a=[100])

# float32 linspace and sin/cos
lin = []
import random as pyrandom
pyrandom.seed(3)
specs = [(-math.pi, math.pi, 2000), (0, 1, 100), (3.7, -2.2, 33), (0, 1e-3, 1000), (-1e3, 7, 4097), (0.1, 0.7, 24)]
specs += [(pyrandom.uniform(-100, 100), pyrandom.uniform(-100, 100), pyrandom.randint(2, 3000)) for _ in range(12)]
for a, b, n in specs:
    for dt in ['float32', 'float64']:
        lin.append(dict(start=a, end=b, steps=n, dtype=dt, hash=fnv(torch.linspace(a, b, n, dtype=DT[dt]))))
x = torch.linspace(-math.pi, math.pi, 2000)
trig = dict(linspace_sin=fnv(torch.sin(x)), linspace_cos=fnv(torch.cos(x)))
torch.manual_seed(30)
r = torch.rand(100000).mul(248).sub(124)
trig.update(rand_sin=fnv(torch.sin(r)), rand_cos=fnv(torch.cos(r)))
torch.manual_seed(31)
r = torch.randn(300, 400).mul(3)
trig.update(randn_t_sin=fnv(torch.sin(r.t())), randn_t_cos=fnv(torch.cos(r.t())), small_sin=vals(torch.sin(r[0, :5])))

out = os.path.join(os.path.dirname(__file__), '../../packages/core/test/fixtures/core_random_extra.json')
with open(out, 'w') as f:
    json.dump(dict(torch=torch.__version__, cases=cases, linspace=lin, trig=trig), f)
print('wrote', out, os.path.getsize(out), 'bytes')
