/**
 * Fused linear layer, y = x W^T + b: one matmul kernel call over a transposed view of W, the
 * bias added in place, one node (AddmmBackward0 as PyTorch's addmm; MmBackward0 without bias).
 * Inputs of other ranks go through views to 2-D.
 */
import { backendOf } from '../../backend/index';
import { needsGrad, record } from '../../autograd/record';
import { Tensor } from '../../tensor';
import { alloc } from '../util';
import { sumToShape } from '../binary';

function scalarType(t: Tensor): string {
  return { float32: 'Float', float64: 'Double', int32: 'Int', bool: 'Bool' }[t.dtype];
}

/** x [N, in] @ W^T -> contiguous [N, out] (+ b), no graph. */
function linearRaw(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const n = x.shape[0]!, k = x.shape[1]!, m = w.shape[0]!;
  const out = alloc([n, m], x.dtype, x.storage.device);
  // [1, n, k] and [1, k, m] views for the kernel (Tensors: kernels then see one view shape; the
  // layout flags are passed, not re-derived, on this per-step path).
  const a3 = new Tensor(x.storage, [1, n, k], [0, x.strides[0]!, x.strides[1]!], x.offset, x.dtype, x.rowMajor, n * k);
  const wt3 = new Tensor(w.storage, [1, k, m], [0, w.strides[1]!, w.strides[0]!], w.offset, w.dtype, m !== 1 && k !== 1 ? false : undefined, k * m);
  const be = backendOf(x);
  be.matmul(a3, wt3, out);
  if (b !== null) be.binary('add', out, b, out);
  return out;
}

function checkLinear(x: Tensor, w: Tensor, b: Tensor | null): void {
  if (w.shape.length !== 2) throw new Error(`linear(): weight must be 2-D, got ${w.shape.length}-D`);
  const k = x.shape[x.shape.length - 1];
  if (k !== w.shape[1]) {
    const rows = x.shape.length <= 1 ? 1 : x.numel() / (k ?? 1);
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k ?? 0} and ${w.shape[1]}x${w.shape[0]})`);
  }
  if (x.dtype !== w.dtype) throw new TypeError('mat1 and mat2 must have the same dtype');
  if (b !== null) {
    if (b.dtype !== x.dtype) throw new TypeError(`expected scalar type ${scalarType(x)} but found ${scalarType(b)}`);
    const bl = b.shape.length === 0 ? 1 : b.shape[b.shape.length - 1]!;
    if (b.shape.length > 1 || (bl !== w.shape[0] && bl !== 1)) {
      const rows = x.shape.length <= 1 ? 1 : x.numel() / x.shape[x.shape.length - 1]!;
      throw new Error(`The expanded size of the tensor (${w.shape[0]}) must match the existing size (${bl}) at non-singleton dimension 1.  ` +
        `Target sizes: [${rows}, ${w.shape[0]}].  Tensor sizes: [${b.shape.join(', ')}]`);
    }
  }
}

/**
 * torch.nn.functional.linear: `input @ weight.T + bias` for input [..., in], weight [out, in],
 * bias [out] (optional).
 * @example linear(x, w, b) // x [6, 2], w [5, 2], b [5] -> [6, 5]
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (input.shape.length === 0) throw new Error('both arguments to linear need to be at least 1D, but they are 0D and 2D');
  checkLinear(input, weight, bias);
  if (input.shape.length !== 2) {
    const lead = input.shape.slice(0, -1);
    const flat = input.reshape([-1, input.shape[input.shape.length - 1]!]);
    return linear(flat, weight, bias).reshape([...lead, weight.shape[0]!]);
  }
  const out = linearRaw(input, weight, bias);
  if (needsGrad(input, weight, bias)) {
    const gx = input.requiresGrad, gw = weight.requiresGrad, gb = bias !== null && bias.requiresGrad;
    const biasShape = bias?.shape.slice() ?? [];
    record(out, bias !== null ? 'AddmmBackward0' : 'MmBackward0', [input, weight, bias], [input, weight], null, (g, s) => [
      gx ? g.mm(s[1]!) : null,
      gw ? g.t().mm(s[0]!) : null,
      gb ? sumToShape(g, biasShape) : null,
    ]);
  }
  return out;
}
