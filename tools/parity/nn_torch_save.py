"""Writes torch.save fixtures for packages/nn/test/torch-save*.test.ts (PyTorch is the truth).

Run with Debian's torch 1.13:  /usr/bin/python3 tools/parity/nn_torch_save.py
Writes packages/nn/test/fixtures/torch_save/*.pth (each a few KB) and torch_save.json, which holds
every tensor's dtype, shape, stride, storage offset and values, and which tensors share storage.
"""
import collections
import io
import json
import os
import pickle

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'nn', 'test', 'fixtures', 'torch_save')


def model_and_optimizers():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    adam_model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    adam_model.load_state_dict(model.state_dict())
    adam = torch.optim.Adam(adam_model.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=0.001)
    for _ in range(2):
        x = torch.randn(5, 3)
        for m, opt in ((model, sgd), (adam_model, adam)):
            opt.zero_grad()
            m(x).pow(2).sum().backward()
            opt.step()
    return model, sgd, adam


def describe(v):
    """A JSON view of a loaded object: tensors with their layout; containers as their Python type."""
    if isinstance(v, torch.Tensor):
        return {'tensor': str(v.dtype).replace('torch.', ''), 'shape': list(v.shape), 'stride': list(v.stride()),
                'offset': v.storage_offset(), 'values': v.flatten().tolist() if v.dtype != torch.bfloat16 else v.float().flatten().tolist(),
                'requires_grad': v.requires_grad, 'parameter': isinstance(v, torch.nn.Parameter)}
    if isinstance(v, dict):
        return {'dict': [[k, describe(x)] for k, x in v.items()]}
    if isinstance(v, tuple):
        return {'tuple': [describe(x) for x in v]}
    if isinstance(v, list):
        return {'list': [describe(x) for x in v]}
    if isinstance(v, float):
        return {'float': v}
    return v


def save(name, obj, **kw):
    path = os.path.join(OUT, name)
    torch.save(obj, path, **kw)
    size = os.path.getsize(path)
    assert size < 20_000, (name, size)
    return path


class Evil:
    """Pickles as a call to os.system: torch.load(weights_only=True) must refuse it."""

    def __reduce__(self):
        return (os.system, ('echo torchlet-test-should-never-run',))


def main():
    os.makedirs(OUT, exist_ok=True)
    model, sgd, adam = model_and_optimizers()
    base = torch.arange(12, dtype=torch.float32).reshape(4, 3) / 4
    views = {
        'base': base, 'transposed': base.t(), 'rows': base[1:3], 'column': base[:, 1],
        'float64': torch.linspace(-1, 1, 5, dtype=torch.float64), 'int32': torch.tensor([-3, 0, 7], dtype=torch.int32),
        'int64': torch.tensor([[1, -2], [2147483647, -2147483648]]), 'bool': torch.tensor([True, False, True]),
        'float16': torch.tensor([0.5, -1.25, 65504.0, 6e-8], dtype=torch.float16),
        'bfloat16': torch.tensor([1.5, -3.0, 1e30], dtype=torch.bfloat16),
        'uint8': torch.tensor([0, 200, 255], dtype=torch.uint8), 'int8': torch.tensor([-128, 5], dtype=torch.int8),
        'scalar': torch.tensor(2.5), 'empty': torch.zeros(0, 3),
        'param': torch.nn.Parameter(torch.tensor([1.0, 2.0])),
    }
    containers = {
        'list': [torch.tensor([1.0, 2.0]), torch.tensor([3.0])], 'tuple': (1, 2.5, 'x', None, True, -7, 2 ** 40),
        'nested': {'a': [1, {'b': torch.tensor([[1.0]])}]}, 'int_keys': {0: torch.tensor([0.0]), 7: 'seven'},
        'ordered': collections.OrderedDict([('z', 1), ('a', 2)]), 'text': 'ünïcode',
    }
    files = {
        'linear_bn.pth': model.state_dict(),
        'sgd_momentum.pth': sgd.state_dict(),
        'adam.pth': adam.state_dict(),
        'views.pth': views,
        'containers.pth': containers,
        'plain_tensor.pth': torch.arange(6, dtype=torch.float32).reshape(2, 3).t(),
        'tensor_list.pth': [torch.ones(2), torch.zeros(1, 2)],
    }
    expected = {}
    for name, obj in files.items():
        save(name, obj)
        loaded = torch.load(os.path.join(OUT, name))
        expected[name] = describe(loaded)
    # which entries of views.pth share one storage in PyTorch
    loaded = torch.load(os.path.join(OUT, 'views.pth'))
    ptr = {k: v.storage().data_ptr() for k, v in loaded.items()}
    expected['views_shared'] = sorted(k for k in ptr if ptr[k] == ptr['base'])
    # files torchlet must refuse (or name)
    save('int64_big.pth', {'ok': torch.tensor([1]), 'counter': torch.tensor([5_000_000_000])})
    save('legacy.pth', {'w': torch.ones(2)}, _use_new_zipfile_serialization=False)
    save('evil_global.pth', {'w': torch.ones(1), 'x': Evil()})
    save('complex.pth', {'c': torch.tensor([1 + 2j])})
    for name in ('evil_global.pth',):
        try:
            torch.load(os.path.join(OUT, name), weights_only=True)
            raise AssertionError('PyTorch loaded ' + name)
        except pickle.UnpicklingError as e:
            expected['pytorch_refuses_' + name] = str(e).split('WeightsUnpickler error: ')[-1]
    with open(os.path.join(OUT, 'torch_save.json'), 'w') as f:
        json.dump(expected, f, indent=None, separators=(',', ':'))
        f.write('\n')
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    print('wrote', len(files) + 4, 'checkpoints to', os.path.relpath(OUT))


if __name__ == '__main__':
    main()
