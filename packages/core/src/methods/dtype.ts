/** Tensor methods by PyTorch's other names: long(), type(), nelement(). */
import type { DType } from '../dtype';
import { Tensor } from '../tensor';
import { TENSOR_TYPE_NAMES } from '../dtype-names';

declare module '../tensor' {
  interface Tensor {
    /** `x.long()`: x as int64 (torch.Tensor.long). */
    long(): Tensor;
    /** `x.type()`: PyTorch's legacy type name ('torch.FloatTensor'); `x.type(dtype)`: `x.to(dtype)`. */
    type(): string;
    /** `x.type(dtype)`: the same as `x.to(dtype)`. */
    type(dtype: DType): Tensor;
    /** `x.half()`: x as float16 (torch.Tensor.half). */
    half(): Tensor;
    /** `x.bfloat16()`: x as bfloat16 (torch.Tensor.bfloat16). */
    bfloat16(): Tensor;
    /** `x.byte()`: x as uint8 (torch.Tensor.byte). */
    byte(): Tensor;
    /** `x.char()`: x as int8 (torch.Tensor.char). */
    char(): Tensor;
    /** `x.short()`: x as int16 (torch.Tensor.short). */
    short(): Tensor;
    /** PyTorch's alias of numel(). */
    nelement(): number;
  }
}

const P = Tensor.prototype;
P.long = function () { return this.to('int64'); };
P.half = function () { return this.to('float16'); };
P.bfloat16 = function () { return this.to('bfloat16'); };
P.byte = function () { return this.to('uint8'); };
P.char = function () { return this.to('int8'); };
P.short = function () { return this.to('int16'); };
P.nelement = function () { return this.numel(); };
function typeMethod(this: Tensor): string;
function typeMethod(this: Tensor, dtype: DType): Tensor;
function typeMethod(this: Tensor, dtype?: DType): string | Tensor {
  return dtype === undefined ? TENSOR_TYPE_NAMES[this.dtype] : this.to(dtype);
}
P.type = typeMethod;
