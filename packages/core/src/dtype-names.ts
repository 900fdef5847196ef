/**
 * PyTorch's dtype names as values (`torch.float32`, `torch.long`, ...), so `{dtype: torch.float64}`
 * ports as written. torchlet's dtypes are strings; int64 (`torch.int64` / `torch.long`) stands for
 * int32 until an int64 dtype exists (see the README's "Deliberate differences").
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
/** PyTorch's int64: int32 here (values beyond int32 raise PyTorch's overflow error). */
export const int64: DType = 'int32';
/** PyTorch's long: int32 here, as int64. */
export const long: DType = 'int32';
/** torch.bool: true/false, stored as bytes. */
export const bool: DType = 'bool';

/** PyTorch's legacy tensor type names (`x.type()`). */
export const TENSOR_TYPE_NAMES: Readonly<Record<DType, string>> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int32: 'torch.IntTensor', bool: 'torch.BoolTensor',
};
