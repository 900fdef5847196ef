"""Golden fixtures for cosineSimilarity, pairwiseDistance and cdist (torch 1.13, /usr/bin/python3).

Writes packages/core/test/fixtures/core-distance.json (see core_fixture_run for the record).
"""
import torch
import torch.nn.functional as F

from core_fixture_run import run_case, write
from core_ops import inp

MODES = {None: "use_mm_for_euclid_dist_if_necessary"}


def cos(x, a):
    return F.cosine_similarity(x[0], x[1], **a)


def pdist(x, a):
    return F.pairwise_distance(x[0], x[1], **a)


def cdist(x, a):
    kw = {"p": a["p"]} if "p" in a else {}
    if "computeMode" in a:
        kw["compute_mode"] = a["computeMode"]
    return torch.cdist(x[0], x[1], **kw)


def main():
    cases = []
    T = [["t", 0, 1]]
    C = lambda fn, name, ins, **a: cases.append(run_case(name, fn, ins, a))  # noqa: E731
    # cosineSimilarity: dims, broadcast, views, tiny norms under eps, 0-d, zero-size, mixed dtypes.
    C(cos, "cosineSimilarity", [inp([3, 4]), inp([3, 4])])
    C(cos, "cosineSimilarity", [inp([3, 4]), inp([3, 4])], dim=0)
    C(cos, "cosineSimilarity", [inp([2, 3, 4]), inp([3, 4])], dim=-1)
    C(cos, "cosineSimilarity", [inp([4, 3], view=T), inp([1, 4], view=[["expand", [3, 4]]])], dim=1)
    C(cos, "cosineSimilarity", [inp([3, 5], view=[["narrow", 1, 1, 3]]), inp([3, 1])], dim=1)
    small = inp([2, 3])
    small["data"] = [v * 1e-3 for v in small["data"]]
    C(cos, "cosineSimilarity", [small, inp([2, 3])], dim=1, eps=1e-2)
    C(cos, "cosineSimilarity", [inp([2, 3], dtype="float64"), inp([2, 3], dtype="float64")], dim=1, eps=0.5)
    C(cos, "cosineSimilarity", [inp([2, 3]), inp([2, 3], dtype="float64")], dim=1)
    C(cos, "cosineSimilarity", [inp([2, 3]), inp([2, 3], "int")], dim=1)
    C(cos, "cosineSimilarity", [inp([]), inp([])], dim=0)
    C(cos, "cosineSimilarity", [inp([0, 3]), inp([0, 3])], dim=1)
    C(cos, "cosineSimilarity", [inp([2, 0]), inp([2, 0])], dim=1)
    C(cos, "cosineSimilarity", [inp([2], "int"), inp([2], "int")], dim=0)
    C(cos, "cosineSimilarity", [inp([2]), inp([3])], dim=0)
    C(cos, "cosineSimilarity", [inp([2, 3]), inp([2, 3])], dim=2)
    # pairwiseDistance: p values, keepdim, broadcast, 0-d, zero-size, ints.
    for p in [2, 1, 3, 0.5, 0, float("inf"), -1]:
        C(pdist, "pairwiseDistance", [inp([3, 4]), inp([3, 4])], p=p)
    C(pdist, "pairwiseDistance", [inp([3, 4]), inp([4])], keepdim=True)
    C(pdist, "pairwiseDistance", [inp([4]), inp([2, 4], view=[["t", 0, 1], ["t", 0, 1]])], p=1.5, eps=1e-3)
    C(pdist, "pairwiseDistance", [inp([4, 3], view=T), inp([3, 4])], p=2, keepdim=True)
    C(pdist, "pairwiseDistance", [inp([]), inp([])])
    C(pdist, "pairwiseDistance", [inp([2, 0]), inp([2, 0])])
    C(pdist, "pairwiseDistance", [inp([0, 3]), inp([0, 3])], keepdim=True)
    C(pdist, "pairwiseDistance", [inp([2, 3], "int"), inp([2, 3], "int")])
    C(pdist, "pairwiseDistance", [inp([2, 3], dtype="float64"), inp([2, 3], dtype="float64")], p=3)
    C(pdist, "pairwiseDistance", [inp([2, 3]), inp([2, 4])])
    # cdist: every p on the direct path, the matrix-product path (forced and by size), batches.
    for p in [2, 1, 0, 0.5, 1.5, 3, float("inf")]:
        C(cdist, "cdist", [inp([3, 4]), inp([5, 4])], p=p)
    ties = inp([3, 2], "ties")
    C(cdist, "cdist", [ties, inp([4, 2], "ties")], p=1.5)
    C(cdist, "cdist", [inp([3, 2], "ties"), inp([4, 2], "ties")], p=0.5)
    C(cdist, "cdist", [inp([3, 2], "ties"), inp([4, 2], "ties")], p=float("inf"))
    C(cdist, "cdist", [inp([3, 2], "ties"), inp([4, 2], "ties")], p=2, computeMode="donot_use_mm_for_euclid_dist")
    C(cdist, "cdist", [inp([3, 4]), inp([5, 4])], computeMode="use_mm_for_euclid_dist")
    C(cdist, "cdist", [inp([27, 3]), inp([4, 3])])
    C(cdist, "cdist", [inp([27, 3]), inp([4, 3])], computeMode="donot_use_mm_for_euclid_dist")
    C(cdist, "cdist", [inp([2, 1, 3, 4]), inp([3, 2, 4])], p=1)
    C(cdist, "cdist", [inp([2, 1, 3, 4]), inp([3, 2, 4])], computeMode="use_mm_for_euclid_dist")
    C(cdist, "cdist", [inp([4, 3], view=T), inp([3, 5], view=T)], p=3)
    C(cdist, "cdist", [inp([4, 3], view=T), inp([3, 30], view=T)])
    C(cdist, "cdist", [inp([2, 3], dtype="float64"), inp([4, 3], dtype="float64")], p=2.5)
    C(cdist, "cdist", [inp([0, 3]), inp([2, 3])])
    C(cdist, "cdist", [inp([2, 0]), inp([3, 0])], p=float("inf"))
    C(cdist, "cdist", [inp([2, 0]), inp([3, 0])], computeMode="use_mm_for_euclid_dist")
    C(cdist, "cdist", [inp([3]), inp([2, 3])])
    C(cdist, "cdist", [inp([2, 3]), inp([3])])
    C(cdist, "cdist", [inp([2, 3]), inp([2, 4])])
    C(cdist, "cdist", [inp([2, 3], "int"), inp([2, 3])])
    C(cdist, "cdist", [inp([2, 3]), inp([2, 3], "int")])
    C(cdist, "cdist", [inp([2, 3]), inp([2, 3], dtype="float64")])
    C(cdist, "cdist", [inp([2, 3]), inp([2, 3])], p=-1)
    C(cdist, "cdist", [inp([2, 2, 3]), inp([3, 2, 3])])
    C(cdist, "cdist", [inp([2, 3]), inp([2, 3])], computeMode="x")
    write("core-distance.json", cases)


if __name__ == "__main__":
    main()
