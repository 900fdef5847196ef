/** Splitting into views along a dim: split (a size or sizes), chunk, unbind. No copies. */
import { checkInt, checkIntList, fmtShape, normDim } from '../shape';
import type { Tensor } from '../tensor';
import { narrow, select } from './views';

/**
 * torch.split: pieces of `size` along dim (the last may be smaller), or pieces of the given
 * sizes. Each piece is a view sharing x's storage.
 * @example split(arange(5), 2).map((t) => t.tolist()) // [[0, 1], [2, 3], [4]]
 */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  if (x.shape.length === 0) throw new Error('split expects at least a 1-dimensional tensor');
  const d = normDim(dim, x.shape.length);
  const n = x.shape[d]!;
  if (typeof sizeOrSizes !== 'number') {
    const sizes = checkIntList(sizeOrSizes, 'split_with_sizes', 'split_sizes');
    if (sizes.some((s) => s < 0)) {
      throw new Error(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${fmtShape(sizes)}`);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) {
      throw new Error(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(sizes)}`);
    }
    let at = 0;
    return sizes.map((s) => {
      const piece = narrow(x, d, at, s);
      at += s;
      return piece;
    });
  }
  const size = checkInt(sizeOrSizes, 'split', 'split_size', 1);
  if (size < 0) throw new Error(`split expects split_size be non-negative, but got split_size=${size}`);
  if (size === 0 && n !== 0) throw new Error(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
  const count = size === 0 ? 1 : Math.max(Math.ceil(n / size), 1);
  const out: Tensor[] = [];
  for (let i = 0; i < count; i++) out.push(narrow(x, d, i * size, Math.min(size, n - i * size)));
  return out;
}

/**
 * torch.chunk: up to `chunks` views of equal size ceil(n / chunks) along dim.
 * @example chunk(arange(6), 4).length // 3 (sizes 2, 2, 2)
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (x.shape.length === 0) throw new Error('chunk expects at least a 1-dimensional tensor');
  checkInt(chunks, 'chunk', 'chunks', 1);
  if (chunks <= 0) throw new Error(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normDim(dim, x.shape.length);
  const n = x.shape[d]!;
  if (n === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(n / chunks), d);
}

/**
 * torch.unbind: the slices along dim, each with that dim removed (views).
 * @example unbind(eye(2)).map((r) => r.tolist()) // [[1, 0], [0, 1]]
 */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.shape.length === 0) throw new RangeError('Dimension specified as 0 but tensor has no dimensions');
  const d = normDim(dim, x.shape.length);
  const out: Tensor[] = [];
  for (let i = 0; i < x.shape[d]!; i++) out.push(select(x, d, i));
  return out;
}
