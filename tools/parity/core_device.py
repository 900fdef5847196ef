"""PyTorch's devices as a CPU-only build shows them: repr and str of torch.device, the device
string errors, the errors for moving a tensor to a device that is not built in, and to()'s
argument errors.

Run with /usr/bin/python3 (torch 1.13). Writes packages/core/test/fixtures/core-device.json and
nn.Module.to's part to packages/nn/test/fixtures/nn-device.json.
"""
import json
import os

import torch

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "packages")
OUT = os.path.join(ROOT, "core", "test", "fixtures", "core-device.json")
NN_OUT = os.path.join(ROOT, "nn", "test", "fixtures", "nn-device.json")


def outcome(f):
    try:
        r = f()
        return {"ok": True, "value": r}
    except Exception as e:  # the exact class and words are the fixture
        return {"ok": False, "type": type(e).__name__, "message": str(e)}


def short(r):
    """A dispatcher NotImplementedError lists every backend: its first sentence is enough."""
    if not r["ok"] and r["type"] == "NotImplementedError":
        r["message"] = r["message"].split(". ")[0]
    return r


def describe(d):
    return {"repr": repr(d), "str": str(d), "type": d.type, "index": d.index}


# Arguments to torch.device: [spec] or [spec, index]; ints are CUDA indices.
DEVICE_ARGS = [
    ["cpu"], ["cuda"], ["cuda:1"], ["cpu:0"], ["cpu:1"], ["cpu", 0], ["cuda", 2], ["mps"], ["meta"], [3],
    ["xyz"], ["CPU"], ["cuda:-1"], ["cuda:x"], ["cuda:01"], [""], ["cuda:"], ["1cpu"], ["cuda:0:1"],
    ["cpu", -1], ["cpu:0", 1], [-1],
]

# Devices a tensor is sent to with x.to(d), and the creation functions' device=.
MOVES = ["cpu", "cpu:0", "cpu:1", "cuda", "cuda:1", "mps", "xla", "hip", "vulkan"]


def main():
    devices = []
    for args in DEVICE_ARGS:
        r = outcome(lambda: describe(torch.device(*args)))
        devices.append({"args": args, **r})
    x = torch.zeros(2)
    moves = []
    for d in MOVES:
        moves.append({
            "device": d,
            "to": outcome(lambda: str(x.to(d).device)),
            "zeros": short(outcome(lambda: str(torch.zeros(2, device=d).device))),
        })
    cuda_method = outcome(lambda: x.cuda())
    cuda_int = outcome(lambda: x.to(1))
    cuda_bad = outcome(lambda: x.cuda("cpu"))
    to_errors = [
        {"args": ["cpu", "cpu"], **outcome(lambda: x.to("cpu", "cpu"))},
        {"args": ["tensor", "float64"], **outcome(lambda: x.to(x, torch.float64))},
    ]
    same = {
        "to_cpu": x.to("cpu") is x,
        "to_device": x.to(torch.device("cpu")) is x,
        "to_cpu_dtype": x.to("cpu", torch.float32) is x,
        "to_tensor": x.to(torch.zeros(1)) is x,
        "cpu": x.cpu() is x,
        "copy": x.to("cpu", copy=True) is x,
        "copy_grad_fn": type(torch.zeros(1, requires_grad=True).to("cpu", copy=True).grad_fn).__name__,
        "to_dtype_changes": str(x.to("cpu", torch.float64).dtype),
    }
    available = {
        "cuda_is_available": torch.cuda.is_available(),
        "cuda_device_count": torch.cuda.device_count(),
        "mps_is_available": torch.backends.mps.is_available(),
        "tensor_device_repr": repr(x.device),
        "is_cuda": x.is_cuda,
        "device_eq_cpu": x.device == torch.device("cpu"),
        "device_eq_cpu0": x.device == torch.device("cpu", 0),
    }
    linear = torch.nn.Linear(2, 2)
    module = {
        "to_returns_self": linear.to(torch.device("cpu")) is linear,
        "to_cuda": outcome(lambda: torch.nn.Linear(2, 2).to("cuda")),
        "cuda": outcome(lambda: torch.nn.Linear(2, 2).cuda()),
        "to_mps": outcome(lambda: torch.nn.Linear(2, 2).to("mps")),
        "to_int": outcome(lambda: torch.nn.Linear(2, 2).to("cpu", torch.int32)),
        "to_cuda_int": outcome(lambda: torch.nn.Linear(2, 2).to("cuda", torch.int32)),
        "ctor_cuda": outcome(lambda: torch.nn.Linear(2, 2, device="cuda")),
        "ctor_xyz": outcome(lambda: torch.nn.Linear(2, 2, device="xyz")),
        "to_device_dtype": str(torch.nn.Linear(2, 2).to("cpu", torch.float64).weight.dtype),
    }
    out = {"devices": devices, "moves": moves, "cuda_method": cuda_method, "cuda_int": cuda_int,
           "cuda_bad": cuda_bad, "to_errors": to_errors, "same": same, "available": available}
    for path, data in ((OUT, out), (NN_OUT, module)):
        with open(path, "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
