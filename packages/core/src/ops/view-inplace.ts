/**
 * In-place ops on views (PyTorch's CopySlices). Writing through a view `v` of base `b` changes `b`
 * too, so `b`'s history must change: it becomes a node that sends the gradient of the view's region
 * through the in-place op's node and the rest to `b`'s previous history. Out of place, that is
 * `b = asStridedScatter(bOld, opResult, geometry)`; the values are already written, so only the node
 * is built. The view then becomes a fresh as_strided view of `b`'s new history.
 */
import { backendOf } from '../backend/index';
import { isGradEnabled } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { Node } from '../autograd/node';
import { Tensor } from '../tensor';
import { NO_GRAD_VIEW_INPLACE, alloc, writeInto } from './util';

/** Where a view sits in its base's row-major element order: the base seen as flat and contiguous. */
interface Geometry {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A contiguous tensor with x's values and its own storage, no autograd. */
function rawClone(x: Tensor): Tensor {
  const out = alloc(x.shape.slice(), x.dtype, x.storage.device);
  if (out.numel() > 0) backendOf(x).copy(x, out);
  return out;
}

/** A contiguous tensor with x's values (x itself when already so), no autograd. */
function rawContiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : rawClone(x);
}

/**
 * `input` (whose shape is the base's) seen through `geom`: the view's elements. Differentiable;
 * its gradient puts `g` into zeros of the input's shape (AsStridedBackward0).
 */
export function asStridedView(input: Tensor, geom: Geometry): Tensor {
  const c = rawContiguous(input);
  const out = new Tensor(c.storage, geom.shape.slice(), geom.strides.slice(), c.offset + geom.offset, c.dtype);
  out.base = c.base ?? c;
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    record(out, 'AsStridedBackward0', [input], [], null, (g) => [asStridedScatter(alloc(inShape.slice(), g.dtype, g.storage.device), g, geom)]);
  }
  return out;
}

/**
 * A copy of `input` with the region `geom` replaced by `src` (AsStridedScatterBackward0):
 * the gradient to input is g with the region zeroed, to src the region of g.
 */
export function asStridedScatter(input: Tensor, src: Tensor, geom: Geometry): Tensor {
  const out = rawClone(input);
  writeInto(new Tensor(out.storage, geom.shape.slice(), geom.strides.slice(), geom.offset, out.dtype), rawClone(src));
  if (needsGrad(input, src)) {
    const srcShape = src.shape.slice();
    record(out, 'AsStridedScatterBackward0', [input, src], [], null, (g) => [
      asStridedScatter(g, alloc(srcShape.slice(), g.dtype, g.storage.device), geom),
      asStridedView(g, geom),
    ]);
  }
  return out;
}

/** The view's geometry in its base's element order (bases are contiguous in all but odd cases). */
function geometryOf(self: Tensor, base: Tensor): Geometry {
  if (!base.isContiguous()) {
    throw new Error('in-place operation with autograd on a view of a non-contiguous tensor is not supported; clone() the base first');
  }
  return { shape: self.shape.slice(), strides: self.strides.slice(), offset: self.offset - base.offset };
}

/** A node that views `base`'s current history through `geom`, as the view's own history. */
function viewNode(base: Tensor, geom: Geometry): Node {
  const baseShape = base.shape.slice();
  const edge = base.gradFn ?? base;
  return new Node('AsStridedBackward0', [edge], [], null, (g) => [asStridedScatter(alloc(baseShape.slice(), g.dtype, g.storage.device), g, geom)]);
}

/**
 * Before a recorded in-place op on a view: its history becomes a view of its base's current
 * history, so earlier writes through other views of the base are seen. No-op for non-views.
 */
export function refreshViewHistory(self: Tensor): void {
  const base = self.base;
  if (base === null || !isGradEnabled()) return;
  const geom = geometryOf(self, base);
  if (!base.requiresGrad) return;
  if (base.gradFn === null) {
    // checkInplace caught views that require grad; this one was made under noGrad.
    throw new Error(NO_GRAD_VIEW_INPLACE);
  }
  self.gradFn = viewNode(base, geom);
  self.requiresGrad = true;
}

/**
 * After a recorded in-place op on a view, whose node `self.gradFn` now is: the base takes a
 * CopySlices node (region through the op's node, the rest to its old history) and the view
 * becomes a view of that. No-op for non-views.
 */
export function rebaseViewHistory(self: Tensor): void {
  const base = self.base;
  const opNode = self.gradFn;
  if (base === null || opNode === null) return;
  const geom = geometryOf(self, base);
  const oldEdge = base.requiresGrad ? (base.gradFn ?? base) : null;
  const srcShape = self.shape.slice();
  base.gradFn = new Node('CopySlices', [oldEdge, opNode], [], null, (g) => [
    asStridedScatter(g, alloc(srcShape.slice(), g.dtype, g.storage.device), geom),
    asStridedView(g, geom),
  ]);
  base.requiresGrad = true;
  self.gradFn = viewNode(base, geom);
}
