/**
 * Fused negative log-likelihood loss (F.nll_loss): one kernel for the picked log-probabilities
 * and one node, NllLossBackward0 (NllLoss2DBackward0 for spatial targets). The gradient is a
 * constant coefficient tensor (-w[t] / denominator at the target class) times the incoming
 * gradient, so it is differentiable again.
 */
import type { View } from '../../backend/types';
import { backendOf } from '../../backend/index';
import { isGradEnabled, noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { isFloating } from '../../dtype';
import type { Tensor } from '../../tensor';
import { alloc, scalarTypeName } from '../util';
import { indexInt32 } from '../index-dtype';

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
  // A 1-D input [C] is one sample: [1, C, 1]; a 0-dim target is [1, 1]. Built in place: this
  // runs several times per loss call.
  const s = c.shape, nd = s.length;
  const shifted = lead === 2 && nd === 1;
  const dims = new Array<number>(lead + 1);
  for (let i = 0; i < lead; i++) {
    const j = shifted ? i - 1 : i;
    dims[i] = j >= 0 && j < nd ? s[j]! : 1;
  }
  let k = 1;
  for (let i = shifted ? lead - 1 : lead; i < nd; i++) k *= s[i]!;
  dims[lead] = k;
  const strides = new Array<number>(lead + 1);
  let st = 1;
  for (let i = lead; i >= 0; i--) { strides[i] = st; st *= dims[i]!; }
  // Dense by construction: kernels take their fast path (no layout re-derivation, no subarray).
  return { storage: c.storage, shape: dims, strides, offset: c.offset, dtype: c.dtype, rowMajor: true, elements: c.elements };
}

export function weightView(w: Tensor | null): View | null {
  if (w === null) return null;
  const c = w.isContiguous() ? w : noGrad(() => w.contiguous());
  return { storage: c.storage, shape: [c.numel()], strides: [1], offset: c.offset, dtype: c.dtype, rowMajor: true, elements: c.elements };
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
    if (input.shape.length > 2) {
      const want = [n, ...input.shape.slice(2)];
      if (want.length !== target.shape.length || want.some((d, i) => d !== target.shape[i])) {
        throw new Error(`Expected target size [${want.join(', ')}], got [${target.shape.join(', ')}]`);
      }
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
  target = indexInt32(target);
  const C = checkShapes(input, target, weight);
  // A 1-D input reduces even with 'none' (PyTorch's kernel only keeps per-sample terms for 2-D+).
  const red = reduction === 'none' && input.shape.length === 1 ? 'sum' : reduction;
  const out = alloc(red === 'none' ? target.shape.slice() : [], input.dtype, input.storage.device);
  const totalWeight = backendOf(input).nllLoss(view3(input, 2), view3(target, 1), weightView(weight), ignoreIndex, red, out);
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    const saved = weight === null ? [target] : [target, weight];
    record(out, input.shape.length > 2 ? 'NllLoss2DBackward0' : 'NllLossBackward0', [input], saved, null, (g, s) => {
      return [nllGrad(g, s[0]!, s[1] ?? null, ignoreIndex, red, totalWeight, inShape, C)];
    });
  }
  return out;
}

/**
 * NLL's input gradient: PyTorch's formula in one kernel, or (under createGraph) a constant
 * coefficient tensor times g, which is differentiable in g.
 */
export function nllGrad(g: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, red: Reduction,
  totalWeight: number, inShape: number[], C: number): Tensor {
  const out = alloc(inShape, g.dtype, g.storage.device);
  const t2 = view3(target, 1), w = weightView(weight), o = view3(out, 2), be = backendOf(out);
  if (!isGradEnabled()) {
    // A device that cannot read g synchronously (webgpu) takes a reduction's g as a one-element view.
    const gv = red === 'none' || g.storage.device !== 'cpu' ? view3(g, 1) : g.item();
    be.nllLossGrad(t2, w, ignoreIndex, red, gv, totalWeight, C, o);
    return out;
  }
  be.nllLossGrad(t2, w, ignoreIndex, red === 'none' ? 'sum' : red, 1, totalWeight, C, o);
  return out.mul(red !== 'none' || inShape.length === 1 ? g : g.unsqueeze(1));
}
