"""Fixtures for torch.autograd.Function, Tensor.register_hook and .data (torch 1.13).
Writes packages/core/test/fixtures/core_autograd_function.json. Run: /usr/bin/python3 tools/parity/core_autograd_function.py"""
import json, os
import torch

torch.manual_seed(0)
X = [0.3, -1.2, 0.7, 2.0]
W = [1.5, -0.5, 0.25, 2.0]
out = {'x': X, 'w': W}

def t(v, dtype=torch.float64, rg=True):
    return torch.tensor(v, dtype=dtype, requires_grad=rg)

def err(fn):
    try:
        fn()
    except Exception as e:
        return str(e)
    return None

class P3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 1.5 * (5 * x ** 2 - 1)

# P3: value, grad, and double backward through create_graph.
x = t(X); w = t(W)
y = P3.apply(x)
(g,) = torch.autograd.grad((y * w).sum(), x, create_graph=True)
(gg,) = torch.autograd.grad((g * g).sum(), x)
out['p3'] = {'y': y.tolist(), 'g': g.tolist(), 'gg': gg.tolist(), 'name': type(y.grad_fn).__name__}

class MulConst(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return x * k
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None
x = t(X)
(MulConst.apply(x, 3.0) * t(W, rg=False)).sum().backward()
out['mulconst'] = {'g': x.grad.tolist()}

class SinCos(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sin(), x.cos()
    @staticmethod
    def backward(ctx, gs, gc):
        x, = ctx.saved_tensors
        return gs * x.cos() - gc * x.sin()
x = t(X)
s, c = SinCos.apply(x)
(gx,) = torch.autograd.grad((s * t(W, rg=False) + c * c).sum(), x, create_graph=True)
(ggx,) = torch.autograd.grad(gx.sum(), x)
x2 = t(X)
s2, _ = SinCos.apply(x2)
(s2 * 2).sum().backward()  # the cos output gets no gradient: materialized zeros
out['sincos'] = {'s': s.tolist(), 'c': c.tolist(), 'g': gx.tolist(), 'gg': ggx.tolist(), 'gOne': x2.grad.tolist()}

class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y
    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y
x = t(X)
y = Exp.apply(x)
(g,) = torch.autograd.grad((y * y).sum(), x, create_graph=True)
(gg,) = torch.autograd.grad(g.sum(), x)
out['exp'] = {'g': g.tolist(), 'gg': gg.tolist()}

class Needs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, k):
        ctx.seen = list(ctx.needs_input_grad)
        Needs.seen = ctx.seen
        Needs.grad_enabled = torch.is_grad_enabled()
        return a * b * k
    @staticmethod
    def backward(ctx, g):
        return g, None, None
Needs.apply(t(X), t(W, rg=False), 2.0)
out['needs'] = {'needsInputGrad': Needs.seen, 'gradEnabled': Needs.grad_enabled}

class Double_(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x
    @staticmethod
    def backward(ctx, g):
        return g * 2
x = t(X)
z = x * 1
o = Double_.apply(z)
(o * o).sum().backward()
out['dirty'] = {'same': o is z, 'name': type(z.grad_fn).__name__, 'o': o.tolist(), 'g': x.grad.tolist(),
                'leafError': err(lambda: Double_.apply(t(X)))}

class ArgmaxAnd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        idx = x.argmax()
        y = x * 2
        ctx.mark_non_differentiable(idx)
        return y, idx
    @staticmethod
    def backward(ctx, g, gi):
        ArgmaxAnd.gi = None if gi is None else gi.tolist()
        return g * 2
x = t(X)
y, idx = ArgmaxAnd.apply(x)
y.sum().backward()
out['nondiff'] = {'idxRequiresGrad': idx.requires_grad, 'gi': ArgmaxAnd.gi, 'g': x.grad.tolist()}

class NoMat(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 1, x * 2
    @staticmethod
    def backward(ctx, ga, gb):
        NoMat.seen = [ga is None, gb is None]
        return ga * 1
x = t(X)
a, b = NoMat.apply(x)
a.sum().backward()
out['nomat'] = {'seen': NoMat.seen}

# errors
class Wrong(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a * b
    @staticmethod
    def backward(ctx, g):
        return g
class NotTensorGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, k):
        return a * k
    @staticmethod
    def backward(ctx, g):
        return g, g
class BadShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 1
    @staticmethod
    def backward(ctx, g):
        return g.sum()
class BcastGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a.expand(3, 4) * 1
    @staticmethod
    def backward(ctx, g):
        return g
x = t(X)
def saved_input_modified():
    z = t(X) * 1
    o = P3.apply(z)
    with torch.no_grad():
        z.add_(1)
    o.sum().backward()
def saved_output_modified():
    o = Exp.apply(t(X))
    o.mul_(2)
    o.sum().backward()
def twice():
    o = P3.apply(t(X))
    o.sum().backward()
    o.sum().backward()
xb = t([1.0, 2.0, 3.0, 4.0])
BcastGrad.apply(xb).sum().backward()
out['errors'] = {
    'count': err(lambda: Wrong.apply(t(X), t(W)).sum().backward()),
    'notTensor': err(lambda: NotTensorGrad.apply(t(X), 3).sum().backward()),
    'badShape': err(lambda: BadShape.apply(t(X)).sum().backward()),
    'savedInput': err(saved_input_modified),
    'savedOutput': err(saved_output_modified),
    'twice': err(twice),
    'hookNoGrad': err(lambda: torch.tensor([1.0]).register_hook(lambda g: g)),
}
out['bcastGrad'] = xb.grad.tolist()

# Tensor hooks: order with retain_grad, replacement, leaf hooks, removal.
log = []
x = t(X)
y = x * 2
y.register_hook(lambda g: log.append(('h1', g.tolist())) or g * 10)
y.retain_grad()
y.register_hook(lambda g: log.append(('h2', g.tolist())) or g + 1)
x.register_hook(lambda g: log.append(('leaf', g.tolist())) or g * 3)
(y * t(W, rg=False)).sum().backward()
out['hooks'] = {'log': log, 'yGrad': y.grad.tolist(), 'xGrad': x.grad.tolist()}

calls = []
x = t(X)
h = x.register_hook(lambda g: calls.append(g.tolist()) or g * g)
(x * 2 + x * 3).sum().backward()
first = x.grad.tolist()
h.remove()
x.grad = None
(x * 2).sum().backward()
out['leafHook'] = {'calls': calls, 'first': first, 'afterRemove': x.grad.tolist()}

# .data: a detached view sharing storage.
wd = t(X)
(wd * 2).sum().backward()
wd.data.sub_(0.1 * wd.grad.data)
out['data'] = {'w': wd.tolist(), 'requiresGrad': wd.data.requires_grad, 'isLeaf': wd.data.is_leaf}

# double backward check of P3 in a 2-step fit, float32
torch.manual_seed(0)
xs = torch.linspace(-1, 1, 5)
p = torch.tensor([0.1, 0.2], requires_grad=True)
for _ in range(3):
    pred = p[0] + p[1] * P3.apply(xs)
    loss = (pred - xs.sin()).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        p -= 0.05 * p.grad
        p.grad = None
out['fit32'] = p.tolist()

path = os.path.join(os.path.dirname(__file__), '../../packages/core/test/fixtures/core_autograd_function.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', path)
