"""Golden fixtures for einsum and meshgrid (torch 1.13, /usr/bin/python3).

Writes packages/core/test/fixtures/core-einsum.json. einsum's node names are not recorded:
torchlet composes it (its contraction order can differ from PyTorch's left-to-right one, which
also changes the float rounding slightly, within the 1e-5 tolerance).
"""
import warnings

import torch

from core_fixture_run import run_case, write
from core_ops import inp

warnings.filterwarnings("ignore")


def einsum(x, a):
    return torch.einsum(a["eq"], *x)


def meshgrid(x, a):
    return torch.meshgrid(*x, **a)


def main():
    cases = []
    T = [["t", 0, 1]]

    def E(eq, *ins):
        rec = run_case("einsum", einsum, list(ins), {"eq": eq})
        rec.pop("gradFn", None)
        cases.append(rec)

    E("ij,jk->ik", inp([2, 3]), inp([3, 4]))
    E("ij,jk", inp([2, 3]), inp([3, 4]))
    E("ij->ji", inp([2, 3]))
    E("ii->i", inp([3, 3]))
    E("ii", inp([3, 3]))
    E("ij->", inp([2, 3]))
    E("ij", inp([2, 3]))
    E("ji", inp([2, 3]))
    E("i,i->", inp([4]), inp([4]))
    E("i,j->ij", inp([3]), inp([2]))
    E("i,j", inp([3]), inp([2]))
    E("bij,bjk->bik", inp([2, 2, 3]), inp([2, 3, 4]))
    E("bij , bjk -> bik", inp([2, 3, 2], view=[["t", 1, 2]]), inp([3, 4], view=[["expand", [2, 3, 4]]]))
    E("...ij,...jk->...ik", inp([3, 2, 3]), inp([3, 4]))
    E("...ij->...ji", inp([2, 3, 4]))
    E("i...->...", inp([2, 3, 4]))
    E("...,...->...", inp([3, 1]), inp([4]))
    E("...i,...i", inp([2, 1, 3]), inp([4, 3]))
    E("ij...,jk...->ik...", inp([2, 3, 5]), inp([3, 4, 1]))
    E("iij->ji", inp([3, 3, 2]))
    E("iji->j", inp([2, 4, 2]))
    E("iii->i", inp([2, 2, 2]))
    E("ij,jk,kl->il", inp([2, 3]), inp([3, 4]), inp([4, 5]))
    E("ij,jk,kl", inp([4, 3], view=T), inp([3, 4]), inp([4, 2]))
    E("ab,bc,cd,de->ae", inp([2, 6]), inp([6, 6]), inp([6, 6]), inp([6, 3]))
    E("bn,anm,bm->ba", inp([2, 3]), inp([4, 3, 5]), inp([2, 5]))
    E("i,i,i->i", inp([3]), inp([3]), inp([3]))
    E("ij,ij->ij", inp([2, 3]), inp([2, 3]))
    E("ij,j->i", inp([4, 3], view=[["narrow", 0, 1, 2]]), inp([1, 3], view=[["select", 0, 0]]))
    E("ij,kj->ikj", inp([2, 3]), inp([4, 3]))
    E("Ab,bC->AC", inp([2, 3]), inp([3, 2]))
    E("ij,jk->ik", inp([2, 3], dtype="float64"), inp([3, 4], dtype="float64"))
    E("ij,jk->ik", inp([2, 3], "int"), inp([3, 4], "int"))
    E("i->i", inp([]))
    E("->", inp([]))
    E(",->", inp([]), inp([]))
    E("i,->i", inp([3]), inp([]))
    E("i,i->", inp([0]), inp([0]))
    E("ij,jk->ik", inp([0, 3]), inp([3, 4]))
    E("ij,jk->ik", inp([2, 0]), inp([0, 4]))
    E("ij,jk->ik", inp([3, 2], view=T), inp([1, 4], view=[["expand", [3, 4]]]))
    # errors
    E("ij,jk", inp([2, 3]))
    E("ij", inp([2, 3]), inp([3, 4]))
    E("i1", inp([2, 3]))
    E("ij->i1", inp([2, 3]))
    E("ijk", inp([2, 3]))
    E("i", inp([2, 3]))
    E("...i...", inp([2, 3]))
    E(".i", inp([2, 3]))
    E("ij->....", inp([2, 3]))
    E("ij->.i", inp([2, 3]))
    E("ij->ii", inp([2, 3]))
    E("ij->k", inp([2, 3]))
    E("ij,ij", inp([2, 3]), inp([3, 4]))
    E("ii", inp([2, 3]))
    E("...i,...i", inp([2, 3]), inp([4, 3]))
    E("ij,jk", inp([2, 3]), inp([3, 4], dtype="float64"))
    E("i->i", inp([]))
    # meshgrid
    M = lambda ins, **a: cases.append(run_case("meshgrid", meshgrid, ins, a))  # noqa: E731
    for ix in ["ij", "xy"]:
        M([inp([3]), inp([2]), inp([])], indexing=ix)
        M([inp([3]), inp([4])], indexing=ix)
        M([inp([4])], indexing=ix)
        M([inp([3, 2], view=[["select", 1, 0]]), inp([2, 3], view=T + [["select", 1, 1]])], indexing=ix)
        M([inp([3]), inp([0])], indexing=ix)
    M([inp([3]), inp([2])])
    M([inp([3], dtype="float64"), inp([2], dtype="float64")], indexing="xy")
    M([inp([3], "int"), inp([2], "int")], indexing="xy")
    M([inp([3]), inp([2])], indexing="x")
    M([])
    M([inp([3]), inp([2], dtype="float64")])
    M([inp([3]), inp([2, 2])])
    # PyTorch prints the offending tensor in C++ form after "got:"; only the words before are kept.
    for c in cases:
        if "error" in c and "got:" in c["error"]:
            c["error"] = c["error"][: c["error"].index("got:") + 4]
    write("core-einsum.json", cases)


if __name__ == "__main__":
    main()
