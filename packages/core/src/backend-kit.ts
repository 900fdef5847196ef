/**
 * @torchlet/core/backend: what a backend package (e.g. @torchlet/native) builds on. The Backend
 * interface and its op lists, the CPU storage class with the helpers that let a kernel writing a
 * dense array fill any strided `out` view, the registry, and the shape helpers kernels share.
 * Ops and tensors come from '@torchlet/core' itself.
 * @example
 * import { getBackend, registerBackend, setBackend, type Backend } from '@torchlet/core/backend';
 * const js = getBackend('js');
 * const traced: Backend = { ...js, name: 'traced', unary(op, x, out, p0, p1) { console.log(op); js.unary(op, x, out, p0, p1); } };
 * registerBackend(traced);
 * setBackend('traced');
 */
export { HostStorage, hostData, denseOut, settleOut } from './backend/host';
export { UNARY_OPS, BINARY_OPS } from './backend/types';
/** Products PyTorch's BLAS sums in 16 lanes: a backend leaves them to the js kernel, which replays that. */
export { usesSmallTn } from './backend/js/matmul-small-tn';
export type {
  Backend, DeviceType, Storage, View, UnaryOp, BinaryOp, ReduceOp, FusedOp, ScatterReduce, ScanOp, LossReduction,
  WindowGeometry,
} from './backend/types';
export { backend, backendName, getBackend, registerBackend, setBackend } from './backend/index';
export { checkNumThreads, getNumThreads, onNumThreads, setNumThreads } from './backend/wasm/index';
export type { DType, TypedArray } from './dtype';
export { contiguousStrides, isContiguous, numelOf } from './shape';
