"""Golden files for int64 in checkpoints: a state dict with BatchNorm's int64 num_batches_tracked,
int64 tensors past int32 (and one past 2^53), saved by torch.save and as safetensors bytes (built
here from the format: an 8-byte header length, the JSON header, the data), and what a torchlet
int64 / int32 tensor must look like when PyTorch reads torchlet's bytes back.

Run with /usr/bin/python3 (torch 1.13). Writes packages/nn/test/fixtures/safetensors-dtypes.json.
"""
import base64
import io
import json
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "nn", "test", "fixtures", "safetensors-dtypes.json")
TAG = {torch.int64: "I64", torch.int32: "I32", torch.float32: "F32", torch.float64: "F64", torch.bool: "BOOL"}


def safetensors_bytes(tensors):
    header, data, offset = {}, b"", 0
    for name in sorted(tensors, key=lambda k: (-tensors[k].element_size(), k)):
        t = tensors[name].contiguous()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": TAG[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def save_bytes(obj):
    f = io.BytesIO()
    torch.save(obj, f)
    return f.getvalue()


def b64(b):
    return base64.b64encode(b).decode()


def main():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    model.train()
    for _ in range(3):
        model(torch.randn(5, 3))
    sd = model.state_dict()
    ints = {"big": torch.tensor([2 ** 40 + 1, -(2 ** 35), 7, 2 ** 53], dtype=torch.int64),
            "small": torch.tensor([[1, -2], [3, 4]], dtype=torch.int32)}
    too_big = {"huge": torch.tensor([1, 2 ** 60], dtype=torch.int64)}
    fixture = {
        "torch": torch.__version__,
        "stateDict": {k: {"dtype": str(v.dtype).replace("torch.", ""), "values": v.reshape(-1).tolist(), "shape": list(v.shape)}
                      for k, v in sd.items()},
        "ints": {k: {"dtype": str(v.dtype).replace("torch.", ""), "values": v.reshape(-1).tolist(), "shape": list(v.shape)}
                 for k, v in ints.items()},
        "pth": b64(save_bytes(sd)),
        "intsPth": b64(save_bytes(ints)),
        "intsSafetensors": b64(safetensors_bytes(ints)),
        "stateDictSafetensors": b64(safetensors_bytes(dict(sd))),
        "hugePth": b64(save_bytes(too_big)),
        "hugeSafetensors": b64(safetensors_bytes(too_big)),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
