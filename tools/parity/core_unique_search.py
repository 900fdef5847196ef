"""Golden fixtures for unique, uniqueConsecutive, bincount, histc, searchsorted and bucketize
(torch 1.13, /usr/bin/python3). Writes packages/core/test/fixtures/core-unique-search.json.

Where torchlet deliberately follows PyTorch 2.x instead of 1.13, the truth is composed here:
- unique(sorted=False): 1.13's CPU order is its hash set's; torchlet returns the sorted result
  (as 2.x's CPU unique does), so those cases record unique(sorted=True).
- NaN in histc: 1.13 converts NaN's bin position to an integer (undefined behaviour); torchlet skips
  NaN as 2.x does, so no NaN cases for histc.
- NaN in unique: 1.13's hash-based CPU unique gives inconsistent inverse indices and counts; no
  NaN cases for it here (uniqueConsecutive's NaN behaviour is recorded: every NaN is distinct).
"""
import numpy as np
import torch

from core_fixture_run import run_case, write
from core_ops import inp, num

rng = np.random.default_rng(12012)


def spec(values, shape=None, dtype="int32", view=None):
    arr = np.asarray(values)
    shape = list(arr.shape) if shape is None else shape
    return {"shape": shape, "data": [num(v, dtype) for v in arr.reshape(-1).tolist()], "view": view or [],
            "dtype": dtype, "grad": False}


def ints(shape, lo, hi, view=None):
    return spec(rng.integers(lo, hi, int(np.prod(shape)) if shape else 1).reshape(shape), list(shape), "int32", view)


def unique(x, a):
    kw = {"return_inverse": a.get("returnInverse", False), "return_counts": a.get("returnCounts", False)}
    if "dim" in a:
        kw["dim"] = a["dim"]
    return torch.unique(x[0], sorted=True, **kw)


def unique_consecutive(x, a):
    kw = {"return_inverse": a.get("returnInverse", False), "return_counts": a.get("returnCounts", False)}
    if "dim" in a:
        kw["dim"] = a["dim"]
    return torch.unique_consecutive(x[0], **kw)


def bincount(x, a):
    return torch.bincount(x[0], weights=x[1] if len(x) > 1 else None, minlength=a.get("minlength", 0))


def histc(x, a):
    return torch.histc(x[0], **a)


def searchsorted(x, a):
    kw = {k: a[k] for k in ("right", "side") if k in a}
    values = a["scalar"] if "scalar" in a else x[1]
    return torch.searchsorted(x[0], values, sorter=x[2] if len(x) > 2 else None, **kw)


def bucketize(x, a):
    values = a["scalar"] if "scalar" in a else x[0]
    return torch.bucketize(values, x[-1], right=a.get("right", False))


def main():
    cases = []
    C = lambda fn, name, ins, **a: cases.append(run_case(name, fn, ins, a))  # noqa: E731
    T = [["t", 0, 1]]
    both = {"returnInverse": True, "returnCounts": True}
    # unique
    x = ints([12], -3, 4)
    C(unique, "unique", [x])
    C(unique, "unique", [x], **both)
    C(unique, "unique", [x], returnCounts=True)
    C(unique, "unique", [x], returnInverse=True, sorted=False)
    C(unique, "unique", [ints([3, 4], 0, 3, T)], **both)
    C(unique, "unique", [spec([[-0.0, 0.0, 1.5], [1.5, -2.0, 0.0]], dtype="float32")], **both)
    C(unique, "unique", [spec([True, False, True], dtype="bool")], **both)
    C(unique, "unique", [spec(3.5, [], "float64")], **both)
    C(unique, "unique", [spec([], [0, 3], "float32")], **both)
    rows = spec([[1, 2, 0], [0, 5, 1], [1, 2, 0], [0, 4, 9], [0, 5, 1]])
    C(unique, "unique", [rows], dim=0, **both)
    C(unique, "unique", [rows], dim=1, **both)
    C(unique, "unique", [rows], dim=-2, sorted=False)
    C(unique, "unique", [spec([[1, 1, 2], [3, 3, 1]], view=T)], dim=0, **both)
    C(unique, "unique", [ints([2, 3, 2], 0, 2)], dim=1, **both)
    C(unique, "unique", [spec([], [0, 3], "float32")], dim=0, **both)
    C(unique, "unique", [spec([], [0, 3], "float32")], dim=1)
    C(unique, "unique", [spec([], [2, 0], "float32")], dim=0)
    C(unique, "unique", [rows], dim=2)
    C(unique, "unique", [spec(3.5, [], "float32")], dim=0)
    # uniqueConsecutive
    c = spec([1, 1, 2, 2, 3, 1, 1, 2])
    C(unique_consecutive, "uniqueConsecutive", [c])
    C(unique_consecutive, "uniqueConsecutive", [c], **both)
    C(unique_consecutive, "uniqueConsecutive", [spec([1.0, float("nan"), float("nan"), 2.0, 2.0], dtype="float32")], **both)
    C(unique_consecutive, "uniqueConsecutive", [spec([[1, 2], [1, 2], [0, 5], [1, 2]])], dim=0, **both)
    C(unique_consecutive, "uniqueConsecutive", [spec([[1, 1, 0, 1], [2, 2, 5, 2]])], dim=1, returnCounts=True)
    C(unique_consecutive, "uniqueConsecutive", [spec([[1, 1], [2, 2], [2, 2]], view=T)], dim=1, **both)
    C(unique_consecutive, "uniqueConsecutive", [spec(2, [])], **both)
    C(unique_consecutive, "uniqueConsecutive", [spec([], [0, 2], "float32")], dim=0, **both)
    C(unique_consecutive, "uniqueConsecutive", [spec([], [2, 0], "float32")], dim=0)
    C(unique_consecutive, "uniqueConsecutive", [spec(2, [])], dim=0)
    # bincount
    b = ints([10], 0, 6)
    C(bincount, "bincount", [b])
    C(bincount, "bincount", [b], minlength=9)
    C(bincount, "bincount", [b, inp([10], grad=False)])
    C(bincount, "bincount", [b, inp([10], dtype="float64", grad=False)], minlength=8)
    C(bincount, "bincount", [b, ints([10], -3, 4)])
    C(bincount, "bincount", [ints([4, 3], 0, 5, [["narrow", 1, 1, 1], ["t", 0, 1]]) | {"view": [["select", 1, 1]]}])
    C(bincount, "bincount", [spec([], [0])])
    C(bincount, "bincount", [spec([], [0])], minlength=3)
    C(bincount, "bincount", [spec([-1, 2])])
    C(bincount, "bincount", [spec([[1, 2]])])
    C(bincount, "bincount", [spec(1, [])])
    C(bincount, "bincount", [spec([1.0, 2.0], dtype="float32")])
    C(bincount, "bincount", [b], minlength=-1)
    C(bincount, "bincount", [b, inp([3], grad=False)])
    # histc: random values (torchlet bins by (x - min) * bins / (max - min) in the input's precision;
    # PyTorch 1.13 then corrects against its float linspace edges, which can move a value within an
    # ulp of an interior edge to the neighbouring bin: such values are left out here).
    near = np.concatenate([rng.uniform(-1.5, 2.5, 60), [-1.0, 2.0, 0.5]]).astype(np.float32)
    h = spec(near, dtype="float32")
    C(histc, "histc", [h], bins=30, min=-1, max=2)
    C(histc, "histc", [h], bins=7, min=-1, max=2)
    C(histc, "histc", [h], bins=13)
    C(histc, "histc", [spec(near.astype(np.float64), dtype="float64")], bins=30, min=-1, max=2)
    C(histc, "histc", [spec(near.astype(np.float64), dtype="float64")], bins=9, min=-0.3, max=1.7)
    C(histc, "histc", [inp([4, 5], view=T, grad=False)], bins=6)
    C(histc, "histc", [spec([2.0, 2.0], dtype="float32")], bins=4)
    C(histc, "histc", [spec([], [0], "float32")], bins=4)
    C(histc, "histc", [spec(3.0, [], "float32")], bins=3)
    C(histc, "histc", [spec([1.0, 2.0, float("inf"), 0.5, -float("inf")], dtype="float32")], bins=4, min=0, max=3)
    C(histc, "histc", [spec([1, 2])], bins=4)
    C(histc, "histc", [spec([1.0, 2.0], dtype="float32")], bins=0)
    C(histc, "histc", [spec([1.0, 2.0], dtype="float32")], bins=3, min=3, max=0)
    C(histc, "histc", [spec([1.0, float("inf")], dtype="float32")], bins=4)
    C(histc, "histc", [spec([1.0, 2.0], dtype="float32")], bins=4, min=0, max=float("inf"))
    C(histc, "histc", [spec([1.0, 2.0], dtype="float32")], bins=3, min=1e-7, max=0.25)
    # searchsorted
    s = spec([1.0, 3.0, 5.0, 7.0, 9.0], dtype="float32")
    v = spec([[3.0, 6.0, 9.0, 0.0], [10.0, 1.0, 5.0, 4.0]], dtype="float32")
    for kw in [{}, {"right": True}, {"side": "right"}, {"side": "left"}, {"side": "right", "right": False}]:
        C(searchsorted, "searchsorted", [s, v], **kw)
    C(searchsorted, "searchsorted", [s, spec([[3.0, 6.0], [9.0, 0.0]], dtype="float32", view=T)], right=True)
    C(searchsorted, "searchsorted", [spec([[1.0, 3, 5], [2, 4, 6]], dtype="float32"), spec([[3.0, 6, 0, 2], [3, 6, 0, 2]], dtype="float32")])
    C(searchsorted, "searchsorted", [spec([[1.0, 3, 5], [2, 4, 6]], dtype="float32"), spec([[3.0, 6], [3, 6]], dtype="float32")], side="right")
    C(searchsorted, "searchsorted", [spec([1, 3, 5, 7]), spec([3.5, 7.0, -1.0], dtype="float32")])
    C(searchsorted, "searchsorted", [spec([1.0, 3, 5, 7], dtype="float64"), spec([3, 7, 8])], right=True)
    C(searchsorted, "searchsorted", [spec([5.0, 1, 9, 3, 7], dtype="float32"), spec([3.0, 6, 10], dtype="float32"), spec([1, 3, 0, 4, 2])])
    C(searchsorted, "searchsorted", [spec([5.0, 1, 9, 3, 7], dtype="float32"), spec([3.0, 6, 10], dtype="float32"), spec([1, 3, 0, 4, 2])], right=True)
    C(searchsorted, "searchsorted", [spec([[5.0, 1, 3], [2, 6, 4]], dtype="float32"), spec([[3.0, 6], [3, 6]], dtype="float32"), spec([[1, 2, 0], [0, 2, 1]])])
    C(searchsorted, "searchsorted", [spec([1.0, float("nan")], dtype="float32"), spec([float("nan"), 0.0, 2.0], dtype="float32")])
    C(searchsorted, "searchsorted", [spec([1.0, 2, float("nan")], dtype="float32"), spec([float("nan"), 1.5], dtype="float32")], right=True)
    C(searchsorted, "searchsorted", [s, spec([], [0], "float32")])
    C(searchsorted, "searchsorted", [s, spec(4.0, [], "float32")])
    C(searchsorted, "searchsorted", [s], scalar=5)
    C(searchsorted, "searchsorted", [s], scalar=5.5, right=True)
    C(searchsorted, "searchsorted", [s, v], side="x")
    C(searchsorted, "searchsorted", [s, v], side="left", right=True)
    C(searchsorted, "searchsorted", [spec([[1.0, 3, 5], [2, 4, 6]], dtype="float32"), spec([[3.0, 6, 1]] * 3, dtype="float32")])
    C(searchsorted, "searchsorted", [spec([[1.0, 3, 5], [2, 4, 6]], dtype="float32"), spec([3.0, 6], dtype="float32")])
    C(searchsorted, "searchsorted", [spec([[1.0, 3, 5], [2, 4, 6]], dtype="float32")], scalar=3.0)
    C(searchsorted, "searchsorted", [spec(1.0, [], "float32"), spec([1.0], dtype="float32")])
    C(searchsorted, "searchsorted", [spec([5.0, 1, 9], dtype="float32"), spec([3.0], dtype="float32"), spec([1, 0])])
    C(searchsorted, "searchsorted", [spec([5.0, 1, 9], dtype="float32"), spec([3.0], dtype="float32"), spec([1.0, 0, 2], dtype="float32")])
    # bucketize
    C(bucketize, "bucketize", [v, s])
    C(bucketize, "bucketize", [v, s], right=True)
    C(bucketize, "bucketize", [spec([[3.0, 6.0], [9.0, 0.0]], dtype="float32", view=T), s])
    C(bucketize, "bucketize", [spec([1, 5, 10]), s], right=True)
    C(bucketize, "bucketize", [s], scalar=4)
    C(bucketize, "bucketize", [spec(9.0, [], "float32"), s])
    C(bucketize, "bucketize", [v, spec([[1.0, 2.0]], dtype="float32")])
    write("core-unique-search.json", cases)


if __name__ == "__main__":
    main()
