#!/usr/bin/python3
"""Write packages/nn/test/fixtures/losses.json with real PyTorch, for packages/nn/test/losses.test.ts.

Every case calls a torch.nn.functional loss with stored inputs and options for each reduction and
stores the value, the grad_fn name and the gradients (of input, and of target where PyTorch
differentiates it) for a stored upstream gradient. Options are written the way torchlet takes
them (snake_case here, camelCased by the test); tensors among them are {shape, dtype, data}.
Error cases store PyTorch's message.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_losses.py
"""
import warnings

import torch
import torch.nn.functional as F

from nn_common import gen, t2j, write

torch.set_num_threads(1)
warnings.filterwarnings("ignore")

FNS = {
    "crossEntropy": F.cross_entropy, "nllLoss": F.nll_loss, "mseLoss": F.mse_loss, "l1Loss": F.l1_loss,
    "smoothL1Loss": F.smooth_l1_loss, "huberLoss": F.huber_loss, "binaryCrossEntropy": F.binary_cross_entropy,
    "binaryCrossEntropyWithLogits": F.binary_cross_entropy_with_logits, "klDiv": F.kl_div,
}
PY_NAMES = {"ignore_index": "ignore_index", "label_smoothing": "label_smoothing", "pos_weight": "pos_weight", "log_target": "log_target"}


def randn(*shape, seed, scale=1.0):
    return torch.randn(*shape, generator=gen(seed)) * scale


def rand(*shape, seed):
    return torch.rand(*shape, generator=gen(seed))


def enc_opts(opts):
    return {k: (t2j(v) if isinstance(v, torch.Tensor) else v) for k, v in opts.items()}


def case(name, fn, inp, target, opts=None, reductions=("mean", "sum", "none"), target_grad=False):
    opts = opts or {}
    out = {"name": name, "fn": fn, "input": t2j(inp), "target": t2j(target), "options": enc_opts(opts), "runs": []}
    for red in reductions:
        x = inp.clone().requires_grad_(True)
        t = target.clone().requires_grad_(True) if target_grad else target
        y = FNS[fn](x, t, reduction=red, **opts)
        gout = randn(*y.shape, seed=99) if y.dim() > 0 else torch.tensor(0.75)
        y.backward(gout)
        out["runs"].append({
            "reduction": red, "output": t2j(y), "gradFn": type(y.grad_fn).__name__, "gout": t2j(gout),
            "inputGrad": t2j(x.grad), "targetGrad": t2j(t.grad) if target_grad else None,
        })
    return out


def error(name, fn, inp, target, opts=None):
    try:
        FNS[fn](inp, target, **(opts or {}))
    except Exception as e:  # noqa: BLE001 - we record PyTorch's message
        return {"name": name, "fn": fn, "input": t2j(inp), "target": t2j(target), "options": enc_opts(opts or {}), "message": str(e).split("\n")[0]}
    raise AssertionError(f"{name} did not raise")


logits = randn(6, 3, seed=1)
labels = torch.tensor([0, 1, 2, 0, 0, 2])
w3 = torch.tensor([0.2, 1.0, 2.5])
ignore = torch.tensor([0, -100, 2, 1, -100, 2])
spatial = randn(2, 3, 4, 5, seed=2)
spatial_t = torch.randint(0, 3, (2, 4, 5), generator=gen(3))
probs = torch.softmax(randn(6, 3, seed=4), 1)

cases = [
    case("cross entropy", "crossEntropy", logits, labels),
    case("cross entropy weight", "crossEntropy", logits, labels, {"weight": w3}),
    case("cross entropy ignore_index", "crossEntropy", logits, ignore),
    case("cross entropy ignore_index=1 weight", "crossEntropy", logits, labels, {"ignore_index": 1, "weight": w3}),
    case("cross entropy label smoothing", "crossEntropy", logits, labels, {"label_smoothing": 0.1}),
    case("cross entropy smoothing weight ignore", "crossEntropy", logits, ignore, {"label_smoothing": 0.2, "weight": w3}),
    case("cross entropy probabilities", "crossEntropy", logits, probs),
    case("cross entropy probabilities weight smoothing", "crossEntropy", logits, probs, {"weight": w3, "label_smoothing": 0.3}),
    case("cross entropy spatial", "crossEntropy", spatial, spatial_t, {"weight": w3}),
    case("cross entropy 1-D", "crossEntropy", randn(4, seed=5), torch.tensor(2)),
    case("cross entropy large logits", "crossEntropy", randn(4, 5, seed=6, scale=60.0), torch.tensor([4, 0, 1, 3])),
    case("nll", "nllLoss", torch.log_softmax(logits, 1), labels),
    case("nll weight ignore", "nllLoss", torch.log_softmax(logits, 1), ignore, {"weight": w3}),
    case("nll spatial", "nllLoss", torch.log_softmax(randn(2, 3, 4, seed=7), 1), torch.tensor([[0, 2, 1, 1], [2, 2, 0, 1]])),
    case("mse", "mseLoss", randn(3, 4, seed=8), randn(3, 4, seed=9), target_grad=True),
    case("mse broadcast", "mseLoss", randn(3, 1, seed=10), randn(3, 4, seed=11), target_grad=True),
    case("l1", "l1Loss", randn(3, 4, seed=12), randn(3, 4, seed=13), target_grad=True),
    case("smooth l1", "smoothL1Loss", randn(3, 4, seed=14, scale=2.0), randn(3, 4, seed=15), target_grad=True),
    case("smooth l1 beta 0.5", "smoothL1Loss", randn(3, 4, seed=16), randn(3, 4, seed=17), {"beta": 0.5}, target_grad=True),
    case("smooth l1 beta 0", "smoothL1Loss", randn(3, 4, seed=18), randn(3, 4, seed=19), {"beta": 0.0}),
    case("huber", "huberLoss", randn(3, 4, seed=20, scale=2.0), randn(3, 4, seed=21), target_grad=True),
    case("huber delta 2", "huberLoss", randn(3, 4, seed=22, scale=3.0), randn(3, 4, seed=23), {"delta": 2.0}, target_grad=True),
    case("bce", "binaryCrossEntropy", torch.sigmoid(randn(4, 3, seed=24)), rand(4, 3, seed=25), target_grad=True),
    case("bce weight", "binaryCrossEntropy", torch.sigmoid(randn(4, 3, seed=26)), rand(4, 3, seed=27), {"weight": rand(3, seed=28)}),
    case("bce extremes", "binaryCrossEntropy", torch.tensor([0.0, 1.0, 0.5, 1e-30]), torch.tensor([0.0, 1.0, 1.0, 0.0])),
    case("bce with logits", "binaryCrossEntropyWithLogits", randn(4, 3, seed=29, scale=3.0), rand(4, 3, seed=30), target_grad=True),
    case("bce with logits pos_weight", "binaryCrossEntropyWithLogits", randn(4, 3, seed=31, scale=3.0), rand(4, 3, seed=32),
         {"pos_weight": torch.tensor([1.0, 2.0, 0.5]), "weight": rand(4, 1, seed=33)}, target_grad=True),
    case("bce with logits large", "binaryCrossEntropyWithLogits", torch.tensor([-80.0, 80.0, 0.0, 30.0]), torch.tensor([1.0, 0.0, 0.5, 1.0])),
    case("kl div", "klDiv", torch.log_softmax(randn(3, 4, seed=34), 1), torch.softmax(randn(3, 4, seed=35), 1),
         reductions=("mean", "sum", "none", "batchmean")),
    case("kl div zero target", "klDiv", torch.log_softmax(randn(2, 3, seed=36), 1), torch.tensor([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]),
         reductions=("sum", "batchmean")),
    case("kl div log target", "klDiv", torch.log_softmax(randn(3, 4, seed=37), 1), torch.log_softmax(randn(3, 4, seed=38), 1),
         {"log_target": True}, reductions=("mean", "batchmean", "none"), target_grad=True),
]

errors = [
    error("target out of bounds", "crossEntropy", logits, torch.tensor([0, 1, 3, 0, 0, 2])),
    error("negative target", "nllLoss", logits, torch.tensor([0, 1, -1, 0, 0, 2])),
    error("batch mismatch", "nllLoss", logits, labels[:5]),
    error("float target for nll", "nllLoss", logits, labels.float()),
    error("weight size", "crossEntropy", logits, labels, {"weight": torch.ones(2)}),
    error("spatial target size", "nllLoss", randn(2, 3, 4, seed=39), torch.zeros(2, 5, dtype=torch.long)),
    error("bad reduction", "mseLoss", logits, logits, {"reduction": "avg"}),
    error("bce out of range", "binaryCrossEntropy", torch.tensor([0.5, 1.5]), torch.tensor([0.0, 1.0])),
    error("bce size", "binaryCrossEntropy", torch.tensor([[0.5], [0.2]]), torch.tensor([0.0, 1.0])),
    error("smoothing out of range", "crossEntropy", logits, labels, {"label_smoothing": 1.5}),
    error("ignore_index with probabilities", "crossEntropy", logits, probs, {"ignore_index": 1}),
    error("huber delta", "huberLoss", logits, logits, {"delta": 0.0}),
    error("smooth l1 beta", "smoothL1Loss", logits, logits, {"beta": -1.0}),
]

write("losses.json", {"cases": cases, "errors": errors})
