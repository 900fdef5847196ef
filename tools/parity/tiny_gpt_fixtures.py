"""Writes examples/tiny-gpt/test/fixtures/tiny-gpt.json: what tools/parity/tiny_gpt.py prints
(PyTorch 1.13) for the first 200 training steps of seeds 0, 1 and 2, and a 100-character sample
after 40 steps of seed 0, for the example's test to compare line for line.

    /usr/bin/python3 tools/parity/tiny_gpt_fixtures.py
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tiny_gpt  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'examples', 'tiny-gpt', 'test', 'fixtures', 'tiny-gpt.json')
STEPS = 200
SEEDS = [0, 1, 2]
SAMPLE = dict(seed=0, steps=40, length=100, temperature=0.8, topK=None)


def camel(name):
    head, *rest = name.split('_')
    return head + ''.join(w.capitalize() for w in rest)


def run(data, seed, steps):
    lines = []
    torch.manual_seed(seed)
    model = tiny_gpt.train(data, tiny_gpt.DEFAULT_CONFIG, stop_after=steps, print=lines.append)
    return model, lines


data = tiny_gpt.load_chars()
runs = []
for seed in SEEDS:
    _, lines = run(data, seed, STEPS)
    runs.append({'seed': seed, 'steps': STEPS, 'lines': lines})
model, lines = run(data, SAMPLE['seed'], SAMPLE['steps'])
text = tiny_gpt.sample(model, data, SAMPLE['length'], SAMPLE['temperature'], SAMPLE['topK'])
fixture = {
    'torch': torch.__version__,
    'config': {camel(k): v for k, v in tiny_gpt.DEFAULT_CONFIG.items()},
    'vocabulary': ''.join(data['chars']),
    'runs': runs,
    'sample': dict(SAMPLE, lines=lines, text=text),
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump(fixture, f, indent=1)
    f.write('\n')
print('wrote', os.path.relpath(OUT))
