"""Fixtures for F.pad in every mode (negative padding too), the padding modules' reprs and
F.pixel_shuffle / F.pixel_unshuffle -> packages/nn/test/fixtures/nn_pad.json.

Truth is torch 1.13. Circular padding is composed here from PyTorch 2.1's definition (output
position o of a dim reads input (o - before) mod n), because 1.13's kernel needs a batch dim and
misreads some negative paddings; the script checks the composition against F.pad where 1.13 is right.
ZeroPad1d/3d and CircularPad* are 2.1 modules: their reprs are 2.1's f'{self.padding}'.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from nn_common import gen, t2j, write

torch.set_default_dtype(torch.float32)


def quarters(shape, g, dtype):
    """Distinct-ish multiples of 1/4: exact in both dtypes and short in JSON (these ops only move and sum values)."""
    return (torch.randint(-40, 41, tuple(shape), generator=g) / 4).to(dtype)


def circular(x, pad):
    for i in range(len(pad) // 2):
        d = x.dim() - 1 - i
        n = x.shape[d]
        idx = torch.arange(-pad[2 * i], n + pad[2 * i + 1]) % n
        x = x.index_select(d, idx)
    return x


def run(x, pad, mode, value=None):
    if mode == "circular":
        return circular(x, pad)
    return F.pad(x, pad, mode=mode) if value is None else F.pad(x, pad, mode=mode, value=value)


CASES = [
    # (shape, pad, mode, value, dtype)
    ((2, 3, 5), [1, 2], "constant", 1.5, torch.float32),
    ((3, 4), [-1, 2, 1, -2], "constant", None, torch.float32),
    ((1, 2, 3, 4, 3), [1, 0, -1, 2, 0, 1], "constant", -2.0, torch.float64),
    ((2, 0, 3), [1, 1], "constant", 0.5, torch.float32),
    ((4,), [2, -3], "constant", None, torch.float32),
]
for mode in ["reflect", "replicate", "circular"]:
    CASES += [
        ((2, 3, 5), [2, 1], mode, None, torch.float32),
        ((3, 5), [1, 3], mode, None, torch.float32),
        ((2, 3, 5), [-1, 2], mode, None, torch.float32),
        ((2, 3, 5), [3, -2], mode, None, torch.float32),
        ((2, 3, 5), [-2, -1], mode, None, torch.float32),
        ((2, 2, 4, 5), [1, 2, 3, 0], mode, None, torch.float32),
        ((2, 4, 5), [2, -1, -1, 3], mode, None, torch.float64),
        ((1, 2, 3, 3, 4), [1, 1, 2, 0, 0, 2], mode, None, torch.float32),
        ((1, 3, 4, 5), [-1, 0, 1, -2, 2, 1], mode, None, torch.float64),
        ((0, 2, 4), [1, 1], mode, None, torch.float32),
        ((2, 3, 4), [0, 0], mode, None, torch.float32),
    ]
CASES += [((2, 3, 5), [4, 6], "replicate", None, torch.float32), ((1, 2, 5), [5, 0], "circular", None, torch.float32)]


def pad_cases():
    g = gen(12)
    out = []
    for k, (shape, pad, mode, value, dtype) in enumerate(CASES):
        x = quarters(shape, g, dtype).requires_grad_()
        y = run(x, pad, mode, value)
        if mode == "circular" and x.dim() == len(pad) + 2 and all(p >= 0 for p in pad):
            assert torch.equal(y, F.pad(x, pad, mode="circular")), (shape, pad)
        gout = quarters(y.shape, g, dtype)
        y.backward(gout)
        # circular: 1.13's composed pad ends in a slice copy (CopySlices) when it has a batch dim.
        node = "CopySlices" if mode == "circular" else type(y.grad_fn).__name__
        out.append({"name": f"{mode} {list(shape)} {pad}", "node": node, "mode": mode, "value": value, "pad": pad,
                    "input": t2j(x), "output": t2j(y), "gout": t2j(gout), "inputGrad": t2j(x.grad)})
    return out


ERRORS = [
    # (shape, pad, kwargs); messages of 1.13
    ((1, 2, 5), [1, 1], {"mode": "typo"}),
    ((1, 2, 5), [1, 1, 1], {"mode": "typo"}),
    ((1, 2, 5), [1, 1, 1], {}),
    ((1, 2, 5), [1] * 8, {}),
    ((1, 2, 5), [1, 1], {"mode": "reflect", "value": 2.0}),
    ((1, 2, 5), [5, 1], {"mode": "reflect"}),
    ((1, 2, 5), [0, 6], {"mode": "reflect"}),
    ((2, 3, 4, 5), [0, 5, 0, 0], {"mode": "reflect"}),
    ((2, 3, 4, 5), [0, 0, 4, 0], {"mode": "reflect"}),
    ((2, 3, 4, 5, 6), [6, 0, 0, 0, 0, 0], {"mode": "reflect"}),
    ((2, 3, 4, 5, 6), [0, 0, 0, 0, 0, 7], {"mode": "reflect"}),
    ((2, 3, 4), [-2, -2], {"mode": "replicate"}),
    ((2, 3, 4), [-3, -2], {"mode": "replicate"}),
    ((2, 3, 4, 5), [-3, -3, 0, 0], {"mode": "replicate"}),
    ((2, 0, 4), [1, 1], {"mode": "replicate"}),
    ((2, 0, 4, 5), [1, 1, 1, 1], {"mode": "reflect"}),
    ((2, 1, 0, 4, 5), [1, 1, 1, 1, 1, 1], {"mode": "replicate"}),
    ((1, 2, 5), [6, 1], {"mode": "circular"}),
    ((1, 2, 5), [-3, -3], {"mode": "circular"}),
    ((1, 2, 5), [1, 1, 1, 1, 1, 1, 1, 1], {"mode": "reflect"}),
    ((5,), [1, 1], {"mode": "replicate"}),
    ((1, 1, 1, 2, 5), [1, 1], {"mode": "reflect"}),
]
# (1, 2, 5) with [-3, -3] constant: 1.13 fails inside narrow(); torchlet raises PyTorch 2.x's words (tested in TS).


def errors():
    out = []
    for shape, pad, kw in ERRORS:
        try:
            F.pad(torch.zeros(shape), pad, **kw)
        except Exception as e:  # noqa: BLE001 - the message is the fixture
            out.append({"shape": list(shape), "pad": pad, "kwargs": kw, "type": type(e).__name__, "message": str(e)})
            continue
        raise AssertionError(f"no error for {shape} {pad} {kw}")
    return out


def reprs():
    mods = {
        "ZeroPad2d(1)": nn.ZeroPad2d(1), "ZeroPad2d([1, 2, 3, 4])": nn.ZeroPad2d((1, 2, 3, 4)),
        "ConstantPad1d(2, 3.5)": nn.ConstantPad1d(2, 3.5), "ConstantPad2d([1, 2, 0, 1], 0)": nn.ConstantPad2d((1, 2, 0, 1), 0),
        "ConstantPad3d(1, -1.5)": nn.ConstantPad3d(1, -1.5), "ReflectionPad1d(2)": nn.ReflectionPad1d(2),
        "ReflectionPad2d([1, 0, 2, 3])": nn.ReflectionPad2d((1, 0, 2, 3)), "ReflectionPad3d(1)": nn.ReflectionPad3d(1),
        "ReplicationPad1d([1, 2])": nn.ReplicationPad1d((1, 2)), "ReplicationPad2d(2)": nn.ReplicationPad2d(2),
        "ReplicationPad3d(2)": nn.ReplicationPad3d(2),
        "PixelShuffle(3)": nn.PixelShuffle(3), "PixelUnshuffle(2)": nn.PixelUnshuffle(2),
    }
    out = {k: repr(m) for k, m in mods.items()}
    # PyTorch 2.1 modules: extra_repr is f'{self.padding}' with padding = _pair / _ntuple(6).
    out["ZeroPad1d(2)"] = f"ZeroPad1d({(2, 2)})"
    out["ZeroPad3d([1, 0, 0, 1, 2, 2])"] = f"ZeroPad3d({(1, 0, 0, 1, 2, 2)})"
    out["CircularPad1d([2, 1])"] = f"CircularPad1d({(2, 1)})"
    out["CircularPad2d(1)"] = f"CircularPad2d({(1, 1, 1, 1)})"
    out["CircularPad3d(1)"] = f"CircularPad3d({(1,) * 6})"
    return out


SHUFFLE = [
    ("pixel_shuffle", (2, 8, 3, 4), 2, torch.float32),
    ("pixel_shuffle", (9, 2, 2), 3, torch.float64),
    ("pixel_shuffle", (2, 1, 4, 2, 3), 2, torch.float32),
    ("pixel_shuffle", (2, 3, 2, 2), 1, torch.float32),
    ("pixel_shuffle", (0, 4, 2, 3), 2, torch.float32),
    ("pixel_unshuffle", (2, 2, 6, 4), 2, torch.float32),
    ("pixel_unshuffle", (1, 6, 6), 3, torch.float64),
    ("pixel_unshuffle", (3, 1, 2, 4, 2), 2, torch.float32),
]
SHUFFLE_ERRORS = [
    ("pixel_shuffle", (3, 4), 2), ("pixel_shuffle", (2, 8, 3, 4), 3), ("pixel_shuffle", (2, 8, 3, 4), 0),
    ("pixel_shuffle", (2, 8, 3, 4), -1), ("pixel_unshuffle", (3, 4), 2), ("pixel_unshuffle", (2, 8, 3, 4), 2),
    ("pixel_unshuffle", (2, 8, 4, 6), 4), ("pixel_unshuffle", (2, 8, 4, 6), 0),
]


def shuffle():
    g = gen(7)
    cases, errs = [], []
    for fn, shape, r, dtype in SHUFFLE:
        x = quarters(shape, g, dtype).requires_grad_()
        y = getattr(F, fn)(x, r)
        gout = quarters(y.shape, g, dtype)
        if x.numel() > 0:  # 1.13's PixelShuffleBackward0 rejects an empty batch's gradient shape
            y.backward(gout)
        else:
            x.grad = torch.zeros_like(x)
        cases.append({"node": type(y.grad_fn).__name__, "fn": fn, "factor": r, "input": t2j(x), "output": t2j(y), "gout": t2j(gout), "inputGrad": t2j(x.grad)})
    for fn, shape, r in SHUFFLE_ERRORS:
        try:
            getattr(F, fn)(torch.zeros(shape), r)
        except RuntimeError as e:
            errs.append({"fn": fn, "shape": list(shape), "factor": r, "message": str(e)})
            continue
        raise AssertionError(f"no error for {fn} {shape} {r}")
    return cases, errs


if __name__ == "__main__":
    sh, sh_err = shuffle()
    write("nn_pad.json", {"pad": pad_cases(), "errors": errors(), "reprs": reprs(), "shuffle": sh, "shuffleErrors": sh_err})
