"""Writes packages/trainer/test/fixtures/trainer_sampler.json: torch.utils.data.WeightedRandomSampler
(PyTorch 1.13) after torch.manual_seed(s): the indices of three epochs, with and without replacement,
with its own generator, inside a DataLoader (where the loader's per-epoch base seed is drawn before
the sampler's multinomial), the global generator's next values afterwards (so the number of draws is
checked), and its errors.

    /usr/bin/python3 tools/parity/trainer_sampler.py
"""
import json
import os

import torch
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'trainer', 'test', 'fixtures', 'trainer_sampler.json')


def after():
    """The next 3 uniforms of the global generator, as float32 bit patterns."""
    return torch.rand(3).view(torch.int32).tolist()


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {'type': type(e).__name__, 'message': str(e)}
    raise AssertionError('no error')


WEIGHTS = {
    'skewed': [0.1, 0.9, 0.4, 0.7, 3.0, 0.6],
    'with_zeros': [0.0, 2.5, 0.0, 1.0, 0.125, 0.0, 7.0],
    'uniform': [1.0] * 10,
    'fractions': [1 / 3, 2 / 3, 1 / 7, 0.05, 1e-3, 0.3, 0.21, 0.9, 0.02, 0.5, 0.11, 0.37],
    'long': [((i * 37) % 11 + 1) / 13 for i in range(200)],
}

samplers = []
for seed in (0, 7):
    for wname, n, replacement, own in [('skewed', 5, True, None), ('skewed', 5, False, None), ('with_zeros', 40, True, None),
                                        ('with_zeros', 4, False, None), ('uniform', 10, False, None), ('fractions', 33, True, 11),
                                        ('fractions', 12, False, 11), ('long', 100, True, None), ('long', 60, False, 5),
                                        ('skewed', 1, True, None), ('skewed', 1, False, None)]:
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(own) if own is not None else None
        s = WeightedRandomSampler(WEIGHTS[wname], n, replacement=replacement, generator=gen)
        epochs = [list(s) for _ in range(3)]
        assert all(type(i) is int for e in epochs for i in e)
        samplers.append({'seed': seed, 'weights': wname, 'numSamples': n, 'replacement': replacement,
                         'generatorSeed': own, 'length': len(s), 'epochs': epochs, 'after': after()})

# Weights given as a float32 tensor are read as float64 (torch.as_tensor(weights, dtype=torch.double)).
torch.manual_seed(3)
w32 = torch.tensor(WEIGHTS['fractions'], dtype=torch.float32)
float32_weights = {'weights': w32.double().tolist(), 'epochs': [list(WeightedRandomSampler(w32, 20)) for _ in range(2)],
                   'after': after()}

loaders = []
for seed in (0, 42):
    for wname, n, replacement, batch, drop_last, own in [('skewed', 9, True, 4, False, None), ('with_zeros', 4, False, 3, False, None),
                                                          ('long', 50, True, 8, True, None), ('fractions', 12, False, 5, False, 9)]:
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(own) if own is not None else None
        data = torch.arange(len(WEIGHTS[wname]))
        loader = DataLoader(TensorDataset(data), batch_size=batch, drop_last=drop_last,
                            sampler=WeightedRandomSampler(WEIGHTS[wname], n, replacement, generator=gen))
        epochs = [[b[0].tolist() for b in loader] for _ in range(2)]
        loaders.append({'seed': seed, 'weights': wname, 'numSamples': n, 'replacement': replacement, 'batchSize': batch,
                        'dropLast': drop_last, 'generatorSeed': own, 'length': len(loader), 'datasetLength': len(loader.dataset),
                        'epochs': epochs, 'after': after()})

errors = {
    'num_samples_zero': error_of(lambda: WeightedRandomSampler([1.0, 2.0], 0)),
    'num_samples_negative': error_of(lambda: WeightedRandomSampler([1.0, 2.0], -3)),
    'num_samples_float': error_of(lambda: WeightedRandomSampler([1.0, 2.0], 2.5)),
    'replacement_not_bool': error_of(lambda: WeightedRandomSampler([1.0, 2.0], 2, replacement=1)),
    'weights_2d': error_of(lambda: WeightedRandomSampler([[1.0, 2.0], [3.0, 4.0]], 2)),
    'weights_0d': error_of(lambda: WeightedRandomSampler(torch.tensor(2.0), 2)),
    'too_many_without_replacement': error_of(lambda: list(WeightedRandomSampler([1.0, 2.0, 3.0], 4, replacement=False))),
    'negative_weight': error_of(lambda: list(WeightedRandomSampler([1.0, -2.0, 3.0], 2))),
    'zero_sum': error_of(lambda: list(WeightedRandomSampler([0.0, 0.0], 2))),
    'nan_weight_without_replacement': error_of(lambda: list(WeightedRandomSampler([1.0, float('nan')], 1, False))),
}

with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'weights': WEIGHTS, 'samplers': samplers, 'float32Weights': float32_weights,
               'loaders': loaders, 'errors': errors}, f, separators=(',', ':'))
print('wrote', OUT, len(samplers), 'samplers', len(loaders), 'loaders')
