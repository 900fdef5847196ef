#!/usr/bin/python3
"""safetensors both ways between PyTorch and torchlet (the safetensors package is not needed: the
format is read and written here with struct/json/numpy).

1. Writes packages/nn/test/fixtures/torch_model.safetensors: the state dict of SmallNet (below)
   built after torch.manual_seed(0) and run once in training mode (so BatchNorm's running
   statistics and num_batches_tracked are non-trivial), plus safetensors.json with an input and
   the eval-mode output. packages/nn/test/safetensors.test.ts loads the file into torchlet's
   SmallNet and must reproduce that output.
2. Writes dtypes.safetensors: one tensor per safetensors dtype torchlet reads (F16, BF16, I8, ...).
3. If packages/nn/test/fixtures/torchlet_model.safetensors exists (written by
   `npx tsx --conditions=torchlet-source tools/parity/nn_safetensors_export.ts`), loads it into
   PyTorch's SmallNet and checks that PyTorch's output equals the one torchlet computed
   (torchlet_model.json). Exits non-zero on a mismatch.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_safetensors.py
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

from nn_common import FIXTURES, t2j, write

torch.set_num_threads(1)

DTYPES = {
    "F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
    "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_,
}
TORCH_TO_ST = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
               torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}


def save_file(tensors, path):
    """safetensors writer: 8-byte LE header length, JSON header (padded to 8), raw LE data."""
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dt = TORCH_TO_ST[t.dtype]
        if dt == "BF16":
            data = t.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            data = t.numpy().astype(np.dtype(DTYPES[dt]).newbyteorder("<")).tobytes()
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))


def load_file(path):
    """safetensors reader (validates offsets), returning torch tensors."""
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out, pos = {}, 0
    for name, info in sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[1]["data_offsets"][0]):
        b, e = info["data_offsets"]
        assert b == pos, f"{name}: offset {b}, expected {pos}"
        pos = e
        if info["dtype"] == "BF16":
            t = torch.from_numpy(np.frombuffer(data[b:e], dtype="<i2").copy()).view(torch.bfloat16)
        else:
            t = torch.from_numpy(np.frombuffer(data[b:e], dtype=np.dtype(DTYPES[info["dtype"]]).newbyteorder("<")).copy())
        out[name] = t.reshape(info["shape"])
    assert pos == len(data), "trailing bytes"
    return out


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, padding=1)
        self.bn = nn.BatchNorm2d(2)
        self.fc = nn.Linear(2 * 4 * 4, 3)
        self.emb = nn.Embedding(4, 3)

    def forward(self, x):
        h = torch.relu(self.bn(self.conv(x))).flatten(1)
        return self.fc(h) + self.emb.weight.sum()


torch.manual_seed(0)
net = SmallNet()
net(torch.randn(5, 1, 4, 4))
net.eval()
x = torch.randn(2, 1, 4, 4)
save_file(net.state_dict(), os.path.join(FIXTURES, "torch_model.safetensors"))
write("safetensors.json", {"input": t2j(x), "output": t2j(net(x)), "keys": list(net.state_dict().keys())})

dtypes = {
    "f16": torch.tensor([1.5, -0.25, 65504.0, 6e-8]).half(),
    "bf16": torch.tensor([1.5, -3.0e38, 0.1]).bfloat16(),
    "i8": torch.tensor([-128, 5, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 200, 255], dtype=torch.uint8),
    "i16": torch.tensor([-32768, 7], dtype=torch.int16),
    "i32": torch.tensor([[1, -2], [3, 2147483647]], dtype=torch.int32),
    "i64": torch.tensor([-5, 2**31 - 1], dtype=torch.int64),
    "bool": torch.tensor([True, False, True]),
    "f64": torch.tensor([1e-300, -2.5], dtype=torch.float64),
    "scalar": torch.tensor(3.25),
}
save_file(dtypes, os.path.join(FIXTURES, "dtypes.safetensors"))
write("dtypes.json", {k: {"shape": list(v.shape), "values": v.double().reshape(-1).tolist() if v.is_floating_point() else v.reshape(-1).tolist()}
                      for k, v in dtypes.items()})

mine = os.path.join(FIXTURES, "torchlet_model.safetensors")
if os.path.exists(mine):
    expected = json.load(open(os.path.join(FIXTURES, "torchlet_model.json")))
    theirs = SmallNet()
    result = theirs.load_state_dict(load_file(mine))
    theirs.eval()
    inp = torch.tensor(expected["input"]["data"]).reshape(expected["input"]["shape"])
    out = theirs(inp).detach()
    want = torch.tensor(expected["output"]["data"]).reshape(expected["output"]["shape"])
    ok = torch.allclose(out, want, rtol=1e-5, atol=1e-6) and not result.missing_keys and not result.unexpected_keys
    print("torchlet file loads into PyTorch:", "OK" if ok else "MISMATCH", out.tolist(), want.tolist())
    if not ok:
        sys.exit(1)
else:
    print("no torchlet_model.safetensors yet: run tools/parity/nn_safetensors_export.ts, then this script again")
