"""Writes examples/digits/test/fixtures/digits.json: facts about scikit-learn's load_digits()
and the PyTorch random_split the digits example uses, to check our loader and split against.

    /usr/bin/python3 tools/parity/trainer_digits_fixtures.py
"""
import json
import os

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch.utils.data import random_split

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'examples', 'digits', 'test', 'fixtures', 'digits.json')

d = load_digits()
parts = random_split(range(len(d.target)), [0.7, 0.1, 0.2], generator=torch.Generator().manual_seed(42))
fixture = {
    'n': int(d.data.shape[0]),
    'classCounts': np.bincount(d.target).tolist(),
    'pixelSum': int(d.data.sum()),
    'pixelSumByClass': [int(d.data[d.target == c].sum()) for c in range(10)],
    'first': d.data[0].astype(int).tolist(),
    'last': d.data[-1].astype(int).tolist(),
    'splitLengths': [len(p) for p in parts],
    'splitIndices': [list(p.indices) for p in parts],
}
with open(OUT, 'w') as f:
    json.dump(fixture, f)
    f.write('\n')
print('wrote', os.path.relpath(OUT))
