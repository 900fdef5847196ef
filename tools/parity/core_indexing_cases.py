"""The cases of core_indexing.py: ops (copies), views (incl. slicing and splitting), errors."""
import torch

T = {"kind": "T"}


def P(*dims):
    return {"kind": "permute", "dims": list(dims)}


def S(dim, step=2):
    return {"kind": "stride", "dim": dim, "step": step}


def ints_as_float(*shape, hi=3):
    return torch.randint(0, hi, shape).float()


def op_cases(case, F, idx, mask, spec):
    c = []
    # gather
    c.append(case("gather dim1", "gather", [F(3, 4), idx([[0, 3], [2, 2], [1, 0]])], {"dim": 1}))
    c.append(case("gather dim0 repeats", "gather", [F(3, 4), idx([[0, 1, 2, 2], [2, 2, 0, 0]])], {"dim": 0}))
    c.append(case("gather transposed", "gather", [F(4, 3, view=T), idx([[3, 0, 1], [1, 1, 1]])], {"dim": -1}))
    c.append(case("gather smaller index", "gather", [F(2, 3, 4), idx([[[1], [0]]])], {"dim": 2}))
    c.append(case("gather empty index", "gather", [F(3, 4), spec(torch.zeros(3, 0, dtype=torch.int64))], {"dim": 1}))
    c.append(case("gather strided", "gather", [F(3, 8, view=S(1)), idx([[0, 3], [2, 2], [1, 0]])], {"dim": 1}))
    # scatter family
    c.append(case("scatter src", "scatter", [F(3, 5), idx([[0, 4], [2, 1], [3, 3]]), F(3, 2)], {"dim": 1}))
    c.append(case("scatter src larger", "scatter", [F(2, 4), idx([[1, 0]]), F(3, 3)], {"dim": 0, "noGrad": True}))
    c.append(case("scatter value one-hot", "scatter", [spec(torch.zeros(4, 5)), idx([[1], [4], [0], [1]])],
                  {"dim": 1, "value": 1.0}))
    c.append(case("scatter value grad", "scatter", [F(3, 4, view=T), idx([[0, 1, 2]])],
                  {"dim": 0, "value": -2.5}))
    c.append(case("scatter reduce add", "scatterWithReduce", [F(3, 4), idx([[0, 0, 1], [2, 2, 2]]), F(2, 3)],
                  {"dim": 1, "reduce": "add", "noGrad": True}))
    c.append(case("scatter reduce multiply", "scatterWithReduce", [F(3, 4), idx([[0, 0, 1], [2, 2, 2]]), F(2, 3)],
                  {"dim": 0, "reduce": "multiply", "noGrad": True}))
    c.append(case("scatter_add repeats", "scatterAdd", [F(3, 4), idx([[0, 0, 1, 1], [2, 0, 2, 0]]), F(2, 4)], {"dim": 0}))
    c.append(case("scatter_add noncontig", "scatterAdd", [F(5, 3, view=T), idx([[0, 0], [4, 4]]), F(2, 2, view=T)],
                  {"dim": 1}))
    c.append(case("scatter_add int", "scatterAdd", [spec(torch.zeros(5, dtype=torch.int64)), idx([0, 1, 1, 4]),
                                                    idx([1, 2, 3, 4])], {"dim": 0}))
    for red in ["sum", "prod", "mean", "amax", "amin"]:
        for inc in [True, False]:
            c.append(case(f"scatter_reduce {red} include_self={inc}", "scatterReduce",
                          [F(3, 4), idx([[0, 0, 3], [2, 2, 2]]), F(2, 3)], {"dim": 1, "reduce": red, "includeSelf": inc}))
    c.append(case("scatter_reduce amax ties", "scatterReduce",
                  [spec(ints_as_float(2, 3)), idx([[0, 0, 1, 1], [2, 2, 2, 0]]), spec(ints_as_float(2, 4))],
                  {"dim": 1, "reduce": "amax", "includeSelf": True}))
    c.append(case("scatter_reduce prod zeros", "scatterReduce",
                  [spec(torch.tensor([[1.5, 0.0, 2.0], [3.0, -1.0, 0.5]])), idx([[0, 0, 1, 1], [2, 2, 2, 0]]),
                   spec(torch.tensor([[0.0, 2.0, 4.0, 0.0], [1.5, 0.0, -2.0, 3.0]]))],
                  {"dim": 1, "reduce": "prod", "includeSelf": True}))
    c.append(case("scatter_reduce mean int", "scatterReduce", [idx([1, 2, 3]), idx([0, 0]), idx([4, 5])],
                  {"dim": 0, "reduce": "mean"}))
    # index_select / index_add
    c.append(case("index_select rows", "indexSelect", [F(5, 3), idx([4, 0, 0, 2])], {"dim": 0}))
    c.append(case("index_select cols", "indexSelect", [F(3, 5), idx([1, 3])], {"dim": 1}))
    c.append(case("index_select transposed", "indexSelect", [F(5, 3, view=T), idx([4, 1, 4])], {"dim": 1}))
    c.append(case("index_select 3d mid", "indexSelect", [F(2, 4, 3, view=P(0, 1, 2)), idx([3, 0])], {"dim": 1}))
    c.append(case("index_select empty", "indexSelect", [F(4, 3), spec(torch.zeros(0, dtype=torch.int64))], {"dim": 0}))
    c.append(case("index_select 0d index", "indexSelect", [F(4, 3), spec(torch.tensor(2))], {"dim": 0}))
    c.append(case("index_add", "indexAdd", [F(4, 3), idx([0, 3, 0]), F(3, 3)], {"dim": 0, "alpha": 2.5}))
    c.append(case("index_add cols", "indexAdd", [F(2, 5, view=None), idx([4, 1]), F(2, 2, view=T)], {"dim": 1}))
    # masks
    c.append(case("masked_fill scalar", "maskedFill", [F(3, 4), mask(3, 4)], {"value": -1.5}))
    c.append(case("masked_fill -inf bcast", "maskedFill", [F(2, 3, 4), mask(3, 1)], {"value": float("-inf")}))
    c.append(case("masked_fill grows", "maskedFill", [F(3, 1), mask(2, 3, 4)], {"value": 2.0}))
    c.append(case("masked_fill tensor value", "maskedFill", [F(3, 4, view=T), mask(4, 3), spec(torch.tensor(0.75))]))
    c.append(case("masked_fill int", "maskedFill", [spec(torch.arange(6)), mask(6)], {"value": 7}))
    c.append(case("masked_select", "maskedSelect", [F(3, 4), mask(3, 4)]))
    c.append(case("masked_select bcast", "maskedSelect", [F(4, 3, view=T), mask(3, 1)]))
    c.append(case("masked_select none", "maskedSelect", [F(2, 3), spec(torch.zeros(2, 3, dtype=torch.bool))]))
    c.append(case("masked_scatter", "maskedScatter", [F(3, 4), mask(3, 4), F(20)]))
    c.append(case("masked_scatter bcast", "maskedScatter", [F(2, 3), mask(3), F(2, 4)]))
    # joins
    c.append(case("cat dim0", "cat", [F(2, 3), F(1, 3), F(4, 3)], {"dim": 0}))
    c.append(case("cat dim1 noncontig", "cat", [F(3, 2, view=T), F(2, 4), F(2, 6, view=S(1))], {"dim": 1}))
    c.append(case("cat last 3d", "cat", [F(2, 3, 1), F(2, 3, 2)], {"dim": -1}))
    c.append(case("cat zero-size", "cat", [F(0, 3), F(2, 3), F(0, 3)], {"dim": 0}))
    c.append(case("cat legacy empty", "cat", [F(2, 3), F(0), F(1, 3)], {"dim": 0}))
    c.append(case("cat promotes", "cat", [idx([[1, 2]]), F(1, 2, dtype=torch.float64)], {"dim": 0}))
    c.append(case("cat int bool", "cat", [idx([1, 2]), mask(3)], {"dim": 0}))
    c.append(case("stack dim0", "stack", [F(2, 3), F(2, 3), F(2, 3)], {"dim": 0}))
    c.append(case("stack dim-1 noncontig", "stack", [F(3, 2, view=T), F(2, 3)], {"dim": -1}))
    c.append(case("stack mid", "stack", [F(2, 3), F(2, 3)], {"dim": 1}))
    c.append(case("hstack", "hstack", [F(2, 1), F(2, 3)]))
    c.append(case("vstack", "vstack", [F(3), F(2, 3)]))
    # ordering
    c.append(case("sort last", "sort", [F(3, 5)], {"dim": -1}))
    c.append(case("sort desc dim0", "sort", [F(4, 3)], {"dim": 0, "descending": True}))
    c.append(case("sort stable ties", "sort", [spec(ints_as_float(3, 8))], {"dim": 1}))
    c.append(case("sort stable ties desc", "sort", [spec(ints_as_float(3, 8))], {"dim": 1, "descending": True}))
    c.append(case("sort nan", "sort", [spec(torch.tensor([3.0, float("nan"), -1.0, float("inf"), 0.0]))], {"dim": 0}))
    c.append(case("sort nan desc", "sort", [spec(torch.tensor([3.0, float("nan"), -1.0, float("-inf")]))],
                  {"dim": 0, "descending": True}))
    c.append(case("sort noncontig", "sort", [F(5, 3, view=T)], {"dim": 1}))
    c.append(case("sort int", "sort", [idx([5, -1, 3, 3, 0])], {"dim": 0}))
    c.append(case("sort empty", "sort", [F(0, 4)], {"dim": 1}))
    c.append(case("argsort desc", "argsort", [spec(ints_as_float(2, 6))], {"dim": 1, "descending": True}))
    c.append(case("topk", "topk", [F(3, 6)], {"k": 3, "dim": 1}))
    c.append(case("topk smallest dim0", "topk", [F(5, 3, view=T)], {"k": 2, "dim": 0, "largest": False}))
    c.append(case("topk k0", "topk", [F(3, 4)], {"k": 0, "dim": 1}))
    c.append(case("kthvalue", "kthvalue", [F(3, 5)], {"k": 2, "dim": 1}))
    c.append(case("kthvalue keepdim", "kthvalue", [F(4, 3)], {"k": 4, "dim": 0, "keepdim": True}))
    # scans
    c.append(case("cumsum dim1", "cumsum", [F(3, 5)], {"dim": 1}))
    c.append(case("cumsum dim0 noncontig", "cumsum", [F(4, 3, view=T)], {"dim": 0}))
    c.append(case("cumsum 3d", "cumsum", [F(2, 3, 4, view=P(2, 0, 1))], {"dim": 1}))
    c.append(case("cumsum int", "cumsum", [idx([[1, 2, 3], [4, 5, 6]])], {"dim": 1}))
    c.append(case("cumsum empty", "cumsum", [F(2, 0)], {"dim": 1}))
    c.append(case("cumsum f64", "cumsum", [F(6, dtype=torch.float64)], {"dim": 0}))
    c.append(case("cumprod", "cumprod", [F(3, 4)], {"dim": 1}))
    c.append(case("cumprod zeros", "cumprod", [spec(torch.tensor([[1.5, 0.0, 2.0, -1.0], [0.0, 3.0, 0.0, 2.0],
                                                                 [2.0, -0.5, 1.5, 0.0]]))], {"dim": 1}))
    c.append(case("cummax ties", "cummax", [spec(ints_as_float(3, 7))], {"dim": 1}))
    c.append(case("cummin", "cummin", [F(4, 3, view=T)], {"dim": 0}))
    # rearranging copies
    c.append(case("flip one", "flip", [F(3, 4)], {"dims": [0]}))
    c.append(case("flip two noncontig", "flip", [F(2, 3, 4, view=P(2, 0, 1))], {"dims": [0, -1]}))
    c.append(case("flip empty", "flip", [F(0, 3)], {"dims": [1]}))
    c.append(case("roll flat", "roll", [F(3, 4)], {"shifts": 5}))
    c.append(case("roll dims", "roll", [F(3, 4, view=T)], {"shifts": [1, -3], "dims": [0, 1]}))
    c.append(case("roll big", "roll", [F(2, 5)], {"shifts": 12, "dims": 1}))
    c.append(case("repeat", "repeat", [F(2, 3)], {"sizes": [2, 1, 3]}))
    c.append(case("repeat noncontig", "repeat", [F(3, 2, view=T)], {"sizes": [3, 2]}))
    c.append(case("repeat zero", "repeat", [F(2, 3)], {"sizes": [0, 2]}))
    c.append(case("tile", "tile", [F(2, 3)], {"sizes": [2]}))
    c.append(case("tril", "tril", [F(4, 5)], {}))
    c.append(case("tril -1 batched", "tril", [F(2, 3, 4)], {"diagonal": -1}))
    c.append(case("triu 1 noncontig", "triu", [F(5, 4, view=T)], {"diagonal": 1}))
    c.append(case("nonzero", "nonzero", [spec(torch.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -1.0]]))]))
    c.append(case("nonzero bool 3d", "nonzero", [mask(2, 2, 3)]))
    c.append(case("nonzero none", "nonzero", [spec(torch.zeros(3, 2))]))
    # advanced indexing (copies) and assignment
    c.append(case("index int tensor", "index", [F(5, 3), idx([4, 0, 4])], {"items": [{"tensor": 1}]}))
    c.append(case("index 2d int tensor", "index", [F(3, 5), idx([[0, 4], [1, 1]])],
                  {"items": [{"slice": [None, None]}, {"tensor": 1}]}))
    c.append(case("index two tensors", "index", [F(3, 4, 5), idx([0, 2]), idx([[1], [3]])],
                  {"items": [{"tensor": 1}, {"tensor": 2}]}))
    c.append(case("index split tensors", "index", [F(3, 4, 5), idx([0, -1]), idx([4, 1])],
                  {"items": [{"tensor": 1}, {"slice": [1, 3]}, {"tensor": 2}]}))
    c.append(case("index negative tensor", "index", [F(3, 4, view=T), idx([-1, 0])], {"items": [{"tensor": 1}]}))
    c.append(case("index bool mask", "index", [F(3, 4), mask(3, 4)], {"items": [{"tensor": 1}]}))
    c.append(case("index bool rows", "index", [F(4, 3), spec(torch.tensor([True, False, True, True]))],
                  {"items": [{"tensor": 1}]}))
    c.append(case("index int then mask", "index", [F(2, 3, 4), mask(3, 4)], {"items": [1, {"tensor": 1}]}))
    c.append(case("setIndex slice scalar", "setIndex", [F(3, 4)], {"items": [{"slice": [0, 2]}, 1], "value": 0.5}))
    c.append(case("setIndex row tensor", "setIndex", [F(3, 4), F(4)], {"items": [1], "valueInput": 1}))
    c.append(case("setIndex bcast block", "setIndex", [F(4, 5), F(2, 1)],
                  {"items": [{"slice": [1, 3]}, {"slice": [None, None, 2]}], "valueInput": 1}))
    c.append(case("setIndex mask", "setIndex", [F(3, 4), mask(3, 4)], {"items": [{"tensor": 1}], "value": -7.0}))
    c.append(case("setIndex int tensor", "setIndex", [F(5, 3), idx([3, 0]), F(2, 3)],
                  {"items": [{"tensor": 1}], "valueInput": 2}))
    c.append(case("setIndex ellipsis", "setIndex", [F(2, 3, 4, view=P(1, 0, 2)), F(3, 2)],
                  {"items": ["...", 0], "valueInput": 1}))
    return c


def view_cases(case, F, idx, mask, spec):
    c = []
    c.append(case("reshape contiguous", "reshape", [F(2, 3, 4)], {"shape": [4, -1]}))
    c.append(case("reshape copy", "reshape", [F(3, 4, view=T)], {"shape": [12]}))
    c.append(case("reshape split dims T", "reshape", [F(4, 6, view=T)], {"shape": [2, 3, 4]}))
    c.append(case("view", "view", [F(2, 6)], {"shape": [3, 2, 2]}))
    c.append(case("view noncontig ok", "view", [F(2, 3, 4, view=P(1, 0, 2))], {"shape": [3, 2, 2, 2]}))
    c.append(case("view zero-size", "view", [F(0, 4)], {"shape": [0, 2, 2]}))
    c.append(case("transpose", "transpose", [F(2, 3, 4)], {"dim0": 0, "dim1": -1}))
    c.append(case("permute", "permute", [F(2, 3, 4)], {"dims": [2, 0, 1]}))
    c.append(case("T 3d", "T", [F(2, 3, 4)]))
    c.append(case("t", "t", [F(3, 5)]))
    c.append(case("t 1d", "t", [F(4)]))
    c.append(case("squeeze all", "squeeze", [F(1, 3, 1, 2)]))
    c.append(case("squeeze dim", "squeeze", [F(1, 3, 1, 2)], {"dim": 2}))
    c.append(case("squeeze non-1", "squeeze", [F(2, 3)], {"dim": 0}))
    c.append(case("unsqueeze", "unsqueeze", [F(2, 3, view=T)], {"dim": 1}))
    c.append(case("unsqueeze end", "unsqueeze", [F(2, 3)], {"dim": -1}))
    c.append(case("expand", "expand", [F(3, 1)], {"sizes": [2, 3, 4]}))
    c.append(case("expand -1", "expand", [F(1, 4)], {"sizes": [3, -1]}))
    c.append(case("flatten", "flatten", [F(2, 3, 4)], {"start": 1}))
    c.append(case("flatten noncontig", "flatten", [F(2, 3, 4, view=P(2, 1, 0))], {}))
    c.append(case("unflatten", "unflatten", [F(2, 12)], {"dim": 1, "sizes": [3, -1]}))
    c.append(case("narrow", "narrow", [F(4, 5)], {"dim": 1, "start": 1, "length": 3}))
    c.append(case("narrow neg", "narrow", [F(4, 5, view=T)], {"dim": 0, "start": -2, "length": 2}))
    c.append(case("select", "select", [F(3, 4)], {"dim": 1, "index": -1}))
    c.append(case("movedim", "movedim", [F(2, 3, 4)], {"source": 0, "destination": 2}))
    # slicing: views with gradients
    c.append(case("index basic", "index", [F(4, 5, 6)], {"items": [{"slice": [1, 3]}, {"slice": [None, None]}, 0]}))
    c.append(case("index steps", "index", [F(7, 8)], {"items": [{"slice": [None, None, 3]}, {"slice": [1, None, 2]}]}))
    c.append(case("index negative", "index", [F(5, 6)], {"items": [-1, {"slice": [-4, -1]}]}))
    c.append(case("index clamp", "index", [F(5, 6)], {"items": [{"slice": [-100, 100]}, {"slice": [4, 2]}]}))
    c.append(case("index ellipsis none", "index", [F(2, 3, 4)], {"items": [None, "...", None, 1]}))
    c.append(case("index ellipsis mid", "index", [F(2, 3, 4, 5)], {"items": [0, "...", {"slice": [None, None, 2]}]}))
    c.append(case("index noncontig", "index", [F(5, 4, view=T)], {"items": [{"slice": [1, None, 2]}, -2]}))
    c.append(case("index int only", "index", [F(3, 4)], {"items": [2, 3]}))
    c.append(case("split size", "split", [F(5, 3)], {"size": 2, "dim": 0}))
    c.append(case("split sizes", "split", [F(2, 6, view=None)], {"size": [1, 3, 2], "dim": 1}))
    c.append(case("split noncontig", "split", [F(4, 5, view=T)], {"size": 3, "dim": -1}))
    c.append(case("chunk", "chunk", [F(6, 2)], {"chunks": 4, "dim": 0}))
    c.append(case("chunk uneven", "chunk", [F(2, 5)], {"chunks": 3, "dim": 1}))
    c.append(case("chunk empty", "chunk", [F(0, 2)], {"chunks": 2, "dim": 0}))
    c.append(case("unbind", "unbind", [F(3, 2)], {"dim": 0}))
    c.append(case("unbind dim1 noncontig", "unbind", [F(3, 4, view=T)], {"dim": 1}))
    return c


def error_cases(err, F, idx, mask, spec):
    c = []
    c.append(err("gather oob", "gather", [F(2, 3), idx([[5]])], {"dim": 1}))
    c.append(err("gather negative", "gather", [F(2, 3), idx([[-1]])], {"dim": 1}))
    c.append(err("gather ndim", "gather", [F(2, 3), idx([0])], {"dim": 1}))
    c.append(err("gather size", "gather", [F(2, 3), idx([[0], [1], [0]])], {"dim": 1}))
    c.append(err("gather dim", "gather", [F(2, 3), idx([[0]])], {"dim": 2}))
    c.append(err("scatter oob", "scatter", [F(2, 3), idx([[3]])], {"dim": 1, "value": 1.0}))
    c.append(err("scatter ndim", "scatter", [F(2, 3), idx([0])], {"dim": 1, "value": 1.0}))
    c.append(err("scatter size", "scatter", [F(2, 3), idx([[0], [1], [0]])], {"dim": 1, "value": 1.0}))
    c.append(err("scatter src size", "scatter", [F(2, 3), idx([[0, 1]]), F(1, 1)], {"dim": 1}))
    c.append(err("scatter dtype", "scatter", [F(2, 3), idx([[0, 1]]), F(1, 2, dtype=torch.float64)], {"dim": 1}))
    c.append(err("scatter_reduce name", "scatterReduce", [F(2, 3), idx([[0, 1]]), F(1, 2)], {"dim": 1, "reduce": "max"}))
    c.append(err("scatter_add oob", "scatterAdd", [F(2, 3), idx([[0, 7]]), F(1, 2)], {"dim": 1}))
    c.append(err("index_select oob", "indexSelect", [F(2, 3), idx([3])], {"dim": 0}))
    c.append(err("index_select negative", "indexSelect", [F(2, 3), idx([-1])], {"dim": 0}))
    c.append(err("index_select matrix", "indexSelect", [F(2, 3), idx([[0]])], {"dim": 0}))
    c.append(err("index_add count", "indexAdd", [F(2, 3), idx([1, 0]), F(1, 3)], {"dim": 0}))
    c.append(err("index_add oob", "indexAdd", [F(2, 3), idx([5]), F(1, 3)], {"dim": 0}))
    c.append(err("index_add dtype", "indexAdd", [F(2, 3), idx([1]), F(1, 3, dtype=torch.float64)], {"dim": 0}))
    c.append(err("masked_fill value dims", "maskedFill", [F(2, 3), mask(2, 3), F(2)]))
    c.append(err("masked_fill shape", "maskedFill", [F(2, 3), mask(3, 1)], {"value": 1.0}))
    c.append(err("masked_scatter short", "maskedScatter", [F(2, 3), spec(torch.ones(2, 3, dtype=torch.bool)), F(3)]))
    c.append(err("masked_scatter dtype", "maskedScatter", [F(2, 3), mask(2, 3), F(6, dtype=torch.float64)]))
    c.append(err("cat sizes", "cat", [F(2, 3), F(3, 3)], {"dim": 1}))
    c.append(err("cat sizes 3d", "cat", [F(2, 3, 4), F(2, 3, 4), F(2, 5, 4)], {"dim": 0}))
    c.append(err("cat ndim", "cat", [F(2, 3), F(3)], {"dim": 0}))
    c.append(err("cat zero-dim", "cat", [spec(torch.tensor(1.0)), spec(torch.tensor(2.0))], {"dim": 0}))
    c.append(err("cat dim", "cat", [F(2, 3), F(2, 3)], {"dim": 2}))
    c.append(err("stack sizes", "stack", [F(2, 3), F(3, 2)], {"dim": 0}))
    c.append(err("stack dim", "stack", [F(2, 3), F(2, 3)], {"dim": 3}))
    c.append(err("sort dim", "sort", [F(2, 3)], {"dim": 2}))
    c.append(err("topk k", "topk", [F(2, 3)], {"k": 4, "dim": 1}))
    c.append(err("topk negative", "topk", [F(2, 3)], {"k": -1, "dim": 1}))
    c.append(err("kthvalue k", "kthvalue", [F(2, 3)], {"k": 4, "dim": 1}))
    c.append(err("cumsum dim", "cumsum", [F(2, 3)], {"dim": 2}))
    c.append(err("flip dup", "flip", [F(2, 3)], {"dims": [0, -2]}))
    c.append(err("roll align", "roll", [F(2, 3)], {"shifts": [1], "dims": [0, 1]}))
    c.append(err("repeat dims", "repeat", [F(2, 3)], {"sizes": [2]}))
    c.append(err("repeat negative", "repeat", [F(2, 3)], {"sizes": [-1, 1]}))
    c.append(err("tril 1d", "tril", [F(3)], {}))
    c.append(err("split size", "split", [F(2, 3)], {"size": -1, "dim": 0}))
    c.append(err("split zero", "split", [F(2, 3)], {"size": 0, "dim": 0}))
    c.append(err("split sizes sum", "split", [F(2, 3)], {"size": [1, 2], "dim": 0}))
    c.append(err("split sizes negative", "split", [F(2, 3)], {"size": [-1, 3], "dim": 0}))
    c.append(err("chunk zero", "chunk", [F(2, 3)], {"chunks": 0, "dim": 0}))
    c.append(err("unbind 0d", "unbind", [spec(torch.tensor(1.0))], {"dim": 0}))
    c.append(err("index oob", "index", [F(2, 3)], {"items": [5]}))
    c.append(err("index oob after none", "index", [F(2, 3, 4)], {"items": [None, {"slice": [None, None]}, 5]}))
    c.append(err("index oob after select", "index", [F(2, 3, 4)], {"items": [0, {"slice": [None, None]}, 7]}))
    c.append(err("index negative oob", "index", [F(2, 3)], {"items": [-3]}))
    c.append(err("index too many", "index", [F(2, 3)], {"items": [0, 0, 0]}))
    c.append(err("index step negative", "index", [F(2, 3)], {"items": [{"slice": [None, None, -1]}]}))
    c.append(err("index step zero", "index", [F(2, 3)], {"items": [{"slice": [None, None, 0]}]}))
    c.append(err("index tensor oob", "index", [F(2, 3), idx([0, 5])], {"items": [{"tensor": 1}]}))
    c.append(err("index second tensor oob", "index", [F(2, 3, 4), idx([0, 1]), idx([7])],
                 {"items": [{"slice": [None, None]}, {"tensor": 1}, {"tensor": 2}]}))
    c.append(err("index mask shape", "index", [F(2, 3, 4), mask(2, 4)], {"items": [{"tensor": 1}]}))
    c.append(err("narrow", "narrow", [F(2, 3)], {"dim": 0, "start": 1, "length": 5}))
    c.append(err("select", "select", [F(2, 3)], {"dim": 1, "index": 3}))
    c.append(err("view incompatible", "view", [F(3, 4, view=T)], {"shape": [12]}))
    c.append(err("view numel", "view", [F(3, 4)], {"shape": [5, -1]}))
    c.append(err("view zero ambiguous", "view", [F(0, 4)], {"shape": [2, 0, -1]}))
    c.append(err("view two -1", "view", [F(3, 4)], {"shape": [-1, -1]}))
    c.append(err("expand", "expand", [F(2, 3)], {"sizes": [2, 4]}))
    c.append(err("expand fewer", "expand", [F(2, 3)], {"sizes": [3]}))
    c.append(err("permute dup", "permute", [F(2, 3)], {"dims": [0, 0]}))
    c.append(err("transpose dim", "transpose", [F(2, 3)], {"dim0": 0, "dim1": 2}))
    c.append(err("t 3d", "t", [F(2, 3, 4)]))
    c.append(err("unsqueeze dim", "unsqueeze", [F(2, 3)], {"dim": 3}))
    c.append(err("flatten order", "flatten", [F(2, 3, 4)], {"start": 2, "end": 1}))
    return c
