"""Golden files for uint8/int8/int16 checkpoints: a state dict of small integer tensors (edge values)
as safetensors bytes (built here from the format) and as torch.save bytes (ByteStorage,
CharStorage, ShortStorage), with a view into one storage, and PyTorch reading torchlet's bytes back.

Run with /usr/bin/python3 (torch 1.13). Writes packages/nn/test/fixtures/safetensors-small-int.json.
With an argument (a torchlet-written .pth or .safetensors path) it prints what PyTorch loads from it.
"""
import base64
import io
import json
import os
import struct
import sys

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "nn", "test", "fixtures", "safetensors-small-int.json")
TAG = {torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16", torch.float32: "F32"}


def safetensors_bytes(tensors):
    header, data, offset = {}, b"", 0
    for name in sorted(tensors, key=lambda k: (-tensors[k].element_size(), k)):
        b = tensors[name].contiguous().numpy().tobytes()
        header[name] = {"dtype": TAG[tensors[name].dtype], "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(b)]}
        data += b
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def describe(sd):
    return {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": v.reshape(-1).tolist()}
            for k, v in sd.items()}


def main():
    sd = {
        "u8": torch.tensor([[0, 1, 127], [128, 200, 255]], dtype=torch.uint8),
        "i8": torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8),
        "i16": torch.tensor([[-32768, -300], [300, 32767]], dtype=torch.int16),
        "f32": torch.tensor([0.25, -1.0]),
    }
    f = io.BytesIO()
    torch.save(sd, f)
    base = torch.arange(12, dtype=torch.uint8).reshape(3, 4) * 20
    g = io.BytesIO()
    torch.save({"base": base, "col": base[:, 1], "row": base[2]}, g)
    fixture = {
        "torch": torch.__version__,
        "tensors": describe(sd),
        "safetensors": base64.b64encode(safetensors_bytes(sd)).decode(),
        "pth": base64.b64encode(f.getvalue()).decode(),
        "views": describe({"base": base, "col": base[:, 1], "row": base[2]}),
        "viewsPth": base64.b64encode(g.getvalue()).decode(),
    }
    with open(OUT, "w") as out:
        json.dump(fixture, out, indent=None, separators=(",", ":"))
        out.write("\n")


def check(path):
    if path.endswith(".safetensors"):
        data = open(path, "rb").read()
        n = struct.unpack("<Q", data[:8])[0]
        header = json.loads(data[8:8 + n])
        rows = {}
        for k, h in header.items():
            if k == "__metadata__":
                continue
            dt = {"U8": torch.uint8, "I8": torch.int8, "I16": torch.int16, "F32": torch.float32}[h["dtype"]]
            a, b = h["data_offsets"]
            rows[k] = torch.frombuffer(bytearray(data[8 + n + a:8 + n + b]), dtype=dt).reshape(h["shape"])
        print(json.dumps(describe(rows)))
    else:
        print(json.dumps(describe(torch.load(path, weights_only=True))))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        check(sys.argv[1])
    else:
        main()
