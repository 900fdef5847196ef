"""Golden fixtures for in-place ops on views (PyTorch's CopySlices): gradients to the base's
inputs and to other operands, and the values after the writes.

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-inplace-views.json. Each case
has float32 inputs `a` (and `w`), a weight `c` for the loss (x * c).sum(), and PyTorch's results.
The TypeScript test replays the same steps by case name.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures",
                   "core-inplace-views.json")
rng = np.random.default_rng(11)


def arr(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def enc(t):
    return [float(str(np.float32(v))) for v in t.detach().reshape(-1).tolist()]


def narrow_mul(a, w):
    x = a.mul(1)
    x.narrow(0, 0, 2).mul_(2)
    return x


def slice_step_sigmoid(a, w):
    x = a.mul(1.5)
    x[1::2].sigmoid_()
    return x


def select_exp(a, w):
    x = a.mul(2)
    x.select(1, 2).exp_()
    return x


def transpose_add(a, w):
    x = a.add(0)
    x.t().add_(w)
    return x


def two_views(a, w):
    x = a.mul(1)
    x.narrow(0, 0, 2).mul_(3)
    x.narrow(0, 1, 2).pow_(2)
    return x


def narrow_add_w(a, w):
    x = a.mul(1)
    x.narrow(0, 1, 2).add_(w)
    return x


def nested_mul_w(a, w):
    x = a.sin()
    x.view(3, 4)[1].narrow(0, 1, 2).mul_(w)
    return x


def base_no_grad(a, w):
    x = torch.zeros(5)
    x[1:3].add_(w)
    x[2:4].mul_(w)
    return x


def addcmul_view(a, w):
    x = a.mul(1)
    x.narrow(1, 1, 2).addcmul_(w, w, value=0.5)
    return x


def masked_fill_view(a, w):
    x = a.mul(1)
    v = x.narrow(0, 0, 2)
    v.masked_fill_(v > 0, 0.25)
    return x


def fill_copy_views(a, w):
    x = a.mul(1)
    x.narrow(0, 1, 2).fill_(0.5)
    x.select(1, 0).copy_(w)
    x[3].zero_()
    return x


CASES = [
    ("narrow_mul", narrow_mul, (3,), None),
    ("slice_step_sigmoid", slice_step_sigmoid, (6,), None),
    ("select_exp", select_exp, (3, 4), None),
    ("transpose_add", transpose_add, (3, 4), (4, 3)),
    ("two_views", two_views, (4, 3), None),
    ("narrow_add_w", narrow_add_w, (5,), (2,)),
    ("nested_mul_w", nested_mul_w, (12,), (2,)),
    ("base_no_grad", base_no_grad, (5,), (2,)),
    ("addcmul_view", addcmul_view, (3, 4), (3, 2)),
    ("masked_fill_view", masked_fill_view, (4, 2), None),
    ("fill_copy_views", fill_copy_views, (5, 3), (5,)),
]


def run(name, fn, a_shape, w_shape):
    a0 = arr(*a_shape)
    if name == "narrow_mul":
        a0 = np.ones(3, dtype=np.float32)
    w0 = arr(*w_shape) if w_shape else None
    a = torch.tensor(a0, requires_grad=True)
    w = torch.tensor(w0, requires_grad=True) if w0 is not None else None
    x = fn(a, w)
    c = torch.tensor(arr(*x.shape))
    (x * c).sum().backward()
    return {"name": name, "a": enc(a), "aShape": list(a_shape), "w": enc(w) if w is not None else None,
            "wShape": list(w_shape) if w_shape else None, "c": enc(c), "x": enc(x), "xShape": list(x.shape),
            "gradFn": type(x.grad_fn).__name__, "aGrad": enc(a.grad) if a.grad is not None else None,
            "wGrad": enc(w.grad) if w is not None else None}


def main():
    cases = [run(*c) for c in CASES]
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f)
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
