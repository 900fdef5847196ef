"""Golden files for float16/bfloat16 checkpoints: a state dict of half tensors as safetensors bytes
(built here from the format) and as torch.save bytes, their bit patterns, and a bfloat16 Linear's
forward in PyTorch (CPU 1.13 has no float16 addmm).

Run with /usr/bin/python3 (torch 1.13). Writes packages/nn/test/fixtures/safetensors-half.json.
"""
import base64
import io
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "nn", "test", "fixtures", "safetensors-half.json")
TAG = {torch.float16: "F16", torch.bfloat16: "BF16", torch.float32: "F32"}


def raw(t):
    t = t.contiguous()
    return (t.view(torch.int16) if t.element_size() == 2 else t).numpy().tobytes()


def safetensors_bytes(tensors):
    header, data, offset = {}, b"", 0
    for name in sorted(tensors, key=lambda k: (-tensors[k].element_size(), k)):
        b = raw(tensors[name])
        header[name] = {"dtype": TAG[tensors[name].dtype], "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(b)]}
        data += b
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def num(v):
    return v if math.isfinite(v) else ("nan" if math.isnan(v) else "inf" if v > 0 else "-inf")


def bits(t):
    return (t.contiguous().view(torch.int16).reshape(-1).to(torch.int32) & 0xFFFF).tolist()


def main():
    torch.manual_seed(0)
    sd = {
        "w16": torch.tensor([[1.0, -2.5, 65504.0], [6e-8, float("inf"), 0.1]]).half(),
        "b16": torch.tensor([1.5, -3.0e38, 0.1, float("-inf")]).bfloat16(),
        "f32": torch.tensor([0.25, -1.0]),
    }
    f = io.BytesIO()
    torch.save(sd, f)
    lin = torch.nn.Linear(3, 2).bfloat16()
    x = torch.randn(4, 3).bfloat16()
    with torch.no_grad():
        y = lin(x)
    fixture = {
        "torch": torch.__version__,
        "tensors": {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                        "bits": bits(v) if v.element_size() == 2 else None, "values": [num(x) for x in v.float().reshape(-1).tolist()]}
                    for k, v in sd.items()},
        "safetensors": base64.b64encode(safetensors_bytes(sd)).decode(),
        "pth": base64.b64encode(f.getvalue()).decode(),
        "linear": {"weight": bits(lin.weight), "bias": bits(lin.bias), "x": bits(x), "y": bits(y)},
    }
    with open(OUT, "w") as out:
        json.dump(fixture, out, indent=None, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
