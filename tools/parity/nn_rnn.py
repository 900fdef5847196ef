"""Golden fixtures for nn.RNN / LSTM / GRU, the cells and nn.utils.rnn, from real PyTorch.

Run with /usr/bin/python3. Writes packages/nn/test/fixtures/nn-rnn.json. Each layer case builds the
module right after torch.manual_seed(seed) (so its weights are PyTorch's draws, compared as such),
runs it on fixed inputs (drawn with numpy, so the torch generator only feeds the weights and the
between-layer dropout), and records the outputs and the gradients of
sum(output * w_out) + sum(h_n * w_h) (+ sum(c_n * w_c)) with respect to the input, the initial
state and every parameter.
"""
import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence

from nn_common import t2j_short as t2j, write

rng = np.random.default_rng(20261205)


def arr(*shape):
    return torch.tensor(rng.standard_normal(shape).astype(np.float32))


def weights_like(t):
    return torch.tensor(rng.uniform(-1, 1, tuple(t.shape)).astype(np.float32))


LAYERS = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}


def layer_case(kind, seed, input_size, hidden, opts, steps=4, batch=3, h0=False, unbatched=False,
               lengths=None, train=False):
    torch.manual_seed(seed)
    m = LAYERS[kind](input_size, hidden, **opts)
    params = {k: t2j(v) for k, v in m.state_dict().items()}
    m.train(train)
    bf = opts.get("batch_first", False)
    dirs = 2 if opts.get("bidirectional", False) else 1
    layers = opts.get("num_layers", 1)
    real = opts.get("proj_size", 0) or hidden
    if unbatched:
        x = arr(steps, input_size)
    else:
        x = arr(batch, steps, input_size) if bf else arr(steps, batch, input_size)
    x.requires_grad_(True)
    state_shape = (layers * dirs, hidden) if unbatched else (layers * dirs, batch, hidden)
    hshape = (layers * dirs, real) if unbatched else (layers * dirs, batch, real)
    hx = None
    if h0:
        h = arr(*hshape).requires_grad_(True)
        c = arr(*state_shape).requires_grad_(True) if kind == "LSTM" else None
        hx = (h, c) if kind == "LSTM" else h
    inp = x
    if lengths is not None:
        inp = pack_padded_sequence(x, lengths, batch_first=bf, enforce_sorted=False)
    out, hn = m(inp, hx)
    if lengths is not None:
        out, out_lengths = pad_packed_sequence(out, batch_first=bf)
    hn_list = list(hn) if kind == "LSTM" else [hn]
    w_out = weights_like(out)
    w_state = [weights_like(t) for t in hn_list]
    loss = (out * w_out).sum() + sum((t * w).sum() for t, w in zip(hn_list, w_state))
    loss.backward()
    case = {
        "kind": kind, "seed": seed, "inputSize": input_size, "hidden": hidden, "opts": opts, "train": train,
        "params": params, "x": t2j(x), "unbatched": unbatched, "lengths": lengths,
        "out": t2j(out), "state": [t2j(t) for t in hn_list], "wOut": t2j(w_out), "wState": [t2j(w) for w in w_state],
        "gradX": t2j(x.grad), "gradParams": {k: t2j(p.grad) for k, p in m.named_parameters()},
    }
    if lengths is not None:
        case["outLengths"] = t2j(out_lengths)
    if h0:
        hs = [hx[0], hx[1]] if kind == "LSTM" else [hx]
        case["h0"] = [t2j(t) for t in hs]
        case["gradH0"] = [t2j(t.grad) for t in hs]
    return case


def cell_case(kind, seed, input_size, hidden, opts, batch=3, hx=True, unbatched=False):
    torch.manual_seed(seed)
    cls = {"RNNCell": torch.nn.RNNCell, "LSTMCell": torch.nn.LSTMCell, "GRUCell": torch.nn.GRUCell}[kind]
    m = cls(input_size, hidden, **opts)
    params = {k: t2j(v) for k, v in m.state_dict().items()}
    x = (arr(input_size) if unbatched else arr(batch, input_size)).requires_grad_(True)
    shape = (hidden,) if unbatched else (batch, hidden)
    states = []
    if hx:
        states = [arr(*shape).requires_grad_(True) for _ in range(2 if kind == "LSTMCell" else 1)]
    arg = None if not hx else (tuple(states) if kind == "LSTMCell" else states[0])
    out = m(x, arg)
    outs = list(out) if kind == "LSTMCell" else [out]
    ws = [weights_like(t) for t in outs]
    sum((t * w).sum() for t, w in zip(outs, ws)).backward()
    return {
        "kind": kind, "seed": seed, "inputSize": input_size, "hidden": hidden, "opts": opts, "params": params,
        "x": t2j(x), "states": [t2j(s) for s in states], "out": [t2j(t) for t in outs], "w": [t2j(w) for w in ws],
        "gradX": t2j(x.grad), "gradStates": [t2j(s.grad) for s in states],
        "gradParams": {k: t2j(p.grad) for k, p in m.named_parameters()},
    }


def utils_cases():
    a, b, c = arr(3, 2), arr(5, 2), arr(1, 2)
    out = []
    for bf in (False, True):
        for pv in (0.0, -1.5):
            out.append({"fn": "padSequence", "seqs": [t2j(a), t2j(b), t2j(c)], "batchFirst": bf, "paddingValue": pv,
                        "out": t2j(pad_sequence([a, b, c], batch_first=bf, padding_value=pv))})
    p = pack_sequence([b, a, c])
    out.append({"fn": "packSequence", "seqs": [t2j(b), t2j(a), t2j(c)], "enforceSorted": True,
                "data": t2j(p.data), "batchSizes": t2j(p.batch_sizes)})
    p = pack_sequence([a, b, c], enforce_sorted=False)
    padded, lengths = pad_packed_sequence(p, batch_first=True, padding_value=9.0, total_length=7)
    out.append({"fn": "packSequence", "seqs": [t2j(a), t2j(b), t2j(c)], "enforceSorted": False,
                "data": t2j(p.data), "batchSizes": t2j(p.batch_sizes), "sortedIndices": t2j(p.sorted_indices),
                "unsortedIndices": t2j(p.unsorted_indices), "padded": t2j(padded), "lengths": t2j(lengths)})
    return out


def main():
    layers = [
        layer_case("RNN", 0, 3, 4, {}),
        layer_case("RNN", 1, 3, 4, {"nonlinearity": "relu", "num_layers": 2}, h0=True),
        layer_case("RNN", 2, 2, 3, {"bidirectional": True, "batch_first": True, "bias": False}),
        layer_case("LSTM", 3, 3, 4, {}),
        layer_case("LSTM", 4, 3, 5, {"num_layers": 2, "bidirectional": True}, h0=True),
        layer_case("LSTM", 5, 3, 5, {"proj_size": 2, "num_layers": 2, "batch_first": True}, h0=True),
        layer_case("LSTM", 6, 2, 3, {"bidirectional": True}, unbatched=True, h0=True),
        layer_case("LSTM", 7, 3, 4, {"num_layers": 2, "dropout": 0.5}, train=True),
        layer_case("LSTM", 8, 3, 4, {"num_layers": 2, "bidirectional": True, "proj_size": 3}, batch=4, steps=5,
                   lengths=[3, 5, 1, 4], h0=True),
        layer_case("GRU", 9, 3, 4, {}),
        layer_case("GRU", 10, 3, 4, {"num_layers": 3, "bidirectional": True, "batch_first": True}, h0=True),
        layer_case("GRU", 11, 2, 3, {}, unbatched=True),
        layer_case("GRU", 12, 3, 4, {"bidirectional": True, "batch_first": True}, batch=3, steps=4, lengths=[2, 4, 4]),
        layer_case("RNN", 13, 3, 4, {"num_layers": 2, "bidirectional": True}, batch=3, steps=3, lengths=[1, 3, 2], h0=True),
    ]
    cells = [
        cell_case("RNNCell", 20, 3, 4, {}),
        cell_case("RNNCell", 21, 3, 4, {"nonlinearity": "relu", "bias": False}, hx=False),
        cell_case("LSTMCell", 22, 3, 4, {}),
        cell_case("LSTMCell", 23, 3, 4, {}, unbatched=True),
        cell_case("GRUCell", 24, 3, 4, {}),
        cell_case("GRUCell", 25, 3, 4, {"bias": False}, unbatched=True, hx=False),
    ]
    reprs = {
        "RNN(3, 4)": repr(torch.nn.RNN(3, 4)),
        "LSTM(3, 4, proj_size=2, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)":
            repr(torch.nn.LSTM(3, 4, proj_size=2, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)),
        "GRU(3, 4, num_layers=2)": repr(torch.nn.GRU(3, 4, num_layers=2)),
        "RNNCell(3, 4, bias=False, nonlinearity=relu)": repr(torch.nn.RNNCell(3, 4, bias=False, nonlinearity="relu")),
        "LSTMCell(3, 4)": repr(torch.nn.LSTMCell(3, 4)),
    }
    write("nn-rnn.json", {"layers": layers, "cells": cells, "utils": utils_cases(), "reprs": reprs})


if __name__ == "__main__":
    main()
