/**
 * PyTorch's dtype names as values (`torch.float32`, `torch.long`, ...), so `{dtype: torch.float64}`
 * ports as written. torchlet's dtypes are strings.
 */
import type { DType } from './dtype';

/** torch.float32: 32-bit float, the default dtype. */
export const float32: DType = 'float32';
/** torch.float: float32. */
export const float: DType = 'float32';
/** torch.float64: 64-bit float. */
export const float64: DType = 'float64';
/** torch.double: float64. */
export const double: DType = 'float64';
/** torch.int32: 32-bit signed integer. */
export const int32: DType = 'int32';
/** torch.int: int32. */
export const int: DType = 'int32';
/** torch.int64: 64-bit signed integer, exact up to 2^53 (beyond that PyTorch's overflow error). */
export const int64: DType = 'int64';
/** torch.long: int64. */
export const long: DType = 'int64';
/** torch.bool: true/false, stored as bytes. */
export const bool: DType = 'bool';

/** torch.float16: 16-bit IEEE half float (elements stored as bit patterns; maths in float32, rounded once per op). */
export const float16: DType = 'float16';
/** torch.half: float16. */
export const half: DType = 'float16';
/** torch.bfloat16: 16-bit brain float, float32's range with 8 bits of mantissa. */
export const bfloat16: DType = 'bfloat16';

/** torch.uint8: 8-bit unsigned integer (a Uint8Array; maths in int32, wrapping as C does). */
export const uint8: DType = 'uint8';
/** torch.int8: 8-bit signed integer. */
export const int8: DType = 'int8';
/** torch.int16: 16-bit signed integer. */
export const int16: DType = 'int16';
/** torch.short: int16. */
export const short: DType = 'int16';

/** PyTorch's legacy tensor type names (`x.type()`). */
export const TENSOR_TYPE_NAMES: Readonly<Record<DType, string>> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int32: 'torch.IntTensor', int64: 'torch.LongTensor', bool: 'torch.BoolTensor',
  float16: 'torch.HalfTensor', bfloat16: 'torch.BFloat16Tensor', uint8: 'torch.ByteTensor', int8: 'torch.CharTensor', int16: 'torch.ShortTensor',
};
