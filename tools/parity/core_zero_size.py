"""Zero-size audit fixtures for @torchlet/core, from real PyTorch (torch 1.13; run with /usr/bin/python3).

Writes packages/core/test/fixtures/core-zero-size.json: for each case (an op on inputs of which at
least one has a zero in its shape), the inputs, the forward outputs (shape, dtype, values) or
PyTorch's error, and the gradients of sum(float outputs) with respect to every float input (via
torch.autograd.grad, so each op is checked on its own), or the backward's error.
Non-empty companion inputs (a broadcast operand, an index) get fixed small values so the test
can rebuild them. int64 index tensors are int32 on our side.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-zero-size.json")
DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.int32: "int32", torch.bool: "bool"}


def num(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def F(*shape):
    """A float32 input that requires grad (values 0.5, 1.5, ... when non-empty)."""
    n = math.prod(shape)
    return ("float32", list(shape), [0.5 + i for i in range(n)], True)


def I(values, shape=None):
    """An int64 index tensor (int32 on our side)."""
    t = torch.tensor(values, dtype=torch.int64)
    if shape is not None:
        t = t.reshape(shape)
    return ("int32", list(t.shape), t.reshape(-1).tolist(), False)


def B(*shape, fill=True):
    n = math.prod(shape)
    return ("bool", list(shape), [fill if i % 2 == 0 else not fill for i in range(n)], False)


def build(spec):
    dtype, shape, data, grad = spec
    torch_dt = {"float32": torch.float32, "int32": torch.int64, "bool": torch.bool}[dtype]
    t = torch.tensor(data, dtype=torch_dt).reshape(shape)
    return t.requires_grad_(grad)


CASES = []


def case(cid, inputs, fn):
    CASES.append((cid, inputs, fn))


# Elementwise unary ops, on three zero-size shapes.
SHAPES = {"0": (0,), "2x0x3": (2, 0, 3), "3x0": (3, 0)}
UNARY = ["neg", "abs", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "square",
         "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
         "atanh", "sigmoid", "relu", "erf", "erfc", "sign", "floor", "ceil", "round", "trunc", "frac"]
for sname, shp in SHAPES.items():
    for op in UNARY:
        case(f"{op}/{sname}", [F(*shp)], (lambda op: lambda x: getattr(torch, op)(x))(op))
    case(f"silu/{sname}", [F(*shp)], lambda x: torch.nn.functional.silu(x))
    case(f"leakyRelu/{sname}", [F(*shp)], lambda x: torch.nn.functional.leaky_relu(x, 0.1))
    case(f"elu/{sname}", [F(*shp)], lambda x: torch.nn.functional.elu(x))
    case(f"softplus/{sname}", [F(*shp)], lambda x: torch.nn.functional.softplus(x))
    case(f"gelu/{sname}", [F(*shp)], lambda x: torch.nn.functional.gelu(x))
    case(f"clamp/{sname}", [F(*shp)], lambda x: torch.clamp(x, -1, 1))
    case(f"isnan/{sname}", [F(*shp)], lambda x: torch.isnan(x))
    case(f"logicalNot/{sname}", [F(*shp)], lambda x: torch.logical_not(x))
    # in-place on a fresh (non-leaf) copy
    case(f"exp_/{sname}", [F(*shp)], lambda x: x.clone().exp_())
    case(f"add_/{sname}", [F(*shp)], lambda x: x.clone().add_(1))
    case(f"clamp_/{sname}", [F(*shp)], lambda x: x.clone().clamp_(-1, 1))
    case(f"fill_/{sname}", [F(*shp)], lambda x: x.clone().fill_(2))
    case(f"zero_/{sname}", [F(*shp)], lambda x: x.clone().zero_())
    case(f"copy_/{sname}", [F(*shp), F(*shp)], lambda x, y: x.clone().copy_(y))
    case(f"twice/{sname}", [F(*shp)], lambda x: x + x)

# Binary ops: both empty, and broadcast against a non-empty operand.
BINARY = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
          "maximum": torch.maximum, "minimum": torch.minimum, "atan2": torch.atan2, "fmod": torch.fmod,
          "remainder": torch.remainder}
for op, f in BINARY.items():
    case(f"{op}/2x0x3,2x0x3", [F(2, 0, 3), F(2, 0, 3)], f)
    case(f"{op}/2x0x3,3", [F(2, 0, 3), F(3)], f)
    case(f"{op}/1x3,0x1", [F(1, 3), F(0, 1)], f)
for op in ["eq", "lt", "floor_divide", "logical_and"]:
    case(f"{op}/2x0x3,3", [F(2, 0, 3), F(3)], (lambda op: lambda a, b: getattr(torch, op)(a, b))(op))
case("addcmul/0x3,3,1", [F(0, 3), F(3), F(1)], lambda a, b, c: torch.addcmul(a, b, c, value=2))
case("addcdiv/0x3,3,1", [F(0, 3), F(3), F(1)], lambda a, b, c: torch.addcdiv(a, b, c, value=2))
case("lerp/0x3,3", [F(0, 3), F(3)], lambda a, b: torch.lerp(a, b, 0.3))
case("where/0x3,3", [B(0, 3), F(0, 3), F(3)], lambda c, a, b: torch.where(c, a, b))

# Reductions over an empty input: PyTorch's identities, NaN means, and errors for max/min.
for sname, shp in [("2x0x3", (2, 0, 3)), ("0", (0,))]:
    case(f"sum/{sname}", [F(*shp)], lambda x: x.sum())
    case(f"mean/{sname}", [F(*shp)], lambda x: x.mean())
    case(f"prod/{sname}", [F(*shp)], lambda x: x.prod())
    case(f"max/{sname}", [F(*shp)], lambda x: x.max())
    case(f"amax/{sname}", [F(*shp)], lambda x: x.amax())
    case(f"argmax/{sname}", [F(*shp)], lambda x: x.argmax())
    case(f"all/{sname}", [F(*shp)], lambda x: x.all())
    case(f"any/{sname}", [F(*shp)], lambda x: x.any())
    case(f"std/{sname}", [F(*shp)], lambda x: x.std())
    case(f"var/{sname}", [F(*shp)], lambda x: x.var())
    case(f"norm/{sname}", [F(*shp)], lambda x: x.norm())
    case(f"logsumexp/{sname}", [F(*shp)], lambda x: x.logsumexp(0))
    case(f"cumsum/{sname}", [F(*shp)], lambda x: x.cumsum(0))
    case(f"cumprod/{sname}", [F(*shp)], lambda x: x.cumprod(0))
    case(f"cummax/{sname}", [F(*shp)], lambda x: x.cummax(0))
    case(f"cummin/{sname}", [F(*shp)], lambda x: x.cummin(0))
    case(f"softmax/{sname}", [F(*shp)], lambda x: x.softmax(0))
    case(f"logSoftmax/{sname}", [F(*shp)], lambda x: x.log_softmax(0))
    case(f"sort/{sname}", [F(*shp)], lambda x: x.sort(0))
    case(f"argsort/{sname}", [F(*shp)], lambda x: x.argsort(0))
    case(f"msort/{sname}", [F(*shp)], lambda x: x.msort())
    case(f"topk0/{sname}", [F(*shp)], lambda x: x.topk(0, 0))
    case(f"flip/{sname}", [F(*shp)], lambda x: x.flip(0))
    case(f"roll/{sname}", [F(*shp)], lambda x: x.roll(1, 0))
    case(f"rollFlat/{sname}", [F(*shp)], lambda x: x.roll(2))
    case(f"repeat/{sname}", [F(*shp)], lambda x, n=len(shp): x.repeat(*([2] * n)))
    case(f"nonzero/{sname}", [F(*shp)], lambda x: x.nonzero())
    case(f"clone/{sname}", [F(*shp)], lambda x: x.clone())
    case(f"flatten/{sname}", [F(*shp)], lambda x: x.flatten())
    case(f"unsqueeze/{sname}", [F(*shp)], lambda x: x.unsqueeze(0))
    case(f"maskedSelect/{sname}", [F(*shp), B(*shp)], lambda x, m: x.masked_select(m))
    case(f"maskedFill/{sname}", [F(*shp), B(*shp)], lambda x, m: x.masked_fill(m, 3))
    case(f"maskedScatter/{sname}", [F(*shp), B(*shp), F(2)], lambda x, m, s: x.masked_scatter(m, s))
    case(f"cat/{sname}", [F(*shp), F(*shp)], lambda x, y: torch.cat([x, y]))
    case(f"stack/{sname}", [F(*shp), F(*shp)], lambda x, y: torch.stack([x, y]))
    case(f"split/{sname}", [F(*shp)], lambda x: x.split(1, -1))
    case(f"chunk/{sname}", [F(*shp)], lambda x: x.chunk(2, 0))
    case(f"unbind/{sname}", [F(*shp)], lambda x: x.unbind(-1))
# Reductions along a dim (empty dim reduced, or empty dim kept).
X = (2, 0, 3)
for d in (1, 2):
    case(f"sum_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.sum(d))
    case(f"mean_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.mean(d))
    case(f"prod_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.prod(d))
    case(f"max_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.max(d))
    case(f"min_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.min(d))
    case(f"amax_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.amax(d))
    case(f"amin_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.amin(d))
    case(f"argmin_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.argmin(d))
    case(f"all_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.all(d))
    case(f"std_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.std(d))
    case(f"var_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.var(d))
    case(f"norm_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.norm(2, d))
    case(f"logsumexp_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.logsumexp(d))
    case(f"softmax_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.softmax(d))
    case(f"cumsum_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.cumsum(d))
    case(f"sort_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.sort(d))
    case(f"kthvalue_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.kthvalue(1, d))
    case(f"flip_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.flip(d))
    case(f"roll_dim{d}/2x0x3", [F(*X)], lambda x, d=d: x.roll(1, d))

# Linear algebra with an empty contraction or empty result.
case("matmul/2x0,0x3", [F(2, 0), F(0, 3)], torch.matmul)
case("matmul/0x2,2x3", [F(0, 2), F(2, 3)], torch.matmul)
case("mm/2x0,0x3", [F(2, 0), F(0, 3)], torch.mm)
case("bmm/2x3x0,2x0x4", [F(2, 3, 0), F(2, 0, 4)], torch.bmm)
case("bmm/0x3x2,0x2x4", [F(0, 3, 2), F(0, 2, 4)], torch.bmm)
case("mv/2x0,0", [F(2, 0), F(0)], torch.mv)
case("dot/0,0", [F(0), F(0)], torch.dot)
case("outer/0,3", [F(0), F(3)], torch.outer)
case("matmul/0,0", [F(0), F(0)], torch.matmul)
case("matmul/3x2x0,0", [F(3, 2, 0), F(0)], torch.matmul)

# Views and shape ops.
case("reshape/2x0x3", [F(*X)], lambda x: x.reshape(3, 0, 2))
case("view/2x0x3", [F(*X)], lambda x: x.view(0, 6))
case("permute/2x0x3", [F(*X)], lambda x: x.permute(2, 0, 1))
case("transpose/2x0x3", [F(*X)], lambda x: x.transpose(0, 2))
case("t/3x0", [F(3, 0)], lambda x: x.t())
case("expand/1x0", [F(1, 0)], lambda x: x.expand(4, 0))
case("expand/0x1", [F(0, 1)], lambda x: x.expand(0, 5))
case("squeeze/1x0", [F(1, 0)], lambda x: x.squeeze())
case("unflatten/2x0x3", [F(*X)], lambda x: x.unflatten(2, (3, 1)))
case("narrow/2x0x3", [F(*X)], lambda x: x.narrow(2, 1, 2))
case("narrowEmpty/2x3", [F(2, 3)], lambda x: x.narrow(1, 1, 0))
case("select/2x0x3", [F(*X)], lambda x: x.select(2, 1))
case("movedim/2x0x3", [F(*X)], lambda x: x.movedim(1, 2))
case("contiguous/2x0x3", [F(*X)], lambda x: x.transpose(0, 1).contiguous())
case("index/2x0x3", [F(*X)], lambda x: x[:, :, 1:])
case("indexInt/2x0x3", [F(*X)], lambda x: x[1])
case("indexTensor/2x0x3", [F(*X), I([1, 0])], lambda x, i: x[i])
case("indexTensorEmpty/2x3", [F(2, 3), I([], (0,))], lambda x, i: x[i])
case("indexBool/2x0x3", [F(*X), B(2)], lambda x, m: x[m])
case("fliplr/2x0x3", [F(*X)], lambda x: x.fliplr())
case("flipud/0x3", [F(0, 3)], lambda x: x.flipud())
case("tile/2x0x3", [F(*X)], lambda x: x.tile(2, 1))
case("repeatEmpty/2x3", [F(2, 3)], lambda x: x.repeat(0, 2))
case("tril/2x0x3", [F(*X)], lambda x: x.tril())
case("triu/3x0", [F(3, 0)], lambda x: x.triu(1))
case("hstack/2x0", [F(2, 0), F(2, 1)], lambda x, y: torch.hstack([x, y]))
case("vstack/0x3", [F(0, 3), F(2, 3)], lambda x, y: torch.vstack([x, y]))
case("dstack/2x0", [F(2, 0), F(2, 0)], lambda x, y: torch.dstack([x, y]))
case("catMixed/0x3,2x3", [F(0, 3), F(2, 3)], lambda x, y: torch.cat([x, y]))
case("catLegacy/0,2x3", [F(0), F(2, 3)], lambda x, y: torch.cat([x, y]))
case("splitSizes/2x0x3", [F(*X)], lambda x: x.split([1, 2], 2))

# Index ops with empty indices or empty self.
case("gather/2x0x3", [F(*X), I([], (2, 0, 3))], lambda x, i: x.gather(1, i))
case("gatherEmptyIdx/2x3", [F(2, 3), I([], (2, 0))], lambda x, i: x.gather(1, i))
case("scatter/2x0x3", [F(*X), I([], (2, 0, 3)), F(*X)], lambda x, i, s: x.scatter(1, i, s))
case("scatterEmptyIdx/2x3", [F(2, 3), I([], (2, 0)), F(2, 2)], lambda x, i, s: x.scatter(1, i, s))
case("scatterAdd/2x0x3", [F(*X), I([], (2, 0, 3)), F(*X)], lambda x, i, s: x.scatter_add(1, i, s))
case("scatterAddEmptyIdx/2x3", [F(2, 3), I([], (2, 0)), F(2, 2)], lambda x, i, s: x.scatter_add(1, i, s))
case("scatterReduce/2x3", [F(2, 3), I([], (2, 0)), F(2, 2)], lambda x, i, s: x.scatter_reduce(1, i, s, "amax"))
case("indexSelect/2x0x3", [F(*X), I([1, 0, 1])], lambda x, i: x.index_select(0, i))
case("indexSelectEmpty/2x3", [F(2, 3), I([], (0,))], lambda x, i: x.index_select(1, i))
case("indexAdd/2x3", [F(2, 3), I([], (0,)), F(2, 0)], lambda x, i, s: x.index_add(1, i, s))
case("indexAdd/2x0x3", [F(*X), I([1]), F(1, 0, 3)], lambda x, i, s: x.index_add(0, i, s))
case("scatter_/2x3", [F(2, 3), I([], (2, 0)), F(2, 2)], lambda x, i, s: x.clone().scatter_(1, i, s))
case("indexAdd_/2x0x3", [F(*X), I([1]), F(1, 0, 3)], lambda x, i, s: x.clone().index_add_(0, i, s))
case("maskedFill_/2x0x3", [F(*X), B(*X)], lambda x, m: x.clone().masked_fill_(m, 1))


def set_all(x, v):
    y = x.clone()
    y[:] = v
    return y


case("setIndex/2x0x3", [F(*X), F(3)], set_all)


def outputs(r):
    if isinstance(r, torch.Tensor):
        return [r]
    return list(r)


def spec_out(t):
    return {"shape": list(t.shape), "dtype": DT[t.dtype], "data": [num(v) for v in t.detach().reshape(-1).tolist()]}


def run():
    rows = []
    for cid, specs, fn in CASES:
        xs = [build(s) for s in specs]
        row = {"id": cid, "inputs": [{"dtype": s[0], "shape": s[1], "data": s[2], "grad": s[3]} for s in specs]}
        try:
            outs = outputs(fn(*xs))
        except Exception as e:  # noqa: BLE001 - PyTorch's error is the expected result
            row["error"] = str(e).split("\n")[0]
            rows.append(row)
            continue
        row["out"] = [spec_out(o) for o in outs]
        wanted = [x for x in xs if x.requires_grad]
        diff = [o for o in outs if o.requires_grad]
        if wanted and diff:
            loss = sum(o.sum() for o in diff)
            try:
                gs = torch.autograd.grad(loss, wanted, allow_unused=True)
                row["grads"] = [None if g is None else spec_out(g) for g in gs]
            except Exception as e:  # noqa: BLE001
                row["gradError"] = str(e).split("\n")[0]
        rows.append(row)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": rows}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(rows)} cases to {OUT}")


if __name__ == "__main__":
    run()
