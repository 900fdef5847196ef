/**
 * Embedding lookup: rows of a weight matrix picked by integer indices (EmbeddingBackward0).
 * The gradient adds each output row back into its weight row (index_add), skipping paddingIdx.
 */
import { backendOf } from '../../backend/index';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { alloc, scalarTypeName } from '../util';
import { indexAdd } from '../indexing';
import { indexInt32 } from '../index-dtype';

/**
 * Rows `weight[indices]`: out has shape [...indices.shape, embeddingDim]. Rows at `paddingIdx`
 * get no gradient.
 * @example embedding(tensor([[1, 2], [0, 1]]), weight) // weight [V, D] -> [2, 2, D]
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  indices = indexInt32(indices);
  if (indices.dtype !== 'int32') {
    throw new TypeError(`Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${scalarTypeName(indices.dtype)}Tensor instead (while checking arguments for embedding)`);
  }
  if (weight.shape.length !== 2) throw new Error("'weight' must be 2-D");
  const [v, d] = weight.shape as [number, number];
  const flat = indices.reshape([-1]);
  const out = alloc([...indices.shape, d], weight.dtype, weight.storage.device);
  const outRows = { storage: out.storage, shape: [flat.numel(), d], strides: [d, 1], offset: 0, dtype: out.dtype };
  backendOf(weight).indexSelect(weight, 0, flat, outRows);
  if (needsGrad(weight)) {
    const pad = paddingIdx === null ? null : paddingIdx < 0 ? paddingIdx + v : paddingIdx;
    record(out, 'EmbeddingBackward0', [null, weight], [flat], null, (g, s) => {
      const idx = s[0]!;
      let rows = g.reshape([-1, d]);
      if (pad !== null) rows = rows.mul(idx.ne(pad).unsqueeze(1).to(rows.dtype));
      return [null, indexAdd(alloc([v, d], g.dtype, g.storage.device), 0, idx, rows)];
    });
  }
  return out;
}
