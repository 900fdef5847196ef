/**
 * Fused linear layer, y = x W^T + b: one matmul kernel call over a transposed view of W, the
 * bias added in place, one node (AddmmBackward0 as PyTorch's addmm; MmBackward0 without bias).
 * Inputs of other ranks go through views to 2-D.
 */
import { backendOf } from '../../backend/index';
import { needsGrad, record } from '../../autograd/record';
import { isGradEnabled, noGrad } from '../../autograd/grad-mode';
import { isHalfType } from '../../half';
import { Tensor } from '../../tensor';
import { alloc } from '../util';
import { sumToShape } from '../binary';

function scalarType(t: Tensor): string {
  return { float32: 'Float', float64: 'Double', int32: 'Int', int64: 'Long', bool: 'Bool', float16: 'Half', bfloat16: 'BFloat16', uint8: 'Byte', int8: 'Char', int16: 'Short' }[t.dtype];
}

/** x [N, in] @ W^T -> contiguous [N, out] (+ b), no graph. */
function linearRaw(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  // Half types: the product and the bias in float32, rounded once (PyTorch's addmm), not per kernel.
  if (x.dtype !== 'float32' && isHalfType(x.dtype)) {
    const dtype = x.dtype;
    return noGrad(() => linearRaw(x.float(), w.float(), b?.float() ?? null).to(dtype));
  }
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

/**
 * The first-order gradients of linear (grad mode off: what backward() runs): the kernels PyTorch's
 * AddmmBackward0 runs (gx = g W, gw = g^T x, gb = g summed over rows) called directly on [1, r, c]
 * Tensor views, without mm's checks and t()'s view. Same kernels and flags as g.mm(w),
 * g.t().mm(x) and g.sum(0), so the same bits.
 */
function linearGrads(g: Tensor, x: Tensor, w: Tensor, gx: boolean, gw: boolean, gb: boolean): (Tensor | null)[] {
  const n = g.shape[0]!, m = g.shape[1]!, k = w.shape[1]!;
  const be = backendOf(g), device = g.storage.device;
  const g3 = new Tensor(g.storage, [1, n, m], [0, g.strides[0]!, g.strides[1]!], g.offset, g.dtype, g.rowMajor, n * m);
  let dx: Tensor | null = null, dw: Tensor | null = null, db: Tensor | null = null;
  if (gx) {
    dx = alloc([n, k], g.dtype, device);
    be.matmul(g3, new Tensor(w.storage, [1, m, k], [0, w.strides[0]!, w.strides[1]!], w.offset, w.dtype, w.rowMajor, m * k), dx, false, true);
  }
  if (gw) {
    dw = alloc([m, k], g.dtype, device);
    const gt3 = new Tensor(g.storage, [1, m, n], [0, g.strides[1]!, g.strides[0]!], g.offset, g.dtype, undefined, n * m);
    be.matmul(gt3, new Tensor(x.storage, [1, n, k], [0, x.strides[0]!, x.strides[1]!], x.offset, x.dtype, x.rowMajor, n * k), dw, false, true);
  }
  if (gb) {
    db = alloc([m], g.dtype, device);
    be.reduce('sum', g, [0], db);
  }
  return [dx, dw, db];
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
    // A bias of shape [out] (nn.Linear's) takes the direct path; [1] or [] sum to their shape.
    const plainBias = bias === null || (biasShape.length === 1 && biasShape[0] === weight.shape[0]);
    record(out, bias !== null ? 'AddmmBackward0' : 'MmBackward0', [input, weight, bias], [input, weight], null, (g, s) =>
      !isGradEnabled() && plainBias && g.shape.length === 2 && g.dtype === s[0]!.dtype ? linearGrads(g, s[0]!, s[1]!, gx, gw, gb) : [
        gx ? g.mm(s[1]!) : null,
        gw ? g.t().mm(s[0]!) : null,
        gb ? sumToShape(g, biasShape) : null,
      ]);
  }
  return out;
}
