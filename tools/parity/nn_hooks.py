"""Fixtures for Module hooks (torch 1.13). Writes packages/nn/test/fixtures/nn_hooks.json.
register_full_backward_pre_hook is torch 2.x: its truth is composed from a tensor hook on the
module's output, which is what the 2.x docs define it as (grad_output before grad_input is computed).
Run: /usr/bin/python3 tools/parity/nn_hooks.py"""
import json, os
import torch

W = [[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]]
B = [0.1, -0.2]
X = [[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]]

def lin():
    m = torch.nn.Linear(3, 2).double()
    with torch.no_grad():
        m.weight.copy_(torch.tensor(W, dtype=torch.float64))
        m.bias.copy_(torch.tensor(B, dtype=torch.float64))
    return m

out = {'W': W, 'B': B, 'X': X}
log = []
m = lin()
x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
m.register_forward_pre_hook(lambda mod, args: log.append(['pre1', args[0].tolist()]) or (args[0] * 2,))
m.register_forward_pre_hook(lambda mod, args: log.append(['pre2', args[0].tolist()]))
m.register_forward_hook(lambda mod, args, o: log.append(['fwd1', args[0].tolist(), o.tolist()]) or o + 1)
m.register_forward_hook(lambda mod, args, o: log.append(['fwd2', o.tolist()]))
def bw(mod, gi, go):
    log.append(['bw1', [None if g is None else g.tolist() for g in gi], [g.tolist() for g in go]])
    return (gi[0] * 3,)
m.register_full_backward_hook(bw)
m.register_full_backward_hook(lambda mod, gi, go: log.append(['bw2', [g.tolist() for g in gi]]))
y = m(x)
(y * torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)).sum().backward()
out['chain'] = {'log': log, 'y': y.tolist(), 'xGrad': x.grad.tolist(), 'wGrad': m.weight.grad.tolist()}

# backward pre hook (2.x), composed: replace grad_output by 10x via a hook on the output.
m = lin()
x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
seen = []
m.register_full_backward_hook(lambda mod, gi, go: seen.append([gi[0].tolist(), go[0].tolist()]))
y = m(x)
y.register_hook(lambda g: g * 10)
y.sum().backward()
out['pre'] = {'seen': seen, 'xGrad': x.grad.tolist(), 'wGrad': m.weight.grad.tolist()}

# input without grad: hooks see grad_input (None,)
m = lin()
seen = []
m.register_full_backward_hook(lambda mod, gi, go: seen.append([gi[0] is None, go[0].tolist()]))
m(torch.tensor(X, dtype=torch.float64)).sum().backward()
out['noInputGrad'] = {'seen': seen, 'bGrad': m.bias.grad.tolist()}

# removal
m = lin()
calls = []
h = m.register_forward_hook(lambda mod, a, o: calls.append(1))
m(torch.tensor(X, dtype=torch.float64)); h.remove(); m(torch.tensor(X, dtype=torch.float64))
out['removed'] = len(calls)

def err(fn):
    try:
        fn()
    except Exception as e:
        return str(e)
m = lin()
m.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
out['errCount'] = err(lambda: m(x).sum().backward())

path = os.path.join(os.path.dirname(__file__), '../../packages/nn/test/fixtures/nn_hooks.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', path)
