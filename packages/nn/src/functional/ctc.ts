/**
 * Connectionist temporal classification loss (F.ctc_loss) as PyTorch's CPU kernel computes it: the
 * forward by the alpha recursion in log space, the gradient by ctc_loss_backward's alpha-beta sums,
 * both per sample on the host in float64 (the lengths and targets are host data in PyTorch too).
 * The unreduced loss is one CtcLossBackward0 node; zeroInfinity, 'mean' and 'sum' are composed on
 * top as PyTorch's ctc_loss composes them.
 */
import { Tensor, noGrad, where, zerosLike } from '@torchlet/core';
import { checkOptions, nnOps } from '@torchlet/core/internal';
import type { ReductionOptions } from './loss';

/** F.ctc_loss's keyword arguments: blank, zeroInfinity, reduction. */
export interface CtcLossOptions extends ReductionOptions {
  /** The blank label (default 0). */
  blank?: number;
  /** Infinite losses (impossible alignments) and their gradients become 0. */
  zeroInfinity?: boolean;
}

/** Lengths as a tensor or a list of integers. */
export type Lengths = Tensor | readonly number[];

const NEG_INF = -Infinity;

/** log(exp(a) + exp(b) + exp(c)) the way PyTorch's kernel writes it (max 0 when all are -inf). */
function logSum3(a: number, b: number, c: number): number {
  let m = Math.max(a, b, c);
  if (m === NEG_INF) m = 0;
  return Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m)) + m;
}

function toList(l: Lengths): number[] {
  return l instanceof Tensor ? Array.from(l.reshape([-1]).toTypedArray(), Number) : l.slice();
}

interface Sample {
  lp: Float64Array; // log_probs, [T_max, N, C] row-major
  n: number; // batch size
  c: number; // classes
  b: number; // this sample
  len: number; // input length
  labels: number[]; // this sample's target
  blank: number;
}

/** Log-probability of time t, class k, for sample b. */
const at = (s: Sample, t: number, k: number): number => s.lp[(t * s.n + s.b) * s.c + k]!;

/** The sample's negative log-likelihood and its gradient w.r.t. log_probs [len, C] (per unit upstream gradient). */
function ctcSample(s: Sample, zeroInfinity: boolean): { nll: number; grad: Float64Array } {
  const { len, labels, blank, c } = s;
  const sLen = 2 * labels.length + 1;
  const prime = (i: number): number => (i % 2 === 0 ? blank : labels[(i - 1) / 2]!);
  const grad = new Float64Array(len * c);
  if (len === 0) return { nll: labels.length === 0 ? 0 : Infinity, grad };
  const alpha = new Float64Array(len * sLen).fill(NEG_INF);
  alpha[0] = at(s, 0, blank);
  if (sLen > 1) alpha[1] = at(s, 0, prime(1));
  for (let t = 1; t < len; t++) {
    for (let i = 0; i < sLen; i++) {
      const prev = (t - 1) * sLen;
      const a2 = i > 0 ? alpha[prev + i - 1]! : NEG_INF;
      const a3 = i > 1 && prime(i) !== prime(i - 2) ? alpha[prev + i - 2]! : NEG_INF;
      alpha[t * sLen + i] = logSum3(alpha[prev + i]!, a2, a3) + at(s, t, prime(i));
    }
  }
  const last = (len - 1) * sLen;
  const nll = -logSum3(alpha[last + sLen - 1]!, sLen > 1 ? alpha[last + sLen - 2]! : NEG_INF, NEG_INF);
  if (zeroInfinity && nll === Infinity) return { nll, grad };
  // beta backwards; grad[t, k] collects log-sum of alpha * beta over the states s labelled k (eq. 16).
  const beta = new Float64Array(len * sLen).fill(NEG_INF);
  const collected = new Float64Array(len * c).fill(NEG_INF);
  const collect = (t: number, i: number): void => {
    const ab = alpha[t * sLen + i]! + beta[t * sLen + i]!;
    const k = t * c + prime(i);
    const cur = collected[k]!;
    if (cur === NEG_INF) collected[k] = ab;
    else {
      const m = Math.max(cur, ab);
      collected[k] = Math.log(Math.exp(cur - m) + Math.exp(ab - m)) + m;
    }
  };
  beta[last + sLen - 1] = at(s, len - 1, blank);
  collect(len - 1, sLen - 1);
  if (sLen > 1) {
    beta[last + sLen - 2] = at(s, len - 1, prime(sLen - 2));
    collect(len - 1, sLen - 2);
  }
  for (let t = len - 2; t >= 0; t--) {
    const next = (t + 1) * sLen;
    for (let i = 0; i < sLen; i++) {
      const b2 = i < sLen - 1 ? beta[next + i + 1]! : NEG_INF;
      const b3 = i < sLen - 2 && prime(i + 2) !== prime(i) ? beta[next + i + 2]! : NEG_INF;
      beta[t * sLen + i] = logSum3(beta[next + i]!, b2, b3) + at(s, t, prime(i));
      collect(t, i);
    }
  }
  for (let t = 0; t < len; t++) {
    for (let k = 0; k < c; k++) {
      const lp = at(s, t, k);
      grad[t * c + k] = Math.exp(lp) - Math.exp(collected[t * c + k]! + nll - lp);
    }
  }
  return { nll, grad };
}

/**
 * CTC loss of log_probs [T, N, C] (or unbatched [T, C]) against targets padded [N, S] or
 * concatenated 1-D, with each sample's input and target lengths (tensors or lists). 'mean' divides
 * each loss by its target length (at least 1), then averages over the batch.
 * @example ctcLoss(logits.logSoftmax(2), targets, [50, 48], [12, 9], { zeroInfinity: true })
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Lengths, targetLengths: Lengths, opts: CtcLossOptions = {}): Tensor {
  checkOptions('ctc_loss', opts, ['blank', 'reduction', 'zeroInfinity']);
  const reduction = nnOps.checkReduction(opts.reduction ?? 'mean');
  const blank = opts.blank ?? 0, zeroInfinity = opts.zeroInfinity ?? false;
  const batched = logProbs.shape.length === 3;
  if (!batched && logProbs.shape.length !== 2) {
    throw new Error(`Expected 3-dimensional tensor, but got ${logProbs.shape.length + 1}-dimensional tensor for argument #1 'log_probs' (while checking arguments for ctc_loss_cpu)`);
  }
  const lp3 = batched ? logProbs : logProbs.unsqueeze(1);
  const [tMax, n, c] = lp3.shape as [number, number, number];
  const inLens = toList(inputLengths), tgLens = toList(targetLengths);
  if (!(blank >= 0 && blank < c)) throw new Error('blank must be in label range');
  if (inLens.length !== n) throw new Error('input_lengths must be of size batch_size');
  if (tgLens.length !== n) throw new Error('target_lengths must be of size batch_size');
  const targetsArg = ' for argument #2 \'targets\' (while checking arguments for ctc_loss_cpu)';
  const tg = Array.from(targets.toTypedArray(), Number);
  const maxTarget = Math.max(0, ...tgLens);
  const offsets: number[] = [];
  if (targets.shape.length === 1) {
    let pos = 0;
    for (const l of tgLens) { offsets.push(pos); pos += l; }
    if (targets.shape[0] !== pos) throw new Error(`Expected tensor to have size ${pos} at dimension 0, but got size ${targets.shape[0]!}${targetsArg}`);
  } else {
    const [rows, width] = targets.shape as [number, number];
    if (rows !== n) throw new Error(`Expected tensor to have size ${n} at dimension 0, but got size ${rows}${targetsArg}`);
    if (width < maxTarget) throw new Error(`Expected tensor to have size at least ${maxTarget} at dimension 1, but got size ${width}${targetsArg}`);
    for (let b = 0; b < n; b++) offsets.push(b * width);
  }
  for (const l of inLens) {
    if (l > tMax) throw new Error(`Expected input_lengths to have value at most ${tMax}, but got value ${l} (while checking arguments for ctc_loss_cpu)`);
  }
  const lp = Float64Array.from(lp3.toTypedArray());
  const nll = new Float64Array(n);
  const grad = new Float64Array(tMax * n * c);
  for (let b = 0; b < n; b++) {
    const labels = tg.slice(offsets[b], offsets[b]! + tgLens[b]!);
    const r = ctcSample({ lp, n, c, b, len: inLens[b]!, labels, blank }, zeroInfinity);
    nll[b] = r.nll;
    for (let t = 0; t < inLens[b]!; t++) for (let k = 0; k < c; k++) grad[(t * n + b) * c + k] = r.grad[t * c + k]!;
  }
  const dtype = logProbs.dtype;
  let res = nnOps.withNode('CtcLossBackward0', [lp3], () => Tensor.fromData(dtype === 'float32' ? Float32Array.from(nll) : nll, [n], dtype),
    // PyTorch has no double backward here: differentiating the gradient raises (its NotImplemented node).
    (g, saved) => [nnOps.withNode('NotImplemented', [saved[0] ?? lp3, g],
      () => Tensor.fromData(dtype === 'float32' ? Float32Array.from(grad) : grad, [tMax, n, c], dtype).mul(g.view([1, n, 1])),
      () => { throw new Error('derivative for aten::_ctc_loss_backward is not implemented'); })]);
  if (zeroInfinity) res = where(res.eq(Infinity), noGrad(() => zerosLike(res)), res);
  if (reduction === 'mean') return res.div(Tensor.fromData(Float64Array.from(tgLens), [n], 'float64').to(dtype).clampMin(1)).mean();
  if (reduction === 'sum') return res.sum();
  return batched ? res : res.squeeze(0);
}
