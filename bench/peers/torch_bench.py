"""PyTorch peer: the bench's workloads W1-W5 and random fills in eager PyTorch, one JSON line on stdout.

Usage: /usr/bin/python3 bench/peers/torch_bench.py [--threads N] [--quick] [--only W1,W3,random]
The workloads match bench/workloads.ts: W1, W2 and W4 are zero_grad, forward,
CrossEntropyLoss (mean), backward, SGD(lr=0.01); W5 is one step of the tiny GPT of
tools/parity/tiny_gpt.py (the Python original of examples/tiny-gpt).
"""
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

args = sys.argv[1:]
quick = '--quick' in args
threads = int(args[args.index('--threads') + 1]) if '--threads' in args else None
only = set(args[args.index('--only') + 1].split(',')) if '--only' in args else None
default_threads = torch.get_num_threads()  # 1 on some VMs, where torch's cpuinfo sees one core
if threads is not None:
    torch.set_num_threads(threads)


def time_runs(fn, reps, runs=5):
    """`runs` timings (ms per call) of up to `reps` back-to-back calls each (about 500 ms per run at most).

    The workloads report the fastest run, as bench/timing.ts best() does."""
    t0 = time.perf_counter()
    fn()
    reps = max(1, min(reps, round(0.5 / max(time.perf_counter() - t0, 1e-6))))
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        out.append((time.perf_counter() - t0) * 1000 / reps)
    return out


def stepper(model, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def w1():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 3))
    x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]).float()
    y = torch.tensor([0, 1, 2, 0, 0, 2])
    step = stepper(model, x, y)
    t0 = time.perf_counter()
    for _ in range(1000):
        step()
    first = (time.perf_counter() - t0) * 1e6 / 1000
    warm = min(time_runs(step, 500 if quick else 5000)) * 1000
    return {'W1': warm, 'W1first': first}


def w2():
    out = {}
    for batch in (16, 128, 1024):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        step = stepper(model, torch.randn(batch, 784), torch.tensor([(i * 7) % 10 for i in range(batch)]))
        for _ in range(5):
            step()
        out['W2' if batch == 128 else f'W2b{batch}'] = min(time_runs(step, 5 if quick else 50))
    return out


def sample_calls(fn, budget_ms, min_samples):
    """Best and median ms per call after a warm-up: bench/timing.ts sampleCalls (same stopping rule)."""
    t0, calls = time.perf_counter(), 0
    while calls < 3 or (time.perf_counter() - t0) * 1e3 < budget_ms / 3:
        fn()
        calls += 1
    per_call = (time.perf_counter() - t0) * 1e3 / calls
    group = max(1, math.ceil(2 / max(per_call, 1e-3)))
    out, best_at, t0 = [], 0, time.perf_counter()
    while True:
        s = time.perf_counter()
        for _ in range(group):
            fn()
        ms = (time.perf_counter() - s) * 1e3 / group
        if out and ms < out[best_at]:
            best_at = len(out)
        out.append(ms)
        k, elapsed = len(out), (time.perf_counter() - t0) * 1e3
        if k >= 1000 or (k >= 5 and elapsed > 4 * budget_ms):
            break
        if k >= min_samples and elapsed >= budget_ms and k > 2 * best_at:
            break
    return out[best_at], statistics.median(out)


def w3():
    out = {}
    for n in (512, 1024):
        torch.manual_seed(0)
        a, b = torch.rand(n, n), torch.rand(n, n)
        best, med = sample_calls(lambda: a.mm(b), 600 if quick else 1500, 15 if quick else 30)
        key = 'W3' if n == 512 else f'W3n{n}'
        out[key], out[key + 'median'] = 2 * n ** 3 / best / 1e6, 2 * n ** 3 / med / 1e6
        if n == 512:
            out['W3relErr'] = ((a.mm(b).double() - a.double().mm(b.double())).abs() / a.double().mm(b.double()).abs()).max().item()
    return out


def random():
    torch.manual_seed(0)
    n = 1000000
    return {'randn': min(time_runs(lambda: torch.randn(n), 3 if quick else 10)),
            'rand': min(time_runs(lambda: torch.rand(n), 3 if quick else 10))}


def w4():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 13 * 13, 10))
    step = stepper(model, torch.randn(64, 1, 28, 28), torch.tensor([(i * 3) % 10 for i in range(64)]))
    for _ in range(3):
        step()
    return {'W4': min(time_runs(step, 5 if quick else 30))}


def w5():
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools', 'parity'))
    from tiny_gpt import GPT  # the model examples/tiny-gpt ports
    sizes = dict(batch_size=8, block_size=32, n_layer=2, n_head=4, n_embd=64, vocab_size=76)  # workloads.ts w5Sizes
    torch.manual_seed(0)
    model = GPT(dict(sizes, dropout=0.0))
    opt = model.configure_optimizers(0.1, 1e-3, (0.9, 0.99))
    row = lambda b, shift: [(b * 31 + (t + shift) * 7) % sizes['vocab_size'] for t in range(sizes['block_size'])]
    x = torch.tensor([row(b, 0) for b in range(sizes['batch_size'])])
    y = torch.tensor([row(b, 1) for b in range(sizes['batch_size'])])

    def step():
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, sizes['vocab_size']), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss.item()
    for _ in range(3):
        step()
    return {'W5': min(time_runs(step, 5 if quick else 30))}


out = {'threads': torch.get_num_threads(), 'defaultThreads': default_threads, 'version': torch.__version__}
for name, fn in (('W1', w1), ('W2', w2), ('W3', w3), ('W4', w4), ('random', random), ('W5', w5)):
    if only is None or name in only:
        out.update(fn())
out['rssMB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
