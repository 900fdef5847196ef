/**
 * Attention: F.scaledDotProductAttention (PyTorch 2.x semantics: a bool mask marks the keys that
 * take part, a float mask is added) and F.multiHeadAttentionForward, the computation behind
 * nn.MultiheadAttention (PyTorch's torch/nn/functional.py, where a bool mask marks the keys that
 * are LEFT OUT). Composed of differentiable core ops; dropout on the attention weights draws as
 * F.dropout does.
 */
import { Tensor, cat, full, zeros, type Generator } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { dropout, linear } from './layers';
import { softmax } from './activation';

/** scaledDotProductAttention's options (PyTorch's keyword arguments, camelCased). */
export interface SdpaOptions {
  /**
   * Broadcastable to [..., L, S]: bool (true = the key takes part) or float (added to the scores).
   * Default none.
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (default 0). */
  dropoutP?: number;
  /** Apply a causal (lower-triangular) mask; exclusive with attnMask (default false). */
  isCausal?: boolean;
  /** Factor of q k^T (default 1 / sqrt(E)). */
  scale?: number | null;
  /** Generator for the dropout draws (default the global one). */
  generator?: Generator;
}

/** One more (zero) column at the end of the last dim: room for the extra bias_k / zero-attention key. */
function padKey(m: Tensor): Tensor {
  return cat([m, zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype })], -1);
}

/** A bool "take part" mask as an additive float mask (0 / -inf), or a float mask as is. */
function additive(mask: Tensor, dtype: Tensor['dtype'], keep: boolean): Tensor {
  if (mask.dtype !== 'bool') return mask;
  const leaveOut = keep ? mask.logicalNot() : mask;
  return zeros(mask.shape, { dtype }).maskedFill(leaveOut, -Infinity);
}

/** The causal (0 / -inf above the diagonal) masks by size, dtype and device: a training loop asks for the same one every step. Never mutated. */
const causalMasks = new Map<string, Tensor>();

function causalMask(L: number, S: number, like: Tensor): Tensor {
  const key = `${L},${S},${like.dtype},${like.storage.device}`;
  let m = causalMasks.get(key);
  if (m === undefined) {
    if (causalMasks.size >= 16) causalMasks.clear();
    m = full([L, S], -Infinity, { dtype: like.dtype, device: like.device }).triu(1);
    causalMasks.set(key, m);
  }
  return m;
}

/**
 * softmax(q k^T * scale + mask) v over the last two dims, batched over the leading ones.
 * @example scaledDotProductAttention(q, k, v, { isCausal: true })
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts: SdpaOptions = {}): Tensor {
  checkOptions('scaled_dot_product_attention', opts, ['attnMask', 'dropoutP', 'isCausal', 'scale', 'generator']);
  const L = query.shape[query.ndim - 2]!, S = key.shape[key.ndim - 2]!;
  const E = query.shape[query.ndim - 1]!;
  if (key.shape[key.ndim - 1] !== E) {
    throw new Error(`Expected query and key to have the same last dimension, got ${E} and ${key.shape[key.ndim - 1]}`);
  }
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  let bias: Tensor | null = null;
  if (opts.isCausal ?? false) {
    if (opts.attnMask != null) throw new Error('_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True');
    bias = causalMask(L, S, query);
  }
  if (opts.attnMask != null) bias = additive(opts.attnMask, query.dtype, true);
  let w = query.matmul(key.transpose(-2, -1)).mul(scale);
  if (bias !== null) w = w.add(bias);
  w = softmax(w, -1);
  const p = opts.dropoutP ?? 0;
  if (p > 0) w = dropout(w, p, true, { generator: opts.generator });
  return w.matmul(value);
}

/** multiHeadAttentionForward's options (PyTorch's keyword arguments, camelCased). */
export interface MhaForwardOptions {
  /** [N, S] (or [S] unbatched): bool true = ignore that key, or float added. Default none. */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights (default true). */
  needWeights?: boolean;
  /** [L, S] or [N * numHeads, L, S]: bool true = not allowed to attend, or float added. Default none. */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads (default true). */
  averageAttnWeights?: boolean;
  /** Hint that attnMask is causal; requires attnMask (default false). */
  isCausal?: boolean;
  /** Apply dropout (default true). */
  training?: boolean;
  /** Dropout probability on the attention weights (default 0). */
  dropoutP?: number;
}

/** The weights of one MultiheadAttention: packed in_proj (same dims) or separate q/k/v projections. */
export interface MhaWeights {
  /** Model dimension E. */
  embedDim: number;
  /** Number of heads H (E is split into H heads of E / H). */
  numHeads: number;
  /** Packed q, k, v projection [3E, E] (null with separate projections). */
  inProjWeight: Tensor | null;
  /** Separate query projection [E, E] (when inProjWeight is null). */
  qProjWeight: Tensor | null;
  /** Separate key projection [E, kdim]. */
  kProjWeight: Tensor | null;
  /** Separate value projection [E, vdim]. */
  vProjWeight: Tensor | null;
  /** q, k, v projection bias [3E], or null. */
  inProjBias: Tensor | null;
  /** Extra key appended to the sequence [1, 1, E] (addBiasKv), or null. */
  biasK: Tensor | null;
  /** Extra value appended to the sequence [1, 1, E] (addBiasKv), or null. */
  biasV: Tensor | null;
  /** Append a zero key and value to the sequence. */
  addZeroAttn: boolean;
  /** Output projection [E, E]. */
  outProjWeight: Tensor;
  /** Output projection bias [E], or null. */
  outProjBias: Tensor | null;
}

/** q, k, v projections: the packed weight is split in three (as PyTorch's _in_projection_packed). */
function project(q: Tensor, k: Tensor, v: Tensor, w: MhaWeights): [Tensor, Tensor, Tensor] {
  const E = w.embedDim;
  const b = w.inProjBias;
  const bq = b?.narrow(0, 0, E) ?? null, bk = b?.narrow(0, E, E) ?? null, bv = b?.narrow(0, 2 * E, E) ?? null;
  if (w.inProjWeight !== null) {
    const W = w.inProjWeight;
    return [linear(q, W.narrow(0, 0, E), bq), linear(k, W.narrow(0, E, E), bk), linear(v, W.narrow(0, 2 * E, E), bv)];
  }
  return [linear(q, w.qProjWeight!, bq), linear(k, w.kProjWeight!, bk), linear(v, w.vProjWeight!, bv)];
}

/** The attention mask as [N*H or 1, L, S] float, checked against PyTorch's shapes. */
function attnMask3d(mask: Tensor, dtype: Tensor['dtype'], L: number, S: number, bh: number): Tensor {
  if (mask.dtype !== 'bool' && mask.dtype !== dtype) {
    throw new Error(`Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: ${mask.dtype} and  query.dtype: ${dtype} instead.`);
  }
  const m = additive(mask, dtype, false);
  if (m.ndim === 2) {
    if (m.shape[0] !== L || m.shape[1] !== S) throw new Error(`The shape of the 2D attn_mask is [${m.shape.join(', ')}], but should be (${L}, ${S}).`);
    return m.unsqueeze(0);
  }
  if (m.ndim === 3) {
    if (m.shape[0] !== bh || m.shape[1] !== L || m.shape[2] !== S) {
      throw new Error(`The shape of the 3D attn_mask is [${m.shape.join(', ')}], but should be (${bh}, ${L}, ${S}).`);
    }
    return m;
  }
  throw new Error(`attn_mask's dimension ${m.ndim} is not supported`);
}

/**
 * Multi-head attention on [L, N, E] query and [S, N, kdim/vdim] key/value (or unbatched [L, E]):
 * returns the output [L, N, E] and, with needWeights, the attention weights [N, (H,) L, S].
 */
export function multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor, w: MhaWeights,
  opts: MhaForwardOptions = {}): [Tensor, Tensor | null] {
  checkOptions('multi_head_attention_forward', opts, ['keyPaddingMask', 'needWeights', 'attnMask', 'averageAttnWeights', 'isCausal', 'training', 'dropoutP']);
  const batched = query.ndim === 3;
  if (!batched && query.ndim !== 2) throw new Error(`query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
  if (key.ndim !== query.ndim || value.ndim !== query.ndim) {
    throw new Error(`For ${batched ? 'batched (3-D)' : 'unbatched (2-D)'} \`query\`, expected \`key\` and \`value\` to be ${query.ndim}-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`);
  }
  let kpm = opts.keyPaddingMask ?? null;
  let mask = opts.attnMask ?? null;
  if ((opts.isCausal ?? false) && mask === null) {
    throw new Error('Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.');
  }
  let q = batched ? query : query.unsqueeze(1);
  let k = batched ? key : key.unsqueeze(1);
  let v = batched ? value : value.unsqueeze(1);
  if (kpm !== null && !batched) kpm = kpm.unsqueeze(0);
  const [L, N, E] = q.shape as [number, number, number];
  const H = w.numHeads, hd = Math.floor(E / H);
  if (E !== w.embedDim) throw new Error(`was expecting embedding dimension of ${w.embedDim}, but got ${E}`);
  if (k.shape[0] !== v.shape[0] || k.shape[1] !== v.shape[1]) {
    throw new Error(`key shape [${k.shape.join(', ')}] does not match value shape [${v.shape.join(', ')}]`);
  }
  [q, k, v] = project(q, k, v, w);
  if (mask !== null) mask = attnMask3d(mask, q.dtype, L, k.shape[0]!, N * H);
  if (w.biasK !== null && w.biasV !== null) {
    k = cat([k, w.biasK.expand([1, N, E])], 0);
    v = cat([v, w.biasV.expand([1, N, E])], 0);
    if (mask !== null) mask = padKey(mask);
    if (kpm !== null) kpm = padKey(additive(kpm, q.dtype, false));
  }
  // [L, N, E] -> [N*H, L, hd]
  q = q.reshape(L, N * H, hd).transpose(0, 1);
  k = k.reshape(k.shape[0]!, N * H, hd).transpose(0, 1);
  v = v.reshape(v.shape[0]!, N * H, hd).transpose(0, 1);
  if (w.addZeroAttn) {
    k = cat([k, zeros([N * H, 1, hd], { dtype: k.dtype })], 1);
    v = cat([v, zeros([N * H, 1, hd], { dtype: v.dtype })], 1);
    if (mask !== null) mask = padKey(mask);
    if (kpm !== null) kpm = padKey(additive(kpm, q.dtype, false));
  }
  const S = k.shape[1]!;
  if (kpm !== null) {
    if (kpm.shape[0] !== N || kpm.shape[1] !== S) {
      throw new Error(`expecting key_padding_mask shape of (${N}, ${S}), but got [${kpm.shape.join(', ')}]`);
    }
    const km = additive(kpm, q.dtype, false).view(N, 1, 1, S).expand([N, H, 1, S]).reshape(N * H, 1, S);
    mask = mask === null ? km : mask.add(km);
  }
  const p = opts.training ?? true ? opts.dropoutP ?? 0 : 0;
  let weights = q.mul(Math.sqrt(1 / hd)).bmm(k.transpose(1, 2));
  if (mask !== null) weights = weights.add(mask);
  weights = softmax(weights, -1);
  // As PyTorch: the returned weights are the ones applied, after dropout.
  if (p > 0) weights = dropout(weights, p, true);
  const attended = weights.bmm(v);
  let out = attended.transpose(0, 1).reshape(L * N, E);
  out = linear(out, w.outProjWeight, w.outProjBias).view(L, N, E);
  if (!batched) out = out.squeeze(1);
  if (!(opts.needWeights ?? true)) return [out, null];
  let ws = weights.view(N, H, L, S);
  if (opts.averageAttnWeights ?? true) ws = ws.mean(1);
  if (!batched) ws = ws.squeeze(0);
  return [out, ws];
}
