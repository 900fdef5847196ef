/**
 * F.pad: constant padding as one node (ConstantPadNdBackward0; its gradient is the opposite
 * pad, i.e. a crop), and reflect / replicate / circular padding as index selections per dim.
 */
import { backendOf } from '../../backend/index';
import { needsGrad, record } from '../../autograd/record';
import { checkedCast } from '../../dtype';
import { Tensor } from '../../tensor';
import { alloc, fromHost } from '../util';
import { indexSelect } from '../indexing';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

function checkPad(x: Tensor, pad: readonly number[]): void {
  if (pad.length % 2 !== 0) throw new Error('Padding length must be divisible by 2');
  if (pad.length / 2 > x.shape.length) throw new Error('Padding length too large');
}

/** Crop-or-pad window: for dim d the input range [srcStart, srcStart+len) lands at dstStart. */
function constantPad(x: Tensor, pad: readonly number[], value: number): Tensor {
  const nd = x.shape.length;
  const shape = x.shape.slice();
  const src: [number, number][] = x.shape.map((n) => [0, n]);
  const dst = x.shape.map(() => 0);
  for (let i = 0; i < pad.length / 2; i++) {
    const d = nd - 1 - i, before = pad[2 * i]!, after = pad[2 * i + 1]!;
    const n = x.shape[d]!;
    shape[d] = n + before + after;
    if (n + before + after < 0) {
      throw new Error(`The input size ${n}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`);
    }
    const start = Math.max(0, -before), end = Math.min(n, n + after);
    src[d] = [start, Math.max(0, end - start)];
    dst[d] = Math.max(0, before);
  }
  const out = alloc(shape, x.dtype, x.device);
  const be = backendOf(out);
  if (value !== 0) be.fill(out, checkedCast(out.dtype, value, 'scalar'));
  if (src.every(([, len]) => len > 0)) {
    let srcOff = x.offset, dstOff = 0;
    for (let d = 0; d < nd; d++) { srcOff += src[d]![0] * x.strides[d]!; dstOff += dst[d]! * out.strides[d]!; }
    const lens = src.map(([, len]) => len);
    be.copy(new Tensor(x.storage, lens, x.strides.slice(), srcOff, x.dtype), new Tensor(out.storage, lens, out.strides.slice(), dstOff, out.dtype));
  }
  if (needsGrad(x)) {
    const back = pad.map((p) => -p);
    record(out, 'ConstantPadNdBackward0', [x], [], null, (g) => [constantPad(g, back, 0)]);
  }
  return out;
}

/** Source index of each output position along one dim for the non-constant modes. */
function padIndex(n: number, before: number, after: number, mode: Exclude<PadMode, 'constant'>): Tensor {
  const len = n + before + after;
  const idx = new Int32Array(len);
  for (let o = 0; o < len; o++) {
    let i = o - before;
    if (mode === 'replicate') i = Math.min(Math.max(i, 0), n - 1);
    else if (mode === 'circular') i = ((i % n) + n) % n;
    else {
      const period = 2 * (n - 1);
      i = period === 0 ? 0 : Math.abs(i) % period;
      if (i >= n) i = period - i;
    }
    idx[o] = i;
  }
  return fromHost(idx, [len], 'int32');
}

/**
 * Pads the last `pad.length / 2` dims: pad = [left, right, top, bottom, ...] from the last dim
 * backwards. Negative constant padding crops.
 * @example pad(x, [1, 1]) // one zero on each side of the last dim
 * @example pad(x, [2, 2, 2, 2], 'reflect')
 */
export function pad(input: Tensor, padding: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  checkPad(input, padding);
  if (mode === 'constant') return constantPad(input, padding, value);
  const dimsPadded = padding.length / 2;
  const nd = input.shape.length;
  if (dimsPadded > 3 || nd < dimsPadded + 1 || nd > dimsPadded + 2) {
    throw new Error('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  }
  let out = input;
  for (let i = 0; i < dimsPadded; i++) {
    const d = nd - 1 - i, before = padding[2 * i]!, after = padding[2 * i + 1]!;
    const n = input.shape[d]!;
    if (mode === 'reflect' && (before >= n || after >= n)) {
      throw new Error(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input [${input.shape.join(', ')}]`);
    }
    if (mode === 'circular' && (before > n || after > n)) throw new Error('Padding value causes wrapping around more than once.');
    if (before < 0 || after < 0) throw new Error(`negative padding is only supported for constant padding (got ${before}, ${after})`);
    if (before === 0 && after === 0) continue;
    out = indexSelect(out, d, padIndex(n, before, after, mode));
  }
  return out;
}
