/**
 * Max unpooling (MaxUnpool{2,3}DBackward0): each input value written at its flat index in a zero
 * output plane; the gradient gathers from the same indices. 1-D runs the 2-D form on [.., L, 1].
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { alloc } from '../util';
import { gather, scatter } from '../indexing';
import { checkHostOp } from '../devices';
import { tuple, type IntTuple } from './pool';
import { indexInt32 } from '../index-dtype';

export interface MaxUnpoolOptions {
  /** Defaults to the kernel size. */
  stride?: IntTuple | null;
  padding?: IntTuple;
  /** The spatial output size (or the full [N, C, ...] size); defaults to (in - 1) * stride - 2 * padding + kernel. */
  outputSize?: readonly number[] | null;
}

/** PyTorch's _unpool_output_size: the default size, or a checked explicit one. */
function unpoolSize(inSize: readonly number[], k: number[], s: number[], p: number[], outputSize: readonly number[] | null): number[] {
  const nd = k.length;
  const def = inSize.map((n, d) => (n - 1) * s[d]! + k[d]! - 2 * p[d]!);
  if (outputSize === null) return def;
  const size = outputSize.length === nd + 2 ? outputSize.slice(2) : outputSize.slice();
  if (size.length !== nd) {
    throw new Error(`output_size should be a sequence containing ${nd} or ${nd + 2} elements, but it has a length of '${size.length}'`);
  }
  for (let d = 0; d < nd; d++) {
    const lo = def[d]! - s[d]!, hi = def[d]! + s[d]!;
    if (!(lo < size[d]! && size[d]! < hi)) {
      const text = outputSize.length === 1 ? `(${outputSize[0]},)` : `(${outputSize.join(', ')})`;
      throw new Error(`invalid output_size "${text}" (dim ${d} must be between ${lo} and ${hi})`);
    }
  }
  return size;
}

function unpoolCore(input: Tensor, indices: Tensor, nd: 2 | 3, outSize: number[]): Tensor {
  const r = input.shape.length;
  if (r !== nd + 1 && r !== nd + 2) {
    throw new Error(`Input to max_unpooling${nd}d should be a ${nd + 1}d or ${nd + 2}d Tensor, but got a tensor with ${r} dimensions.`);
  }
  if (indices.dtype !== 'int32') throw new TypeError(`elements in indices should be type int64 or int32 but got: ${indices.dtype}`);
  if (indices.shape.length !== r || indices.shape.some((v, i) => v !== input.shape[i])) {
    throw new Error(`Expected shape of indices to be same as that of the input tensor ([${input.shape.join(', ')}]) but got indices tensor with shape: [${indices.shape.join(', ')}]`);
  }
  const lead = input.shape.slice(0, r - nd), plane = outSize.reduce((a, b) => a * b, 1);
  const b = lead.reduce((a, v) => a * v, 1), l = b === 0 ? 0 : input.numel() / b;
  checkHostOp('max_unpool', "Its indices are checked on the host: run it on CPU copies, F.maxUnpool2d(await x.toAsync('cpu'), await indices.toAsync('cpu'), ...)", indices);
  for (const v of indices.toTypedArray()) {
    if (v < 0 || v >= plane) throw new Error(`Found an invalid max index: ${v} (output volumes are of size ${outSize.join('x')}`);
  }
  const flatIdx = indices.reshape([b, l]);
  const out = noGrad(() => scatter(alloc([b, plane], input.dtype, input.storage.device), 1, flatIdx, input.reshape([b, l])).view([...lead, ...outSize]));
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    record(out, `MaxUnpool${nd}DBackward0`, [input], [flatIdx], null, (g, s) => [gather(g.reshape([b, plane]), 1, s[0]!).view(inShape)]);
  }
  return out;
}

/**
 * F.max_unpool1d/2d/3d (nd = 1, 2, 3): the inverse of max pooling at the pooled indices.
 * @example maxUnpool(pooled, indices, 2, 2) // [N, C, 2, 2] -> [N, C, 4, 4]
 */
export function maxUnpool(input: Tensor, indices: Tensor, nd: 1 | 2 | 3, kernelSize: IntTuple, opts: MaxUnpoolOptions = {}): Tensor {
  indices = indexInt32(indices);
  const k = tuple(kernelSize, nd, 'kernel_size');
  const s = opts.stride === null || opts.stride === undefined ? k : tuple(opts.stride, nd, 'stride');
  const p = tuple(opts.padding ?? 0, nd, 'padding');
  const outSize = unpoolSize(input.shape.slice(-nd), k, s, p, opts.outputSize ?? null);
  if (nd === 1) return unpoolCore(input.unsqueeze(-1), indices.unsqueeze(-1), 2, [outSize[0]!, 1]).squeeze(-1);
  return unpoolCore(input, indices, nd, outSize);
}
