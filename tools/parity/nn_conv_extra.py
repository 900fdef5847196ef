"""Fixtures for conv3d, conv_transpose1d/2d/3d (functional and modules), padding modes of every
Conv, and their errors -> packages/nn/test/fixtures/nn_conv_extra.json. Truth is torch 1.13.

Functional cases use multiples of 1/4 as inputs and weights (short in JSON; products and sums
stay exact enough that float32 differences come only from summation order).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from nn_common import gen, t2j, write


def quarters(shape, g, dtype):
    return (torch.randint(-12, 13, tuple(shape), generator=g) / 4).to(dtype)


FUNCTIONAL = [
    # (fn, input shape, weight shape, bias, kwargs, dtype)
    ("conv3d", (2, 2, 3, 4, 3), (3, 2, 2, 3, 2), True, {}, torch.float32),
    ("conv3d", (1, 4, 4, 4, 5), (4, 2, 2, 2, 3), True, {"stride": (2, 1, 2), "padding": (1, 0, 2), "dilation": (1, 2, 1), "groups": 2}, torch.float32),
    ("conv3d", (2, 3, 4, 4), (2, 2, 2, 2, 1), False, {"padding": "same"}, torch.float32),
    ("conv3d", (1, 2, 3, 4, 4), (2, 2, 2, 3, 2), True, {"padding": "same", "dilation": (1, 1, 2)}, torch.float64),
    ("conv3d", (1, 2, 3, 4, 4), (2, 2, 2, 3, 2), False, {"padding": "valid", "stride": 2}, torch.float32),
    ("conv3d", (0, 2, 3, 4, 4), (2, 2, 2, 2, 2), True, {}, torch.float32),
    ("conv2d", (1, 2, 5, 4), (3, 2, 2, 4), True, {"padding": "same"}, torch.float32),
    ("conv1d", (2, 2, 7), (4, 1, 4), True, {"padding": "same", "dilation": 2, "groups": 2}, torch.float32),
    ("conv_transpose1d", (2, 4, 5), (4, 3, 3), True, {}, torch.float32),
    ("conv_transpose1d", (2, 4, 5), (4, 1, 3), True, {"stride": 3, "padding": 2, "output_padding": 1, "groups": 2, "dilation": 2}, torch.float32),
    ("conv_transpose1d", (4, 6), (4, 2, 2), False, {"stride": 2}, torch.float64),
    ("conv_transpose2d", (2, 3, 4, 3), (3, 2, 3, 2), True, {"stride": (2, 1), "padding": (1, 0), "output_padding": (1, 0)}, torch.float32),
    ("conv_transpose2d", (1, 4, 3, 3), (4, 1, 2, 3), True, {"groups": 2, "dilation": (2, 1), "stride": 2, "output_padding": (1, 1)}, torch.float32),
    ("conv_transpose2d", (2, 3, 3), (2, 3, 3, 3), True, {"padding": 1}, torch.float64),
    ("conv_transpose3d", (1, 2, 3, 2, 3), (2, 2, 2, 2, 2), True, {"stride": 2, "padding": (0, 1, 0), "output_padding": (1, 0, 1)}, torch.float32),
    ("conv_transpose3d", (2, 4, 2, 3, 2), (4, 1, 2, 1, 2), False, {"groups": 2, "dilation": (1, 1, 2)}, torch.float32),
    ("conv_transpose3d", (2, 2, 2, 3), (2, 3, 2, 2, 1), True, {}, torch.float64),
    ("conv_transpose2d", (0, 3, 4, 3), (3, 2, 3, 2), True, {"stride": 2}, torch.float32),
]


def functional():
    g = gen(21)
    out = []
    for fn, xs, ws, has_bias, kw, dtype in FUNCTIONAL:
        x = quarters(xs, g, dtype).requires_grad_()
        w = quarters(ws, g, dtype).requires_grad_()
        out_ch = ws[1] * kw.get("groups", 1) if fn.startswith("conv_transpose") else ws[0]
        b = quarters((out_ch,), g, dtype).requires_grad_() if has_bias else None
        y = getattr(F, fn)(x, w, b, **kw)
        gout = quarters(y.shape, g, dtype)
        y.backward(gout)
        case = {"fn": fn, "kwargs": kw, "node": type(y.grad_fn).__name__, "input": t2j(x), "weight": t2j(w),
                "output": t2j(y), "gout": t2j(gout), "inputGrad": t2j(x.grad), "weightGrad": t2j(w.grad)}
        if b is not None:
            case["bias"] = t2j(b)
            case["biasGrad"] = t2j(b.grad)
        out.append(case)
    return out


MODULES = [
    # (class, args, kwargs, input shape, forward output_size)
    ("Conv3d", (2, 3, (1, 2, 3)), {"padding": 1, "padding_mode": "circular"}, (1, 2, 2, 3, 4), None),
    ("Conv3d", (4, 2, 2), {"stride": 2, "groups": 2, "bias": False}, (4, 5, 4, 4), None),
    ("Conv3d", (2, 2, (2, 3, 2)), {"padding": "same", "padding_mode": "reflect"}, (1, 2, 3, 4, 4), None),
    ("Conv3d", (2, 2, 3), {"padding": (0, 1, 2), "padding_mode": "replicate", "dilation": (1, 2, 1)}, (1, 2, 3, 4, 4), None),
    ("Conv1d", (2, 3, 4), {"padding": "same", "padding_mode": "reflect"}, (2, 2, 6), None),
    ("Conv1d", (2, 3, 3), {"padding": 2, "padding_mode": "circular"}, (2, 2, 6), None),
    ("Conv2d", (2, 3, (2, 3)), {"padding": (1, 2), "padding_mode": "replicate", "stride": 2}, (2, 5, 6), None),
    ("Conv2d", (2, 3, 3), {"padding": 1, "padding_mode": "circular"}, (1, 2, 4, 5), None),
    ("ConvTranspose1d", (4, 3, 3), {"stride": 2}, (1, 4, 5), [12]),
    ("ConvTranspose1d", (4, 3, 3), {"stride": 2}, (4, 5), [3, 11]),
    ("ConvTranspose1d", (4, 6, 2), {"groups": 2, "padding": 1, "output_padding": 1, "stride": 2, "bias": False}, (2, 4, 3), None),
    ("ConvTranspose2d", (4, 2, 3), {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2, "dilation": 2}, (1, 4, 2, 3), None),
    ("ConvTranspose2d", (3, 2, (3, 2)), {"stride": (3, 2)}, (1, 3, 2, 2), [1, 2, 7, 5]),
    ("ConvTranspose3d", (2, 2, 2), {"stride": (1, 2, 2), "padding": (0, 1, 0)}, (1, 2, 2, 2, 3), [3, 3, 7]),
]


def modules():
    out = []
    for k, (cls, args, kw, xs, osize) in enumerate(MODULES):
        torch.manual_seed(100 + k)
        m = getattr(nn, cls)(*args, **kw)
        x = quarters(xs, gen(200 + k), torch.float32)
        y = m(x) if osize is None else m(x, output_size=osize)
        out.append({"cls": cls, "args": list(args), "kwargs": kw, "seed": 100 + k, "outputSize": osize, "repr": repr(m),
                    "state": {n: t2j(p) for n, p in m.state_dict().items()}, "input": t2j(x), "output": t2j(y)})
    return out


def capture(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("no error")


def errors():
    z = torch.zeros
    cases = {
        "conv3d 3-D input": lambda: F.conv3d(z(3, 4, 5), z(3, 2, 2, 2, 2)),
        "conv3d kernel too large": lambda: F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 4, 2, 2)),
        "conv3d channels": lambda: F.conv3d(z(1, 3, 3, 4, 5), z(3, 2, 2, 2, 2)),
        "conv3d dilation": lambda: F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), dilation=(1, 0, 1)),
        "conv1d dilation": lambda: F.conv1d(z(1, 2, 5), z(3, 2, 2), dilation=0),
        "conv3d bias": lambda: F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), z(2)),
        "conv3d stride list": lambda: F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), stride=(1, 2)),
        "conv3d same strided": lambda: F.conv3d(z(1, 2, 3, 4, 5), z(3, 2, 2, 2, 2), stride=2, padding="same"),
        "conv1d padding typo": lambda: F.conv1d(z(1, 2, 5), z(3, 2, 2), padding="typo"),
        "conv1d empty weight": lambda: F.conv1d(z(1, 2, 5), z(0, 2, 2)),
        "conv_transpose1d channels": lambda: F.conv_transpose1d(z(1, 4, 5), z(5, 3, 3)),
        "conv_transpose1d weight dims": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3, 3)),
        "conv_transpose1d input dims": lambda: F.conv_transpose1d(z(1, 1, 4, 5), z(4, 3, 3)),
        "conv_transpose1d output_padding": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), stride=2, output_padding=2),
        "conv_transpose2d output_padding": lambda: F.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), stride=2, output_padding=2),
        "conv_transpose3d output_padding": lambda: F.conv_transpose3d(z(1, 4, 5, 5, 5), z(4, 3, 3, 3, 3), stride=2, output_padding=(0, 0, 2)),
        "conv_transpose1d groups": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), groups=3),
        "conv_transpose1d bias": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), z(4)),
        "conv_transpose1d negative padding": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), padding=-1),
        "conv_transpose1d stride": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), stride=0),
        "conv_transpose1d negative output_padding": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), output_padding=-1),
        "conv_transpose3d dilation": lambda: F.conv_transpose3d(z(1, 2, 3, 4, 5), z(2, 2, 2, 2, 2), dilation=(1, 0, 1)),
        "conv_transpose1d output too small": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), padding=4),
        "conv_transpose2d dtype": lambda: F.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3, dtype=torch.float64)),
        "conv_transpose1d padding str": lambda: F.conv_transpose1d(z(1, 4, 5), z(4, 3, 3), padding="same"),
        "ConvTranspose1d output_size range": lambda: nn.ConvTranspose1d(4, 3, 3, stride=2)(z(1, 4, 5), output_size=[13]),
        "ConvTranspose1d output_size length": lambda: nn.ConvTranspose1d(4, 3, 3, stride=2)(z(1, 4, 5), output_size=[1, 1, 3, 12]),
        "ConvTranspose2d padding_mode": lambda: nn.ConvTranspose2d(2, 3, 2, padding_mode="reflect"),
        "ConvTranspose3d padding_mode": lambda: nn.ConvTranspose3d(2, 3, 2, padding_mode="circular"),
        "Conv3d padding_mode typo": lambda: nn.Conv3d(2, 3, 2, padding_mode="typo"),
        "Conv2d padding typo": lambda: nn.Conv2d(2, 3, 2, padding="typo"),
        "Conv3d same strided": lambda: nn.Conv3d(2, 3, 2, padding="same", stride=2),
        "Conv3d groups": lambda: nn.Conv3d(3, 4, 2, groups=2),
    }
    out = {k: capture(f) for k, f in cases.items()}
    # Python prints these sets in hash order; torchlet prints them in the source's order.
    out["Conv3d padding_mode typo"]["message"] = "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='typo'"
    out["Conv2d padding typo"]["message"] = "Invalid padding string 'typo', should be one of {'valid', 'same'}"
    return out


if __name__ == "__main__":
    write("nn_conv_extra.json", {"functional": functional(), "modules": modules(), "errors": errors()})
