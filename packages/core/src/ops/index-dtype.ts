/**
 * Index tensors enter kernels as int32: every backend's index kernels (js, wasm, native, webgpu)
 * read int32, so an int64 index (PyTorch's usual dtype) is converted once where an op takes it.
 * int64 tensors live on the CPU (WebGPU has no 64-bit integers), so the conversion is a host loop.
 */
import { Tensor } from '../tensor';

const I32_MIN = -(2 ** 31), I32_MAX = 2 ** 31 - 1;

/**
 * `index` as the int32 tensor the kernels take (int32 and every other dtype as given, for the
 * op's own dtype check). An int64 entry past int32 clamps to int32's range: still out of range
 * for any tensor size, so the op raises its usual out-of-bounds error.
 */
export function indexInt32(index: Tensor): Tensor {
  if (index.dtype !== 'int64') return index;
  const v = index.toTypedArray();
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const e = v[i]!;
    out[i] = e < I32_MIN ? I32_MIN : e > I32_MAX ? I32_MAX : e;
  }
  return Tensor.fromData(out, index.shape.slice(), 'int32', index.storage.device);
}

/** indexInt32 over a list (advanced indexing, index_put): only int64 entries change. */
export function indicesInt32<T>(items: readonly T[]): T[] {
  return items.map((t) => (t instanceof Tensor ? indexInt32(t) as T : t));
}
