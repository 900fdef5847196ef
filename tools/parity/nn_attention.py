"""Golden fixtures for F.scaledDotProductAttention, nn.MultiheadAttention and the Transformer layers.

Run with /usr/bin/python3 (torch 1.13). Writes packages/nn/test/fixtures/nn-attention.json.
torch 1.13 has no F.scaled_dot_product_attention (2.0): its truth is PyTorch 2.x's documented
reference implementation, written out below with 1.13 ops. Modules are built right after
torch.manual_seed(seed) (their weights are PyTorch's draws, compared as such) and run in training
mode (dropout 0 unless a case says otherwise, which also checks the dropout draw order), since
1.13's eval-mode fast paths (native MHA, nested tensors) are different kernels.
Each case records outputs and the gradients of sum(out * w) for inputs and parameters.
"""
import math

import numpy as np
import torch

from nn_common import t2j_short as t2j, write

rng = np.random.default_rng(11)


def arr(*shape, dtype=torch.float32):
    return torch.tensor(rng.standard_normal(shape), dtype=dtype)


def weights_like(t):
    return torch.tensor(rng.uniform(-1, 1, tuple(t.shape)).astype(np.float32))


def sdpa_reference(q, k, v, attn_mask=None, is_causal=False, scale=None):
    L, S = q.size(-2), k.size(-2)
    scale_factor = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    bias = torch.zeros(L, S, dtype=q.dtype)
    if is_causal:
        bias.masked_fill_(torch.ones(L, S, dtype=torch.bool).tril(diagonal=0).logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            bias = bias.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            bias = attn_mask + bias
    w = q @ k.transpose(-2, -1) * scale_factor
    w = w + bias
    return torch.softmax(w, dim=-1) @ v


def sdpa_cases():
    out = []
    for qs, ks, mask, causal, scale in [
        ((2, 3, 4, 8), (2, 3, 5, 8), None, False, None),
        ((3, 4, 6), (3, 4, 6), None, True, None),
        ((2, 2, 4, 3), (2, 2, 6, 3), "bool", False, None),
        ((2, 4, 3), (2, 5, 3), "float", False, 0.7),
        ((4, 3), (5, 3), "bool2", False, None),
    ]:
        q, k = arr(*qs).requires_grad_(), arr(*ks).requires_grad_()
        v = arr(*ks[:-1], 5).requires_grad_()
        m = None
        if mask == "bool":
            m = torch.tensor(rng.integers(0, 2, (qs[-2], ks[-2])).astype(bool))
            m[:, 0] = True  # every query sees at least one key
        elif mask == "bool2":
            m = torch.tensor(rng.integers(0, 2, (qs[-2], ks[-2])).astype(bool))
            m[:, 1] = True
        elif mask == "float":
            m = arr(qs[-2], ks[-2])
        o = sdpa_reference(q, k, v, m, causal, scale)
        w = weights_like(o)
        (o * w).sum().backward()
        out.append({"q": t2j(q), "k": t2j(k), "v": t2j(v), "mask": None if m is None else t2j(m), "isCausal": causal,
                    "scale": scale, "out": t2j(o), "w": t2j(w), "grads": [t2j(q.grad), t2j(k.grad), t2j(v.grad)]})
    return out


def mha_case(seed, E, H, opts, L=3, S=4, N=2, kpm=False, mask=None, need_weights=True, average=True, unbatched=False,
             cross=True, train=True):
    torch.manual_seed(seed)
    m = torch.nn.MultiheadAttention(E, H, **opts)
    params = {k: t2j(v) for k, v in m.state_dict().items()}
    m.train(train)
    bf = opts.get("batch_first", False)
    kdim, vdim = opts.get("kdim") or E, opts.get("vdim") or E

    def seq(T, D):
        if unbatched:
            return arr(T, D)
        return arr(N, T, D) if bf else arr(T, N, D)

    q = seq(L, E).requires_grad_()
    if cross:
        k, v = seq(S, kdim).requires_grad_(), seq(S, vdim).requires_grad_()
    else:
        S = L
        k = v = q
    kp = None
    if kpm:
        kp = torch.tensor(rng.integers(0, 2, (S,) if unbatched else (N, S)).astype(bool))
        kp[..., 0] = False
    am = None
    if mask == "bool":
        am = torch.tensor(rng.integers(0, 2, (L, S)).astype(bool))
        am[:, 0] = False
    elif mask == "float":
        am = arr(L, S)
    elif mask == "float3":
        am = arr(N * H, L, S)
    out, attw = m(q, k, v, key_padding_mask=kp, need_weights=need_weights, attn_mask=am, average_attn_weights=average)
    w = weights_like(out)
    loss = (out * w).sum()
    ww = None
    if attw is not None:
        ww = weights_like(attw)
        loss = loss + (attw * ww).sum()
    loss.backward()
    ins = [q] if not cross else [q, k, v]
    return {
        "seed": seed, "E": E, "H": H, "opts": opts, "train": train, "params": params, "cross": cross,
        "inputs": [t2j(t) for t in ins], "kpm": None if kp is None else t2j(kp), "mask": None if am is None else t2j(am),
        "needWeights": need_weights, "average": average, "out": t2j(out), "attw": None if attw is None else t2j(attw),
        "w": t2j(w), "ww": None if ww is None else t2j(ww), "gradInputs": [t2j(t.grad) for t in ins],
        "gradParams": {k: t2j(p.grad) for k, p in m.named_parameters()},
    }


def transformer_case(kind, seed, opts, N=2, L=4, S=3, masks=False, train=True):
    torch.manual_seed(seed)
    d, h = 8, 2
    if kind == "encoderLayer":
        m = torch.nn.TransformerEncoderLayer(d, h, dim_feedforward=16, **opts)
    elif kind == "decoderLayer":
        m = torch.nn.TransformerDecoderLayer(d, h, dim_feedforward=16, **opts)
    elif kind == "encoder":
        layer = torch.nn.TransformerEncoderLayer(d, h, dim_feedforward=16, **opts)
        m = torch.nn.TransformerEncoder(layer, 2, norm=torch.nn.LayerNorm(d), enable_nested_tensor=False)
    else:
        m = torch.nn.Transformer(d_model=d, nhead=h, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, **opts)
    params = {k: t2j(v) for k, v in m.state_dict().items()}
    m.train(train)
    bf = opts.get("batch_first", False)

    def seq(T):
        return (arr(N, T, d) if bf else arr(T, N, d)).requires_grad_()

    x = seq(L)
    mem = seq(S) if kind in ("decoderLayer", "transformer") else None
    tmask = torch.nn.Transformer.generate_square_subsequent_mask(L) if masks else None
    kpm = None
    if masks:
        kpm = torch.tensor(rng.integers(0, 2, (N, S if kind == "transformer" else L)).astype(bool))
        kpm[:, 0] = False
    if kind == "encoderLayer":
        out = m(x, src_mask=tmask, src_key_padding_mask=kpm)
    elif kind == "encoder":
        out = m(x, mask=tmask, src_key_padding_mask=kpm)
    elif kind == "decoderLayer":
        out = m(x, mem, tgt_mask=tmask, tgt_key_padding_mask=kpm)
    else:
        out = m(mem, x, tgt_mask=tmask, src_key_padding_mask=kpm, memory_key_padding_mask=kpm)
    w = weights_like(out)
    (out * w).sum().backward()
    ins = [x] if mem is None else [x, mem]
    return {
        "kind": kind, "seed": seed, "opts": opts, "train": train, "masks": masks, "params": params,
        "inputs": [t2j(t) for t in ins], "tmask": None if tmask is None else t2j(tmask), "kpm": None if kpm is None else t2j(kpm),
        "out": t2j(out), "w": t2j(w), "gradInputs": [t2j(t.grad) for t in ins],
        "gradParams": {k: t2j(p.grad) for k, p in m.named_parameters()},
    }


def main():
    mha = [
        mha_case(0, 8, 2, {}),
        mha_case(1, 8, 4, {"batch_first": True}, kpm=True, mask="bool"),
        mha_case(2, 6, 2, {"kdim": 4, "vdim": 5}, mask="float"),
        mha_case(3, 8, 2, {"add_bias_kv": True, "add_zero_attn": True}, kpm=True, mask="float3"),
        mha_case(4, 8, 2, {"bias": False}, need_weights=False, cross=False),
        mha_case(5, 8, 4, {}, average=False, unbatched=True, kpm=True),
        mha_case(6, 8, 2, {"dropout": 0.3}, cross=False),
    ]
    transformers = [
        transformer_case("encoderLayer", 10, {"dropout": 0.0}),
        transformer_case("encoderLayer", 11, {"dropout": 0.0, "norm_first": True, "activation": "gelu", "batch_first": True}, masks=True),
        transformer_case("encoderLayer", 12, {"dropout": 0.2}),
        transformer_case("decoderLayer", 13, {"dropout": 0.0}, masks=True),
        transformer_case("decoderLayer", 14, {"dropout": 0.1, "norm_first": True, "batch_first": True}),
        transformer_case("encoder", 15, {"dropout": 0.0}, masks=True),
        transformer_case("transformer", 16, {"dropout": 0.0, "batch_first": True}, masks=True),
    ]
    reprs = {
        "mha": repr(torch.nn.MultiheadAttention(8, 2)),
        "encoderLayer": repr(torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)),
        "mask3": t2j(torch.nn.Transformer.generate_square_subsequent_mask(3)),
    }
    write("nn-attention.json", {"sdpa": sdpa_cases(), "mha": mha, "transformers": transformers, "reprs": reprs})


if __name__ == "__main__":
    main()
