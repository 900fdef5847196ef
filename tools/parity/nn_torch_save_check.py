"""Loads the checkpoints torchlet wrote (packages/nn/test/fixtures/torch_save/torchlet_*.pth, made by
tools/parity/nn_torch_save_export.ts) in PyTorch and checks them against PyTorch's own.

Run with Debian's torch 1.13:  /usr/bin/python3 tools/parity/nn_torch_save_check.py
torch 1.13's weights_only unpickler has no BINFLOAT opcode (2.x added it), so files holding Python
floats (optimizer state dicts, float lists) are loaded with weights_only=False there, after checking
that weights_only=True fails only for that reason.
"""
import os
import pickle

import torch

DIR = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'nn', 'test', 'fixtures', 'torch_save')


def load(name):
    path = os.path.join(DIR, name)
    try:
        return torch.load(path, weights_only=True)
    except pickle.UnpicklingError as e:
        assert 'Unsupported operand 71' in str(e) and torch.__version__.startswith('1.'), (name, e)
        return torch.load(path, weights_only=False)


def same(a, b, where):
    """Same structure, values and dtypes (torchlet loads every dtype here without widening)."""
    if isinstance(b, torch.Tensor):
        assert isinstance(a, torch.Tensor), where
        assert a.shape == b.shape, (where, a.shape, b.shape)
        assert a.dtype == b.dtype, (where, a.dtype, b.dtype)
        assert torch.equal(a, b.to(a.dtype)), where
        assert a.requires_grad == b.requires_grad and isinstance(a, torch.nn.Parameter) == isinstance(b, torch.nn.Parameter), where
        return
    if isinstance(b, dict):
        assert isinstance(a, dict) and list(a.keys()) == list(b.keys()), (where, list(a), list(b))
        for k in b:
            same(a[k], b[k], f'{where}.{k}')
        return
    if isinstance(b, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), (where, type(a), type(b))
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f'{where}[{i}]')
        return
    assert a == b and type(a) is type(b), (where, a, b)


def check_roundtrips():
    for name in ('linear_bn.pth', 'sgd_momentum.pth', 'adam.pth', 'views.pth', 'containers.pth', 'plain_tensor.pth', 'tensor_list.pth'):
        original = torch.load(os.path.join(DIR, name))
        mine = load('torchlet_roundtrip_' + name)
        if name == 'containers.pth':
            # only an optimizer state dict's 'state' keys go back as ints; other dicts keep torchlet's string keys
            original['int_keys'] = {str(k): v for k, v in original['int_keys'].items()}
        same(mine, original, name)
        print('ok', 'torchlet_roundtrip_' + name)
    views = load('torchlet_roundtrip_views.pth')
    ptr = views['base'].storage().data_ptr()
    assert [k for k in ('transposed', 'rows', 'column') if views[k].storage().data_ptr() == ptr] == ['transposed', 'rows', 'column']
    assert views['column'].stride() == (3,) and views['column'].storage_offset() == 1
    print('ok views share one storage with their strides and offsets')


def check_native():
    native = load('torchlet_native.pth')
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    model.load_state_dict(native['model'])
    same(native['model'], model.state_dict(), 'native.model')  # torchlet's init draws are PyTorch's
    base = torch.arange(12, dtype=torch.float32).reshape(4, 3) / 4
    same(native['base'], base, 'base')
    same(native['transposed'], base.t(), 'transposed')
    same(native['rows'], base[1:3], 'rows')
    same(native['column'], base[:, 1], 'column')
    ptr = native['base'].storage().data_ptr()
    assert all(native[k].storage().data_ptr() == ptr for k in ('transposed', 'rows', 'column'))
    same(native['float64'], torch.tensor([0.1, -2.5], dtype=torch.float32).double(), 'float64')
    same(native['int32'], torch.tensor([-3, 0, 7], dtype=torch.int32), 'int32')
    same(native['bool'], torch.tensor([True, False, True]), 'bool')
    same(native['param'], torch.nn.Parameter(torch.ones(2)), 'param')
    assert native['tuple'] == (1, 2.5, 'x', None, True) and native['list'] == [0, -1.5, 2 ** 40]
    print('ok torchlet_native.pth')


def check_adam():
    saved = load('torchlet_adam.pth')
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    model.eval()  # in training mode BatchNorm zeroes the Linear bias gradient, leaving Adam only rounding noise
    adam = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=0.001)
    x = (torch.arange(15, dtype=torch.float32).reshape(5, 3) / 7) - 1
    for _ in range(2):
        adam.zero_grad()
        model(x).pow(2).sum().backward()
        adam.step()
    for k, v in model.state_dict().items():
        assert torch.allclose(saved['model'][k].to(v.dtype), v, rtol=1e-5, atol=1e-7), k
    # the state dict loads into a PyTorch Adam (int state keys) and continues as PyTorch's own does
    other = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    other.load_state_dict(model.state_dict())
    other.eval()
    resumed = torch.optim.Adam(other.parameters(), lr=1.0)
    resumed.load_state_dict(saved['optimizer'])
    assert sorted(resumed.state_dict()['state'].keys()) == [0, 1, 2, 3]
    for opt, m in ((adam, model), (resumed, other)):
        opt.zero_grad()
        m(x).pow(2).sum().backward()
        opt.step()
    for (k, a), b in zip(model.state_dict().items(), other.state_dict().values()):
        assert torch.allclose(a.to(torch.float64), b.to(torch.float64), rtol=1e-5, atol=1e-7), k
    print('ok torchlet_adam.pth (resumes in torch.optim.Adam)')


if __name__ == '__main__':
    check_roundtrips()
    check_native()
    check_adam()
    print('all torchlet-written checkpoints load in PyTorch', torch.__version__)
