/**
 * Fused cross-entropy for class-index targets: one log-softmax kernel, one NLL kernel, one node
 * (NllLossBackward0, the node PyTorch's composite ends with). Backward without createGraph is
 * one kernel, coef * (softmax - onehot); with createGraph it is composed from differentiable
 * ops (logSoftmax's gradient applied to NLL's), so double backward stays right. The composed
 * logSoftmax + nllLoss is the test oracle.
 */
import { backend } from '../../backend/index';
import { isGradEnabled } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { alloc } from '../util';
import { checkReduction, checkShapes, view3, weightView, type NllLossOptions } from './nll';

/**
 * crossEntropy(input, target) for int32 class indices: nllLoss(logSoftmax(input, 1), target).
 * @example crossEntropyIndices(outputs, labels) // tensor(1.2489, grad_fn=<NllLossBackward0>)
 */
export function crossEntropyIndices(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction ?? 'mean');
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const weight = opts.weight ?? null;
  const C = checkShapes(input, target, weight);
  const x3 = view3(input, 2), t2 = view3(target, 1);
  const logp = alloc(input.shape.slice(), input.dtype);
  backend().logSoftmax(x3, logp.storage.data);
  const l3 = view3(logp, 2);
  const n = x3.shape[0]! * x3.shape[2]!;
  const loss = alloc(input.shape.length === 1 ? [] : target.shape.slice(), input.dtype);
  const perWeight = new Float64Array(n);
  const terms = reduction === 'none' ? loss.storage.data : new Float64Array(n);
  backend().nllLoss(l3, t2, weightView(weight), ignoreIndex, terms, perWeight);
  let denom = 1;
  let out = loss;
  if (reduction !== 'none') {
    let sum = 0, wsum = 0;
    for (let i = 0; i < n; i++) { sum += terms[i]!; wsum += perWeight[i]!; }
    denom = reduction === 'mean' ? wsum : 1;
    out = alloc([], input.dtype);
    out.storage.data[0] = sum / denom;
  }
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    const classDim = input.shape.length === 1 ? 0 : 1;
    const saved = weight === null ? [input, target, logp] : [input, target, logp, weight];
    record(out, input.shape.length > 2 ? 'NllLoss2DBackward0' : 'NllLossBackward0', [input], saved, null, (g, s) => {
      const w = weightView(s[3] ?? null);
      if (!isGradEnabled()) {
        const gx = alloc(inShape, g.dtype);
        const gv = reduction === 'none' ? view3(g, 1) : g.item();
        backend().crossEntropyGrad(view3(s[2]!, 2), view3(s[1]!, 1), w, ignoreIndex, gv, denom, gx.storage.data);
        return [gx];
      }
      const lp = s[0]!.logSoftmax(classDim);
      const coeff = alloc(inShape, g.dtype);
      backend().nllLossGrad(view3(s[1]!, 1), w, ignoreIndex, denom, C, coeff.storage.data);
      const gl = coeff.mul(reduction === 'none' && inShape.length > 1 ? g.unsqueeze(1) : g);
      return [gl.sub(lp.exp().mul(gl.sum(classDim, { keepdim: true })))];
    });
  }
  return out;
}
