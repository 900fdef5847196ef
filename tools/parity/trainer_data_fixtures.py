"""Writes packages/trainer/test/fixtures/data.json: what torch.utils.data produces after
torch.manual_seed(s): DataLoader batch orders (shuffle, drop_last, own generator), the global
generator's next values afterwards (so the number of draws is checked too), random_split and
the samplers.

    /usr/bin/python3 tools/parity/trainer_data_fixtures.py
"""
import json
import os

import torch
from torch.utils.data import (BatchSampler, DataLoader, RandomSampler, SubsetRandomSampler, TensorDataset,
                              random_split)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'trainer', 'test', 'fixtures', 'data.json')


def after():
    """The next 3 uniforms of the global generator, as float32 bit patterns."""
    return torch.rand(3).view(torch.int32).tolist()


loaders = []
for seed in (0, 1, 42, 1234):
    for n, batch, shuffle, drop_last, own in [(10, 3, True, False, None), (10, 3, True, True, None), (7, 2, False, False, None),
                                               (100, 16, True, False, None), (1000, 64, True, False, None),
                                               (10, 4, True, False, 7), (25, 5, False, True, 3)]:
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(own) if own is not None else None
        loader = DataLoader(list(range(n)), batch_size=batch, shuffle=shuffle, drop_last=drop_last, generator=gen)
        epochs = [[b.tolist() for b in loader] for _ in range(3)]
        loaders.append({'seed': seed, 'n': n, 'batchSize': batch, 'shuffle': shuffle, 'dropLast': drop_last,
                        'generatorSeed': own, 'length': len(loader), 'epochs': epochs, 'after': after()})

splits = []
for seed in (0, 5):
    for n, lengths, own in [(10, [3, 7], 42), (30, [0.3, 0.3, 0.4], 42), (10, [0.5, 0.5], None), (11, [0.2, 0.3, 0.5], None), (50, [20, 30], None)]:
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(own) if own is not None else torch.default_generator
        parts = random_split(list(range(n)), lengths, generator=gen)
        splits.append({'seed': seed, 'n': n, 'lengths': lengths, 'generatorSeed': own,
                       'indices': [list(p.indices) for p in parts], 'after': after()})

samplers = []
for seed in (0, 3):
    torch.manual_seed(seed)
    rs = RandomSampler(list(range(20)), replacement=True, num_samples=50)
    samplers.append({'kind': 'replacement', 'seed': seed, 'n': 20, 'numSamples': 50, 'order': list(rs), 'after': after()})
    torch.manual_seed(seed)
    rs = RandomSampler(list(range(20)), num_samples=45)
    samplers.append({'kind': 'numSamples', 'seed': seed, 'n': 20, 'numSamples': 45, 'order': list(rs), 'after': after()})
    torch.manual_seed(seed)
    ss = SubsetRandomSampler([5, 9, 11, 13, 20, 1])
    samplers.append({'kind': 'subset', 'seed': seed, 'indices': [5, 9, 11, 13, 20, 1], 'order': [int(i) for i in ss],
                     'after': after()})

torch.manual_seed(0)
x = torch.arange(24, dtype=torch.float32).reshape(12, 2)
y = torch.arange(12) % 3
tensor_batches = [[xb.tolist(), yb.tolist()] for xb, yb in DataLoader(TensorDataset(x, y), batch_size=5, shuffle=True)]

with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'loaders': loaders, 'splits': splits, 'samplers': samplers,
               'tensorBatches': tensor_batches, 'tensorAfter': after()}, f)
    f.write('\n')
print('wrote', os.path.relpath(OUT))
