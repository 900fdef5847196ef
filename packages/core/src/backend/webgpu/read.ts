/**
 * Host reads and writes: uploads through queue.writeBuffer, downloads through a mapped staging
 * buffer (asynchronous: WebGPU has no synchronous read).
 */
import type { DType, TypedArray } from '../../dtype';
import type { View } from '../types';
import { BufferUsage, MAP_READ_MODE } from './gpu-types';
import { gpu } from './context';
import { flush } from './dispatch';
import { float64Error, gpuStorage, halfError, WebGpuStorage } from './storage';
import { copyKernel } from './kernels/copy';
import { isContiguous } from '../../shape';

function numel(v: View): number {
  return v.elements ?? v.shape.reduce((a, b) => a * b, 1);
}

function dense(v: View): boolean {
  return v.rowMajor ?? isContiguous(v.shape, v.strides);
}

/** Host data as the GPU holds it: bool as one u32 per element, float64 refused. */
export function toDevice(data: TypedArray, dtype: DType): Float32Array | Int32Array | Uint32Array {
  if (dtype === 'float64' || data instanceof Float64Array) throw float64Error();
  if (data instanceof Uint8Array) return Uint32Array.from(data);
  if (data instanceof Uint16Array || data instanceof Int8Array || data instanceof Int16Array || dtype === 'uint8') throw halfError(dtype);
  return data;
}

/** Writes host `src` (dst's dtype, row-major) into the GPU view dst. */
export function upload(dst: View, src: TypedArray): void {
  const data = toDevice(src, dst.dtype);
  if (data.length === 0) return;
  flush();
  const s = gpuStorage(dst.storage);
  if (dense(dst)) {
    gpu().queue.writeBuffer(s.buffer, dst.offset * 4, data);
    return;
  }
  const tmp = new WebGpuStorage(dst.dtype, data.length);
  gpu().queue.writeBuffer(tmp.buffer, 0, data);
  copyKernel(denseView(tmp, dst.shape, dst.dtype), dst);
}

/** A dense row-major view of a whole storage. */
export function denseView(s: WebGpuStorage, shape: readonly number[], dtype: DType): View {
  const strides = new Array<number>(shape.length);
  let st = 1;
  for (let d = shape.length - 1; d >= 0; d--) { strides[d] = st; st *= shape[d]!; }
  return { storage: s, shape, strides, offset: 0, dtype, rowMajor: true, elements: st };
}

/** The elements of x in row-major order, as a new host array of x's dtype. */
export async function download(x: View): Promise<TypedArray> {
  const n = numel(x);
  const dtype = x.dtype;
  if (n === 0) return emptyOf(dtype);
  let src = gpuStorage(x.storage), offset = x.offset;
  if (!dense(x)) {
    src = new WebGpuStorage(dtype, n);
    copyKernel(x, denseView(src, x.shape, dtype));
    offset = 0;
  }
  flush();
  const d = gpu();
  const staging = d.createBuffer({ size: n * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const enc = d.createCommandEncoder();
  enc.copyBufferToBuffer(src.buffer, offset * 4, staging, 0, n * 4);
  d.queue.submit([enc.finish()]);
  try {
    await staging.mapAsync(MAP_READ_MODE);
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    if (dtype === 'float32') return new Float32Array(bytes);
    if (dtype === 'int32') return new Int32Array(bytes);
    return Uint8Array.from(new Uint32Array(bytes));
  } finally {
    staging.destroy();
  }
}

function emptyOf(dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(0);
    case 'int32': return new Int32Array(0);
    case 'bool': return new Uint8Array(0);
    case 'float64': case 'int64': return new Float64Array(0);
    case 'float16': case 'bfloat16': return new Uint16Array(0);
    case 'uint8': case 'int8': case 'int16': throw halfError(dtype);
  }
}
