/**
 * WebGPU memory: a storage is a GPUBuffer from the caching allocator, 4 bytes per element for
 * every dtype on the GPU (float32 as f32, int32 as i32, bool as one u32 0/1 per element: WGSL
 * storage buffers have no 8-bit type). float64 cannot live here (WGSL has no f64).
 */
import type { DType } from '../../dtype';
import type { DeviceType, Storage } from '../types';
import type { GpuBuffer } from './gpu-types';
import { obtain } from './allocator';

/** The WGSL element type of a storage of each dtype. */
export type WgslType = 'f32' | 'i32' | 'u32';

export function wgslType(dtype: DType): WgslType {
  switch (dtype) {
    case 'float32': return 'f32';
    case 'int32': return 'i32';
    case 'bool': return 'u32';
    case 'float64': throw float64Error();
    case 'int64': throw int64Error();
    case 'float16': case 'bfloat16': case 'uint8': case 'int8': case 'int16': throw halfError(dtype);
  }
}

/** WGSL has no 64-bit integers: int64 stays on the CPU. */
/** float16 / bfloat16 / uint8 / int8 / int16 on webgpu: not supported yet (every GPU buffer holds 4-byte elements). */
export function halfError(dtype: DType): TypeError {
  return new TypeError(`WebGPU doesn't support ${dtype} yet. Please use ${dtype === 'float16' || dtype === 'bfloat16' ? 'float32 instead (x.float())' : 'int32 instead (x.int())'}`);
}

export function int64Error(): TypeError {
  return new TypeError("Cannot convert a webgpu Tensor to int64 dtype as WebGPU doesn't support 64-bit integers. Please use int32 instead (x.int() or x.to('webgpu', 'int32')).");
}

/** MPS's error, in WebGPU's words, with what to do. */
export function float64Error(): TypeError {
  return new TypeError("Cannot convert a webgpu Tensor to float64 dtype as WebGPU doesn't support float64. Please use float32 instead (x.float() or x.to('webgpu', 'float32')).");
}

export class WebGpuStorage implements Storage {
  version = 0;
  readonly buffer: GpuBuffer;
  /** Bytes the buffer holds (its size class; at least 4 * length). */
  readonly bytes: number;
  /** Whether the buffer is new from the driver (zeroed) rather than reused from a pool. */
  readonly fresh: boolean;

  constructor(readonly dtype: DType, readonly length: number) {
    const b = obtain(this, Math.max(4, 4 * length));
    this.buffer = b.buffer;
    this.bytes = b.size;
    this.fresh = b.fresh;
  }

  get device(): DeviceType {
    return 'webgpu';
  }
}

/** The WebGPU storage behind a view, or PyTorch's device-mismatch error. */
export function gpuStorage(s: Storage): WebGpuStorage {
  if (s instanceof WebGpuStorage) return s;
  throw new Error(`Expected all tensors to be on the same device, but found at least two devices, webgpu and ${s.device}!`);
}
