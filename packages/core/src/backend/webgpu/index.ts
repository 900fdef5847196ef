/**
 * The webgpu backend: the Backend interface on a WebGPU device. Memory is WebGpuStorage (GPU
 * buffers from the caching allocator); kernels are WGSL compute shaders (kernels/), dispatched
 * by dispatch.ts. Reads are asynchronous (`readAsync`); the synchronous `read`/`item` raise an
 * error naming the async form. Browser-safe: no Node or DOM APIs (gpu-types.ts types the WebGPU
 * slice used). PyTorch has no 'webgpu' device: it is torchlet's own, placed as PyTorch places MPS.
 */
import type { DType } from '../../dtype';
import type { Backend } from '../types';
import { WebGpuStorage, float64Error, wgslType } from './storage';
import { clearLater, flush } from './dispatch';
import { download, upload } from './read';
import { gpu } from './context';
import { copyKernel, fillKernel } from './kernels/copy';
import { binaryKernel, fusedKernel, unaryKernel, whereKernel } from './kernels/elementwise';
import { reduceKernel } from './kernels/reduce';
import { matmulKernel } from './kernels/matmul';
import { softmaxBackwardKernel, softmaxKernel } from './kernels/softmax';
import { crossEntropyGradKernel, nllLossGradKernel, nllLossKernel } from './kernels/loss';
import { col2imKernel, im2colKernel } from './kernels/conv';
import { gatherKernel, indexSelectKernel, scatterKernel } from './kernels/indexing';
import { scanKernel } from './kernels/scan';
import { sortKernel } from './kernels/sort';

/** The sync-read error: which async form to use instead. */
export function syncReadError(what: string, asyncForm: string): Error {
  return new Error(`${what}: the tensor is on webgpu, and reading its values is asynchronous in WebGPU; use ${asyncForm} instead`);
}

function allocStorage(dtype: DType, n: number): WebGpuStorage {
  wgslType(dtype); // float64: the error before any buffer
  const s = new WebGpuStorage(dtype, n);
  if (!s.fresh) clearLater(s.buffer);
  return s;
}

export const webgpuBackend: Backend = {
  name: 'webgpu',
  device: 'webgpu',
  alloc: allocStorage,
  fromHost(data) {
    const dtype: DType = data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int32' : data instanceof Uint8Array ? 'bool' : 'float64';
    if (dtype === 'float64') throw float64Error();
    const s = new WebGpuStorage(dtype, data.length);
    upload({ storage: s, shape: [data.length], strides: [1], offset: 0, dtype, rowMajor: true, elements: data.length }, data);
    return s;
  },
  read() {
    throw syncReadError('read', 'await x.toTypedArrayAsync()');
  },
  item() {
    throw syncReadError('item()', 'await x.itemAsync()');
  },
  readAsync: download,
  write: upload,
  copy: copyKernel,
  fill: fillKernel,
  unary: unaryKernel,
  binary: binaryKernel,
  where: whereKernel,
  fused: fusedKernel,
  reduce: reduceKernel,
  // matmul, softmax, losses, windows, index, scan and sort kernels: webgpu-kernels' (kernels/).
  matmul: (a, b, out) => matmulKernel(a, b, out),
  softmax: softmaxKernel,
  softmaxBackward: softmaxBackwardKernel,
  gather: gatherKernel,
  scatter: scatterKernel,
  indexSelect: indexSelectKernel,
  scan: scanKernel,
  sort: sortKernel,
  im2col: im2colKernel,
  col2im: col2imKernel,
  nllLoss: nllLossKernel,
  nllLossGrad: nllLossGradKernel,
  crossEntropyGrad: crossEntropyGradKernel,
};

/** Waits for every kernel submitted so far to finish (torch.cuda.synchronize()). */
export async function synchronize(): Promise<void> {
  flush();
  await gpu().queue.onSubmittedWorkDone();
}
