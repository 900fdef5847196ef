"""The ops that core_ops.py runs in PyTorch, by the names the TypeScript test maps to torchlet.

Each entry takes (inputs, args): the input tensors (already viewed as the case says) and the
case's keyword arguments, and returns a tensor or a tuple (values, indices).
"""
import torch
import torch.nn.functional as F


def _dims(a):
    d = a.get("dim")
    return tuple(d) if isinstance(d, list) else d


def _reduce(fn):
    def run(x, a):
        d = _dims(a)
        if d is None:
            return fn(x[0])
        return fn(x[0], d, keepdim=a.get("keepdim", False))
    return run


OPS = {
    # binary, with broadcasting and scalars
    "add": lambda x, a: torch.add(x[0], x[1] if len(x) > 1 else a["s"], alpha=a.get("alpha", 1)),
    "sub": lambda x, a: torch.sub(x[0], x[1] if len(x) > 1 else a["s"], alpha=a.get("alpha", 1)),
    "mul": lambda x, a: torch.mul(x[0], x[1] if len(x) > 1 else a["s"]),
    "div": lambda x, a: torch.div(x[0], x[1] if len(x) > 1 else a["s"]),
    "pow": lambda x, a: torch.pow(x[0], x[1] if len(x) > 1 else a["s"]),
    "maximum": lambda x, a: torch.maximum(x[0], x[1]),
    "minimum": lambda x, a: torch.minimum(x[0], x[1]),
    "eq": lambda x, a: torch.eq(x[0], x[1] if len(x) > 1 else a["s"]),
    "ne": lambda x, a: torch.ne(x[0], x[1] if len(x) > 1 else a["s"]),
    "lt": lambda x, a: torch.lt(x[0], x[1] if len(x) > 1 else a["s"]),
    "le": lambda x, a: torch.le(x[0], x[1] if len(x) > 1 else a["s"]),
    "gt": lambda x, a: torch.gt(x[0], x[1] if len(x) > 1 else a["s"]),
    "ge": lambda x, a: torch.ge(x[0], x[1] if len(x) > 1 else a["s"]),
    "logicalAnd": lambda x, a: torch.logical_and(x[0], x[1]),
    "logicalOr": lambda x, a: torch.logical_or(x[0], x[1]),
    "logicalNot": lambda x, a: torch.logical_not(x[0]),
    "isnan": lambda x, a: torch.isnan(x[0]),
    "isfinite": lambda x, a: torch.isfinite(x[0]),
    # unary
    "neg": lambda x, a: torch.neg(x[0]),
    "abs": lambda x, a: torch.abs(x[0]),
    "exp": lambda x, a: torch.exp(x[0]),
    "log": lambda x, a: torch.log(x[0]),
    "log1p": lambda x, a: torch.log1p(x[0]),
    "expm1": lambda x, a: torch.expm1(x[0]),
    "sqrt": lambda x, a: torch.sqrt(x[0]),
    "rsqrt": lambda x, a: torch.rsqrt(x[0]),
    "sin": lambda x, a: torch.sin(x[0]),
    "cos": lambda x, a: torch.cos(x[0]),
    "tanh": lambda x, a: torch.tanh(x[0]),
    "sigmoid": lambda x, a: torch.sigmoid(x[0]),
    "relu": lambda x, a: torch.relu(x[0]),
    "leakyRelu": lambda x, a: F.leaky_relu(x[0], a.get("slope", 0.01)),
    "elu": lambda x, a: F.elu(x[0], a.get("alpha", 1.0)),
    "gelu": lambda x, a: F.gelu(x[0], approximate=a.get("approximate", "none")),
    "silu": lambda x, a: F.silu(x[0]),
    "softplus": lambda x, a: F.softplus(x[0], beta=a.get("beta", 1), threshold=a.get("threshold", 20)),
    "clamp": lambda x, a: torch.clamp(x[0], a.get("min"), a.get("max")),
    "sign": lambda x, a: torch.sign(x[0]),
    "floor": lambda x, a: torch.floor(x[0]),
    "ceil": lambda x, a: torch.ceil(x[0]),
    "round": lambda x, a: torch.round(x[0]),
    "reciprocal": lambda x, a: torch.reciprocal(x[0]),
    "square": lambda x, a: torch.square(x[0]),
    # fused
    "addcmul": lambda x, a: torch.addcmul(x[0], x[1], x[2], value=a.get("value", 1)),
    "addcdiv": lambda x, a: torch.addcdiv(x[0], x[1], x[2], value=a.get("value", 1)),
    "lerp": lambda x, a: torch.lerp(x[0], x[1], x[2] if len(x) > 2 else a["weight"]),
    # reductions
    "sum": _reduce(torch.sum),
    "mean": _reduce(torch.mean),
    "prod": lambda x, a: torch.prod(x[0]) if a.get("dim") is None else torch.prod(x[0], a["dim"], keepdim=a.get("keepdim", False)),
    "max": lambda x, a: torch.max(x[0]) if a.get("dim") is None else tuple(torch.max(x[0], a["dim"], keepdim=a.get("keepdim", False))),
    "min": lambda x, a: torch.min(x[0]) if a.get("dim") is None else tuple(torch.min(x[0], a["dim"], keepdim=a.get("keepdim", False))),
    "amax": _reduce(torch.amax),
    "amin": _reduce(torch.amin),
    "argmax": lambda x, a: torch.argmax(x[0], a.get("dim"), keepdim=a.get("keepdim", False)),
    "argmin": lambda x, a: torch.argmin(x[0], a.get("dim"), keepdim=a.get("keepdim", False)),
    "var": lambda x, a: torch.var(x[0], _dims(a), unbiased=a.get("correction", 1) == 1, keepdim=a.get("keepdim", False)),
    "std": lambda x, a: torch.std(x[0], _dims(a), unbiased=a.get("correction", 1) == 1, keepdim=a.get("keepdim", False)),
    "logsumexp": lambda x, a: torch.logsumexp(x[0], _dims(a), keepdim=a.get("keepdim", False)),
    "norm": lambda x, a: torch.norm(x[0], p=float(a.get("p", 2)), dim=_dims(a), keepdim=a.get("keepdim", False)),
    "all": lambda x, a: torch.all(x[0]) if a.get("dim") is None else torch.all(x[0], a["dim"], keepdim=a.get("keepdim", False)),
    "any": lambda x, a: torch.any(x[0]) if a.get("dim") is None else torch.any(x[0], a["dim"], keepdim=a.get("keepdim", False)),
    # products
    "matmul": lambda x, a: torch.matmul(x[0], x[1]),
    "mm": lambda x, a: torch.mm(x[0], x[1]),
    "mv": lambda x, a: torch.mv(x[0], x[1]),
    "bmm": lambda x, a: torch.bmm(x[0], x[1]),
    "dot": lambda x, a: torch.dot(x[0], x[1]),
    "outer": lambda x, a: torch.outer(x[0], x[1]),
    "softmax": lambda x, a: torch.softmax(x[0], a["dim"]),
    "logSoftmax": lambda x, a: torch.log_softmax(x[0], a["dim"]),
    # in-place, applied to a copy of input 0 (forward only)
    "add_": lambda x, a: x[0].clone().add_(x[1] if len(x) > 1 else a["s"], alpha=a.get("alpha", 1)),
    "sub_": lambda x, a: x[0].clone().sub_(x[1] if len(x) > 1 else a["s"], alpha=a.get("alpha", 1)),
    "mul_": lambda x, a: x[0].clone().mul_(x[1] if len(x) > 1 else a["s"]),
    "div_": lambda x, a: x[0].clone().div_(x[1] if len(x) > 1 else a["s"]),
    "clamp_": lambda x, a: x[0].clone().clamp_(a.get("min"), a.get("max")),
    "addcmul_": lambda x, a: x[0].clone().addcmul_(x[1], x[2], value=a.get("value", 1)),
    "addcdiv_": lambda x, a: x[0].clone().addcdiv_(x[1], x[2], value=a.get("value", 1)),
    "lerp_": lambda x, a: x[0].clone().lerp_(x[1], x[2] if len(x) > 2 else a["weight"]),
    "sqrt_": lambda x, a: x[0].clone().sqrt_(),
    "abs_": lambda x, a: x[0].clone().abs_(),
    "sign_": lambda x, a: x[0].clone().sign_(),
    "exp_": lambda x, a: x[0].clone().exp_(),
    "relu_": lambda x, a: x[0].clone().relu_(),
}
