/**
 * meshgrid: coordinate grids from 0-D/1-D tensors. Each output is an expand view of its input
 * (ExpandBackward0), so the gradients sum back over the broadcast dims.
 */
import { Tensor } from '../tensor';
import { checkOptions } from '../options';

/** meshgrid's keyword option. */
export interface MeshgridOptions {
  /** 'ij' (default): output dim i follows input i; 'xy': the first two dims swapped (Cartesian). */
  indexing?: 'ij' | 'xy';
}

/**
 * @example const [gx, gy] = meshgrid(x, y, { indexing: 'xy' }); meshgrid([x, y])
 */
export function meshgrid(...args: (Tensor | readonly Tensor[] | MeshgridOptions)[]): Tensor[] {
  let opts: MeshgridOptions = {};
  const last = args[args.length - 1];
  if (last !== undefined && !(last instanceof Tensor) && !Array.isArray(last)) {
    opts = last as MeshgridOptions;
    args = args.slice(0, -1);
  }
  checkOptions('meshgrid', opts, ['indexing']);
  const first = args[0];
  const tensors: readonly Tensor[] = args.length === 1 && Array.isArray(first) ? first : args.filter((a): a is Tensor => a instanceof Tensor);
  if (tensors.length === 0) throw new Error('meshgrid expects a non-empty TensorList');
  for (let i = 0; i + 1 < tensors.length; i++) {
    if (tensors[i]!.dtype !== tensors[i + 1]!.dtype) throw new TypeError('meshgrid expects all tensors to have the same dtype');
  }
  const indexing = opts.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') {
    throw new Error(`torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${String(indexing)}`);
  }
  const n = tensors.length;
  // 'xy' puts input 0 along dim 1 and input 1 along dim 0.
  const place = (i: number): number => (indexing === 'xy' && n >= 2 && i < 2 ? 1 - i : i);
  const shape = new Array<number>(n);
  tensors.forEach((t, i) => {
    if (t.shape.length > 1) throw new Error(`torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t.toString()}`);
    shape[place(i)] = t.numel();
  });
  return tensors.map((t, i) => {
    const viewShape = shape.map((s, d) => (d === place(i) ? s : 1));
    return t.reshape(viewShape).expand(shape);
  });
}
