/**
 * Adaptive pooling: output window i of an axis of n inputs covers [floor(i n/out), ceil((i+1) n/out)).
 * Average: one averaging matrix per axis (AdaptiveAvgPool{2,3}DBackward0, the transposed
 * matrices). Max: the shared tap-table max with indices (AdaptiveMaxPool{2,3}DBackward0).
 * The 1-D forms run the 2-D ones on [.., 1, L] as PyTorch does.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { allocArray } from '../../dtype';
import type { Tensor } from '../../tensor';
import { alloc, fromHost } from '../util';
import { tapTable, windowMax, type AxisTaps } from './pool';

/** An adaptive output size: an int, or one entry per axis where null keeps the input size. */
export type OutputSize = number | readonly (number | null)[];

function start(i: number, n: number, out: number): number { return Math.floor((i * n) / out); }
function end(i: number, n: number, out: number): number { return Math.ceil(((i + 1) * n) / out); }

/** [out, n] averaging matrix of adaptive pooling along one axis. */
function poolMatrix(out: number, n: number, dtype: Tensor['dtype']): Tensor {
  const m = allocArray(dtype, out * n);
  for (let i = 0; i < out; i++) {
    const s = start(i, n, out), e = end(i, n, out);
    for (let j = s; j < e; j++) m[i * n + j] = 1 / (e - s);
  }
  return fromHost(m, [out, n], dtype);
}

/** y with the matrix mats[i] ([out_i, in_i]) applied along each of its last mats.length dims. */
export function applyAlongAxes(x: Tensor, mats: readonly Tensor[]): Tensor {
  const r = x.shape.length, nd = mats.length;
  const outShape = [...x.shape.slice(0, r - nd), ...mats.map((m) => m.shape[0]!)];
  if (x.numel() === 0 || outShape.includes(0)) return alloc(outShape, x.dtype, x.storage.device);
  let y = x;
  mats.forEach((m, i) => {
    const axis = r - nd + i;
    y = axis === r - 1 ? y.matmul(m.t()) : y.movedim(axis, -1).matmul(m.t()).movedim(-1, axis);
  });
  return y;
}

function resolveSize(name: string, outputSize: OutputSize, inSize: readonly number[]): number[] {
  const nd = inSize.length;
  const sizes = typeof outputSize === 'number' ? inSize.map(() => outputSize) : outputSize.length === 1 && nd > 1 ? inSize.map(() => outputSize[0] ?? null) : outputSize;
  if (sizes.length !== nd) throw new Error(`${name}(): internal error: output_size.size() must be ${nd}`);
  return sizes.map((v, i) => v ?? inSize[i]!);
}

function checkInput(name: string, x: Tensor, nd: number, colon: boolean): void {
  const r = x.shape.length;
  if (r !== nd + 1 && r !== nd + 2) throw new Error(`${name}(): Expected ${nd + 1}D or ${nd + 2}D tensor, but got${colon ? ':' : ''} [${x.shape.join(', ')}]`);
  for (let i = r === nd + 2 ? 1 : 0; i < r; i++) {
    if (x.shape[i] === 0) {
      throw new Error(`${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${x.shape.join(', ')}] with dimension ${i} being empty`);
    }
  }
}

/**
 * F.adaptive_avg_pool2d / 3d: averages the last nd dims into `outputSize`.
 * @example adaptiveAvgPoolNd(x, 2, 1) // global average pooling
 */
export function adaptiveAvgPoolNd(input: Tensor, nd: 2 | 3, outputSize: OutputSize): Tensor {
  const name = `adaptive_avg_pool${nd}d`;
  checkInput(name, input, nd, false);
  const inSize = input.shape.slice(-nd);
  const out = resolveSize(name, outputSize, inSize);
  const mats = (dtype: Tensor['dtype']): Tensor[] => out.map((o, i) => poolMatrix(o, inSize[i]!, dtype));
  const y = noGrad(() => applyAlongAxes(input, mats(input.dtype)));
  if (needsGrad(input)) {
    record(y, `AdaptiveAvgPool${nd}DBackward0`, [input], [], null, (g) => [applyAlongAxes(g, mats(g.dtype).map((m) => m.t()))]);
  }
  return y;
}

function oneOf(name: string, outputSize: OutputSize): number {
  if (typeof outputSize === 'number') return outputSize;
  if (outputSize.length !== 1) throw new Error(`${name}() argument 'output_size' should contain one int (got ${outputSize.length})`);
  const v = outputSize[0];
  if (v === null || v === undefined) throw new Error(`${name}() argument 'output_size' should contain one int`);
  return v;
}

function check1d(name: string, input: Tensor): void {
  const r = input.shape.length;
  if (r !== 2 && r !== 3) throw new Error(`Expected 2 to 3 dimensions, but got ${r}-dimensional tensor for argument #1 'self' (while checking arguments for ${name})`);
}

/** F.adaptive_avg_pool1d: the 2-D pool of [.., 1, L]. */
export function adaptiveAvgPool1d(input: Tensor, outputSize: OutputSize): Tensor {
  check1d('adaptive_avg_pool1d', input);
  const o = oneOf('adaptive_avg_pool1d', outputSize);
  return adaptiveAvgPoolNd(input.unsqueeze(-2), 2, [1, o]).squeeze(-2);
}

/**
 * F.adaptive_avg_pool2d: averages into an output of `outputSize` (an int, or [h, w] where null
 * keeps the input size).
 * @example adaptiveAvgPool2d(x, 1) // global average pooling
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: OutputSize): Tensor {
  return adaptiveAvgPoolNd(input, 2, outputSize);
}

function adaptiveTaps(n: number, out: number): AxisTaps {
  let k = 0;
  for (let i = 0; i < out; i++) k = Math.max(k, end(i, n, out) - start(i, n, out));
  const taps = new Int32Array(out * k).fill(-1);
  for (let i = 0; i < out; i++) {
    for (let j = start(i, n, out), t = 0; j < end(i, n, out); j++, t++) taps[i * k + t] = j;
  }
  return { out, k, taps };
}

/**
 * F.adaptive_max_pool2d / 3d with indices: the max of each adaptive window and its flat index
 * in the input plane (int32).
 * @example adaptiveMaxPoolNd(x, 2, [2, 3])
 */
export function adaptiveMaxPoolNd(input: Tensor, nd: 2 | 3, outputSize: OutputSize): [Tensor, Tensor] {
  const name = `adaptive_max_pool${nd}d`;
  checkInput(name, input, nd, true);
  const inSize = input.shape.slice(-nd);
  const out = resolveSize(name, outputSize, inSize);
  return windowMax(input, tapTable(inSize, inSize.map((n, a) => adaptiveTaps(n, out[a]!))), `AdaptiveMaxPool${nd}DBackward0`);
}

/** F.adaptive_max_pool1d with indices: the 2-D pool of [.., 1, L]. */
export function adaptiveMaxPool1d(input: Tensor, outputSize: OutputSize): [Tensor, Tensor] {
  check1d('adaptive_max_pool1d', input);
  const o = oneOf('adaptive_max_pool1d', outputSize);
  const [v, i] = adaptiveMaxPoolNd(input.unsqueeze(-2), 2, [1, o]);
  return [v.squeeze(-2), i.squeeze(-2)];
}
