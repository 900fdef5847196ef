/**
 * Fused negative log-likelihood loss (F.nll_loss): one kernel for the picked log-probabilities
 * and one node, NllLossBackward0 (NllLoss2DBackward0 for spatial targets). The gradient is a
 * constant coefficient tensor (-w[t] / denominator at the target class) times the incoming
 * gradient, so it is differentiable again.
 */
import type { View } from '../../backend/types';
import { backend } from '../../backend/index';
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { isFloating } from '../../dtype';
import type { Tensor } from '../../tensor';
import { alloc, scalarTypeName } from '../util';

export type Reduction = 'none' | 'mean' | 'sum';

export interface NllLossOptions {
  /** Per-class weights, shape [C]. */
  weight?: Tensor | null;
  /** Targets equal to this are skipped (no loss, no weight in the mean). Default -100. */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** PyTorch's check of the reduction string. */
export function checkReduction(reduction: string): Reduction {
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') throw new Error(`${reduction} is not a valid value for reduction`);
  return reduction;
}

/** A [N, C, K] (input) or [N, K] (target) view, collapsing trailing dims; copies when needed. */
export function view3(t: Tensor, lead: number): View {
  const c = t.isContiguous() ? t : noGrad(() => t.contiguous());
  // A 1-D input [C] is one sample: [1, C, 1]; a 0-dim target is [1, 1].
  const shape = c.shape.length === 0 ? [1] : lead === 2 && c.shape.length === 1 ? [1, c.shape[0]!] : c.shape;
  const head = shape.slice(0, lead);
  while (head.length < lead) head.push(1);
  let k = 1;
  for (let i = lead; i < shape.length; i++) k *= shape[i]!;
  const dims = [...head, k];
  const strides = new Array<number>(dims.length);
  let st = 1;
  for (let i = dims.length - 1; i >= 0; i--) { strides[i] = st; st *= dims[i]!; }
  return { storage: c.storage, shape: dims, strides, offset: c.offset, dtype: c.dtype };
}

export function weightView(w: Tensor | null): View | null {
  if (w === null) return null;
  const c = w.isContiguous() ? w : noGrad(() => w.contiguous());
  return { storage: c.storage, shape: [c.numel()], strides: [1], offset: c.offset, dtype: c.dtype };
}

export function checkShapes(input: Tensor, target: Tensor, weight: Tensor | null): number {
  if (input.shape.length < 1) throw new Error(`Expected 1 or more dimensions (got ${input.shape.length})`);
  if (!isFloating(input.dtype)) throw new TypeError(`"nll_loss_forward_out_frame" not implemented for '${scalarTypeName(input.dtype)}'`);
  if (target.dtype !== 'int32') throw new TypeError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`);
  const C = input.shape.length === 1 ? input.shape[0]! : input.shape[1]!;
  if (input.shape.length === 1) {
    if (target.shape.length > 1) throw new Error('0D or 1D target tensor expected, multi-target not supported');
  } else {
    const n = input.shape[0]!;
    if (target.shape[0] !== n) throw new Error(`Expected input batch_size (${n}) to match target batch_size (${target.shape[0] ?? 0}).`);
    if (input.shape.length === 2 && target.shape.length !== 1) throw new Error('0D or 1D target tensor expected, multi-target not supported');
    const want = [n, ...input.shape.slice(2)];
    if (input.shape.length > 2 && (want.length !== target.shape.length || want.some((d, i) => d !== target.shape[i]))) {
      throw new Error(`Expected target size [${want.join(', ')}], got [${target.shape.join(', ')}]`);
    }
  }
  if (weight !== null && weight.dtype !== input.dtype) {
    throw new TypeError(`expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(weight.dtype)}`);
  }
  if (weight !== null && weight.numel() !== C) {
    throw new Error(`weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`);
  }
  return C;
}

/**
 * Negative log-likelihood of `target` classes under log-probabilities `input`
 * ([N, C], [N, C, d1, ...] with target [N, d1, ...], or [C] with a 0-dim target).
 * @example nllLoss(logSoftmax(z, 1), tensor([0, 1, 2])) // mean of -z[i, t_i]
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction ?? 'mean');
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const weight = opts.weight ?? null;
  const C = checkShapes(input, target, weight);
  const x3 = view3(input, 2), t2 = view3(target, 1);
  const n = x3.shape[0]! * x3.shape[2]!;
  const loss = alloc(input.shape.length === 1 ? [] : target.shape.slice(), input.dtype);
  const perWeight = new Float64Array(n);
  const terms = reduction === 'none' ? loss.storage.data : new Float64Array(n);
  backend().nllLoss(x3, t2, weightView(weight), ignoreIndex, terms, perWeight);
  let totalWeight = 1;
  let out = loss;
  if (reduction !== 'none') {
    let sum = 0, wsum = 0;
    for (let i = 0; i < n; i++) { sum += terms[i]!; wsum += perWeight[i]!; }
    totalWeight = reduction === 'mean' ? wsum : 1;
    out = alloc([], input.dtype);
    out.storage.data[0] = sum / totalWeight;
  }
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    const spatial = input.shape.length > 2;
    const saved = weight === null ? [target] : [target, weight];
    record(out, spatial ? 'NllLoss2DBackward0' : 'NllLossBackward0', [input], saved, null, (g, s) => {
      const coeff = alloc(inShape, g.dtype);
      backend().nllLossGrad(view3(s[0]!, 1), weightView(s[1] ?? null), ignoreIndex, totalWeight, C, coeff.storage.data);
      if (reduction !== 'none') return [coeff.mul(g)];
      return [coeff.mul(inShape.length === 1 ? g : g.unsqueeze(1))];
    });
  }
  return out;
}
