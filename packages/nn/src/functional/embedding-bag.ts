/**
 * F.embedding_bag: sums, means or maxima of bags of embedding rows without building the
 * per-index rows' output. One node (EmbeddingBagBackward0) over weight and perSampleWeights;
 * its backward is written in differentiable ops (index_add / scatter_add), so double backward
 * works. Bag boundaries (offsets) are read on the host, as PyTorch validates them.
 */
import { Tensor, cat, full, noGrad, where, zeros } from '@torchlet/core';
import { checkOptions, indexInt32, nnOps } from '@torchlet/core/internal';

/** How a bag's embeddings are reduced: 'sum', 'mean' or 'max'. */
export type EmbeddingBagMode = 'sum' | 'mean' | 'max';

/** F.embedding_bag's keyword arguments (camelCased). */
export interface EmbeddingBagOptions {
  /** 'sum', 'mean' (default) or 'max'. */
  mode?: EmbeddingBagMode;
  /** Weights of the entries, shaped like input (mode 'sum' only). Default none. */
  perSampleWeights?: Tensor | null;
  /** offsets has one more entry: the end of the last bag. */
  includeLastOffset?: boolean;
  /** Entries equal to paddingIdx belong to no bag (a mean divides by the other entries). */
  paddingIdx?: number | null;
  /** Renormalize (in place) the looked-up rows whose norm exceeds this. Default none. */
  maxNorm?: number | null;
  /** The p of the maxNorm norm (default 2). */
  normType?: number;
  /** Scale gradients by the inverse frequency of the words in the mini-batch (default false). */
  scaleGradByFreq?: boolean;
  /** Sparse gradients: not supported (true throws). */
  sparse?: boolean;
}

const KEYS = ['mode', 'perSampleWeights', 'includeLastOffset', 'paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'];

/** Where each bag starts and ends in the flat input, from offsets (1-D input) or fixed rows (2-D). */
function bagBounds(input: Tensor, offsets: Tensor | null, includeLast: boolean): [number[], number[]] {
  const nd = input.shape.length, n = input.numel();
  if (nd === 2) {
    if (offsets !== null) {
      throw new Error("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>");
    }
    const [b, l] = input.shape as [number, number];
    const starts = Array.from({ length: b }, (_, i) => i * l);
    return [starts, starts.map((s) => s + l)];
  }
  if (nd !== 1) throw new Error(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${nd}`);
  if (offsets === null) throw new Error('offsets has to be a 1D Tensor but got None');
  if (offsets.shape.length !== 1) throw new Error('offsets has to be a 1D Tensor');
  if (offsets.dtype !== 'int32' && offsets.dtype !== 'int64') {
    throw new TypeError("Expected tensor for argument #1 'offsets' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding_bag)");
  }
  const off = Array.from(offsets.toTypedArray(), Number);
  if (off.length > 0 && off[0] !== 0) {
    throw new Error(`offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${off[0]}`);
  }
  const lastOff = off[off.length - 1] ?? 0;
  if (lastOff > n) throw new Error(`offsets[-1] can not be greater than input's length ${n} but got offsets[-1] of ${lastOff}`);
  const starts = includeLast ? off.slice(0, -1) : off;
  const ends = starts.map((_, i) => off[i + 1] ?? n);
  starts.forEach((s, i) => {
    if (s > ends[i]!) throw new Error(`offsets must be non-decreasing, but offsets[${i}] = ${s} > offsets[${i + 1}] = ${ends[i]!}`);
  });
  return [starts, ends];
}

/**
 * Bags of rows of `weight` [V, D] reduced by `mode` (default 'mean'); an empty bag gives zeros.
 * @example embeddingBag(tensor([1, 2, 4, 5, 4, 3]), w, tensor([0, 4]), { mode: 'sum' }) // [2, D]
 */
export function embeddingBag(input: Tensor, weight: Tensor, offsets: Tensor | null = null, opts: EmbeddingBagOptions = {}): Tensor {
  input = indexInt32(input);
  checkOptions('embedding_bag', opts, KEYS);
  const mode = opts.mode ?? 'mean';
  if (mode !== 'sum' && mode !== 'mean' && mode !== 'max') throw new Error('mode has to be one of sum, mean or max');
  const psw = opts.perSampleWeights ?? null;
  if (opts.sparse === true) throw new Error('embedding_bag: sparse gradients are not supported by torchlet');
  if (psw !== null) {
    if (!(psw.shape.length === input.shape.length && psw.shape.every((s, i) => s === input.shape[i]))) {
      throw new Error(`embedding_bag: If per_sample_weights (torch.Size([${psw.shape.join(', ')}])) is not None, then it must have the same shape as the input (torch.Size([${input.shape.join(', ')}]))`);
    }
    if (mode !== 'sum') {
      throw new Error(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
    }
  }
  if (input.dtype !== 'int32') {
    throw new TypeError(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${input.dtype === 'float64' ? 'Double' : input.dtype === 'bool' ? 'Bool' : 'Float'}Tensor instead (while checking arguments for embedding_bag)`);
  }
  if (weight.shape.length !== 2) throw new Error("'weight' must be 2-D");
  const [v, d] = weight.shape as [number, number];
  let pad = opts.paddingIdx ?? null;
  if (pad !== null) {
    if (pad >= v || pad < -v) throw new Error(`padding_idx must be within the number of embeddings, -${v} through ${v - 1}, but got ${pad}`);
    if (pad < 0) pad += v;
  }
  const [starts, ends] = bagBounds(input, offsets, opts.includeLastOffset ?? false);
  const idx = input.reshape([-1]).toTypedArray();
  for (const i of idx) if (i < 0 || i >= v) throw new RangeError('index out of range in self');
  const maxNorm = opts.maxNorm ?? null;
  if (maxNorm !== null) embeddingRenorm(weight, idx, maxNorm, opts.normType ?? 2);

  // The kept positions (not padding), their bag and row.
  const keptPos: number[] = [], keptBag: number[] = [], keptRow: number[] = [];
  const counts = starts.map(() => 0);
  starts.forEach((s, b) => {
    for (let p = s; p < ends[b]!; p++) {
      const row = idx[p]!;
      if (row === pad) continue;
      keptPos.push(p);
      keptBag.push(b);
      keptRow.push(row);
      counts[b]!++;
    }
  });
  const nb = starts.length;
  const ints = (a: number[]): Tensor => Tensor.fromData(Int32Array.from(a), [a.length], 'int32');
  const rowT = ints(keptRow), bagT = ints(keptBag), posT = ints(keptPos);
  const inputs = psw === null ? [weight] : [weight, psw];

  if (mode !== 'max') {
    // mean divides each bag by its size (empty bags by 1: they stay 0).
    const scale = mode === 'mean' ? Tensor.fromData(Float64Array.from(counts, (c) => Math.max(c, 1)), [nb, 1], 'float64').to(weight.dtype) : null;
    const pswKept = (w: Tensor): Tensor => w.reshape([-1]).indexSelect(0, posT).unsqueeze(1);
    // scaleGradByFreq: each row's gradient divided by how often it occurs in the input.
    let freq: Tensor | null = null;
    if (opts.scaleGradByFreq === true) {
      const seen = new Map<number, number>();
      for (const i of idx) seen.set(i, (seen.get(i) ?? 0) + 1);
      freq = Tensor.fromData(Float64Array.from(keptRow, (r) => seen.get(r) ?? 1), [keptRow.length, 1], 'float64').to(weight.dtype);
    }
    return nnOps.withNode('EmbeddingBagBackward0', inputs, () => {
      let rows = weight.indexSelect(0, rowT);
      if (psw !== null) rows = rows.mul(pswKept(psw));
      const sum = zeros([nb, d], { dtype: weight.dtype }).indexAdd(0, bagT, rows);
      return scale === null ? sum : sum.div(scale);
    }, (g, saved) => {
      const w = saved[0] ?? weight, ps = psw === null ? null : saved[1] ?? psw;
      const gb = scale === null ? g : g.div(scale);
      let gRows = gb.indexSelect(0, bagT);
      const gps = ps === null ? null : zeros([idx.length], { dtype: g.dtype }).indexAdd(0, posT, gRows.mul(w.indexSelect(0, rowT)).sum(1)).reshape(ps.shape.slice());
      if (ps !== null) gRows = gRows.mul(pswKept(ps));
      if (freq !== null) gRows = gRows.div(freq);
      return [zeros([v, d], { dtype: g.dtype }).indexAdd(0, rowT, gRows), gps];
    });
  }

  // max: bags laid out densely [B, L] (missing entries point at a -inf row); the first maximum wins.
  const width = counts.reduce((a, b) => Math.max(a, b), 0);
  const dense = new Int32Array(nb * width).fill(keptRow.length);
  const fill = counts.map(() => 0);
  keptBag.forEach((b, k) => { dense[b * width + fill[b]!++] = k; });
  const denseT = Tensor.fromData(dense, [nb, width], 'int32');
  const rowExt = ints([...keptRow, 0]);
  const nonEmpty = Tensor.fromData(Uint8Array.from(counts, (c) => (c > 0 ? 1 : 0)), [nb, 1], 'bool');
  let winners: Tensor | null = null;
  return nnOps.withNode('EmbeddingBagBackward0', inputs, () => {
    if (width === 0) return zeros([nb, d], { dtype: weight.dtype });
    const rows = cat([weight.indexSelect(0, rowT), full([1, d], -Infinity, { dtype: weight.dtype })], 0);
    const padded = rows.indexSelect(0, denseT.reshape([-1])).reshape([nb, width, d]);
    const k = denseT.gather(1, padded.argmax(1));
    winners = rowExt.indexSelect(0, k.reshape([-1])).reshape([nb, d]);
    return where(nonEmpty, padded.amax(1), 0);
  }, (g) => {
    const gw = zeros([v, d], { dtype: g.dtype });
    return [winners === null ? gw : gw.scatterAdd(0, winners, where(nonEmpty, g, 0)), null];
  });
}

/**
 * PyTorch's embedding_renorm_ (before the lookup, without autograd): each distinct row used
 * whose normType-norm exceeds maxNorm is scaled by maxNorm / (norm + 1e-7), in place.
 */
export function embeddingRenorm(weight: Tensor, idx: Int32Array | ArrayLike<number>, maxNorm: number, normType: number): void {
  const rows = Int32Array.from(new Set(Array.from(idx))).sort();
  noGrad(() => {
    const norms = weight.indexSelect(0, Tensor.fromData(rows, [rows.length], 'int32')).norm(normType, 1).toTypedArray();
    rows.forEach((row, i) => {
      const n = norms[i] ?? 0;
      if (n > maxNorm) weight.select(0, row).mul_(maxNorm / (n + 1e-7));
    });
  });
}
