/**
 * Fused cross-entropy for class-index targets: the log-softmax kernel, the NLL kernel, one node
 * (NllLossBackward0, the node PyTorch's composite ends with). Backward without createGraph is one
 * kernel in PyTorch's float order (nll_loss_backward, then log_softmax's backward); with
 * createGraph it is composed from differentiable ops so double backward stays right. The
 * composed logSoftmax + nllLoss is the test oracle.
 */
import { backendOf } from '../../backend/index';
import { isGradEnabled } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { Node, type Edge } from '../../autograd/node';
import type { Tensor } from '../../tensor';
import { alloc } from '../util';
import { checkReduction, checkShapes, nllGrad, view3, weightView, type NllLossOptions } from './nll';
import { indexInt32 } from '../index-dtype';

/**
 * crossEntropy(input, target) for int32 class indices: nllLoss(logSoftmax(input, 1), target).
 * @example crossEntropyIndices(outputs, labels) // tensor(1.2489, grad_fn=<NllLossBackward0>)
 */
export function crossEntropyIndices(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction ?? 'mean');
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const weight = opts.weight ?? null;
  target = indexInt32(target);
  const C = checkShapes(input, target, weight);
  const red = reduction === 'none' && input.shape.length === 1 ? 'sum' : reduction;
  const classDim = input.shape.length === 1 ? 0 : 1;
  const logp = logSoftmaxRaw(input);
  const out = alloc(red === 'none' ? target.shape.slice() : [], input.dtype, input.storage.device);
  const totalWeight = backendOf(input).nllLoss(view3(logp, 2), view3(target, 1), weightView(weight), ignoreIndex, red, out);
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    // The loss saves log_softmax's output, not the input (as PyTorch's graph does), so the input
    // may change in place before backward; the input's edge is taken now, before any such change.
    const inputEdge: Edge = input.gradFn ?? input;
    const saved = weight === null ? [target, logp] : [target, logp, weight];
    record(out, input.shape.length > 2 ? 'NllLoss2DBackward0' : 'NllLossBackward0', [input], saved, null, (g, s) => {
      const w = s[2] ?? null;
      if (!isGradEnabled()) {
        const gx = alloc(inShape, g.dtype, g.storage.device);
        const gv = red === 'none' || g.storage.device !== 'cpu' ? view3(g, 1) : g.item();
        backendOf(gx).crossEntropyGrad(view3(s[1]!, 2), view3(s[0]!, 1), weightView(w), ignoreIndex, red, gv, totalWeight, view3(gx, 2));
        return [gx];
      }
      // Double backward: logp as log_softmax's differentiable output, its node made only now.
      const gl = nllGrad(g, s[0]!, w, ignoreIndex, red, totalWeight, inShape, C);
      const lp = differentiableLogp(s[1]!, inputEdge, classDim);
      return [gl.sub(lp.exp().mul(gl.sum(classDim, { keepdim: true })))];
    });
  }
  return out;
}

/** logp with a LogSoftmaxBackward0 node to the input's edge (saving its output, as PyTorch's). */
function differentiableLogp(logp: Tensor, inputEdge: Edge, dim: number): Tensor {
  const lp = logp.detach();
  lp.gradFn = new Node('LogSoftmaxBackward0', [inputEdge], [lp], null, (g, s) => {
    const y = s[0]!;
    return [g.sub(y.exp().mul(g.sum(dim, { keepdim: true })))];
  }, lp);
  lp.requiresGrad = true;
  return lp;
}

/** log_softmax over the class dim by the kernel alone (nothing records a gradient). */
function logSoftmaxRaw(input: Tensor): Tensor {
  const logp = alloc(input.shape.slice(), input.dtype, input.storage.device);
  if (logp.numel() > 0) backendOf(input).softmax(view3(input, 2), logp, true);
  return logp;
}
