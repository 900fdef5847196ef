/**
 * F.pad: constant padding as one node (ConstantPadNdBackward0; its gradient is the opposite
 * pad, i.e. a crop), and reflect / replicate / circular padding as index selections per dim
 * under one node named as PyTorch's kernel, whose gradient sums the selections back
 * (index_add), so double backward is the forward pad again. Negative padding crops in every mode.
 */
import { backendOf } from '../../backend/index';
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { checkedCast } from '../../dtype';
import { Tensor } from '../../tensor';
import { alloc, fromHost } from '../util';
import { indexAdd, indexSelect } from '../indexing';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';
const PAD_MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/** PyTorch's NotImplementedError for a mode outside the four (a string, or anything else passed as one). */
export function checkPadMode(mode: unknown): asserts mode is PadMode {
  if (typeof mode !== 'string' || !PAD_MODES.includes(mode)) {
    const err = new Error(`Unrecognised padding mode ${String(mode)}`);
    err.name = 'NotImplementedError';
    throw err;
  }
}

function checkPad(x: Tensor, pad: readonly number[]): void {
  const bad = pad.findIndex((p) => !Number.isInteger(p));
  if (bad >= 0) throw new TypeError(`pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos ${bad}`);
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
  const out = alloc(shape, x.dtype, x.storage.device);
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

type IndexMode = Exclude<PadMode, 'constant'>;

/** Source index of each output position along one dim (output o reads input o - before, folded by the mode). */
function padIndex(n: number, before: number, after: number, mode: IndexMode): Tensor {
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

/** PyTorch's checks of the reflection/replication/circular kernels, before anything is computed. */
function checkIndexPad(x: Tensor, pad: readonly number[], mode: IndexMode, k: number): void {
  const nd = x.shape.length;
  const sizes = `[${x.shape.join(', ')}]`;
  if (mode !== 'circular' && x.shape.slice(nd - k - 1).some((n) => n === 0)) {
    if (mode === 'reflect' && k < 3) {
      // reflection_pad1d/2d still use the legacy wording with the legacy type name.
      const type = x.dtype === 'float64' ? 'Double' : x.dtype === 'int32' ? 'Int' : x.dtype === 'bool' ? 'Bool' : 'Float';
      throw new Error(`${k + 1}D or ${k + 2}D (batch mode) tensor expected for input, but got: [ torch.${type}Tensor{${x.shape.join(',')}} ]`);
    }
    throw new Error(`Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${sizes}`);
  }
  for (let i = 0; i < k; i++) {
    const d = nd - 1 - i, before = pad[2 * i]!, after = pad[2 * i + 1]!, n = x.shape[d]!;
    if (mode === 'reflect' && (before >= n || after >= n)) {
      // reflection_pad2d names the input's dim count where 1d and 3d name its sizes.
      throw new Error(`Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input ${k === 2 ? nd : sizes}`);
    }
    if (mode === 'circular' && (before > n || after > n)) throw new Error('Padding value causes wrapping around more than once.');
  }
  const outSize = pad.filter((_, j) => j % 2 === 0).map((before, i) => x.shape[nd - 1 - i]! + before + pad[2 * i + 1]!);
  if (mode === 'circular' && outSize.some((m) => m < 0)) throw new Error('Negative padding value is resulting in an empty dimension');
  if (k === 1 && outSize[0]! < 1) throw new Error(`input (W: ${x.shape[nd - 1]}) is too small. Calculated output W: ${outSize[0]}`);
  if (outSize.some((m) => m < 0)) {
    const shape = x.shape.map((n, d) => (d >= nd - k ? outSize[nd - 1 - d]! : n));
    const neg = shape.find((m) => m < 0);
    throw new Error(`Trying to create tensor with negative dimension ${neg}: [${shape.join(', ')}]`);
  }
}

/** The node PyTorch 1.13 names for each kernel (circular is composed of slice copies there). */
function nodeName(mode: IndexMode, k: number): string {
  if (mode === 'circular') return 'CopySlices';
  return `${mode === 'reflect' ? 'Reflection' : 'Replication'}Pad${k}DBackward0`;
}

function indexPad(x: Tensor, pad: readonly number[], mode: IndexMode, k: number): Tensor {
  const nd = x.shape.length;
  const steps: { d: number; n: number; index: Tensor }[] = [];
  for (let i = 0; i < k; i++) {
    const d = nd - 1 - i, before = pad[2 * i]!, after = pad[2 * i + 1]!, n = x.shape[d]!;
    // A zero pad still copies (PyTorch's kernels always write a new tensor): keep the last dim's step.
    if (before !== 0 || after !== 0 || (i === k - 1 && steps.length === 0)) steps.push({ d, n, index: padIndex(n, before, after, mode) });
  }
  const out = noGrad(() => steps.reduce((t, s) => indexSelect(t, s.d, s.index), x));
  if (needsGrad(x)) {
    record(out, nodeName(mode, k), [x], [], null, (g) => {
      // Sum each selection back, last dim first undone last: the adjoint of the forward chain.
      let gi = g;
      for (let j = steps.length - 1; j >= 0; j--) {
        const s = steps[j]!;
        const shape = gi.shape.slice();
        shape[s.d] = s.n;
        gi = indexAdd(alloc(shape, gi.dtype, gi.storage.device), s.d, s.index, gi);
      }
      return [gi];
    });
  }
  return out;
}

/**
 * Pads the last `pad.length / 2` dims: pad = [left, right, top, bottom, ...] from the last dim
 * backwards. Negative padding crops. `value` is for 'constant' only (others accept only 0).
 * @example pad(x, [1, 1]) // one zero on each side of the last dim
 * @example pad(x, [2, 2, 2, 2], 'reflect')
 */
export function pad(input: Tensor, padding: readonly number[], mode: PadMode = 'constant', value?: number | null): Tensor {
  checkPadMode(mode);
  checkPad(input, padding);
  if (mode === 'constant') return constantPad(input, padding, value ?? 0);
  if (value !== undefined && value !== null && value !== 0) throw new Error(`Padding mode "${mode}" doesn't take in value argument`);
  const k = padding.length / 2;
  const nd = input.shape.length;
  if (k < 1 || k > 3 || nd < k + 1 || nd > k + 2) {
    const err = new Error('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
    err.name = 'NotImplementedError';
    throw err;
  }
  checkIndexPad(input, padding, mode, k);
  return indexPad(input, padding, mode, k);
}
