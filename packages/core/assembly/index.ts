// The torchlet WebAssembly kernels. Memory is imported (shared when threads are on); the host
// owns the layout above heapBase(). No static data, so a worker's instantiation never rewrites memory.
export { gemmPanels, matmulBatch, matmulTask } from './gemm';
export { MR, NR } from './tile';
export { packA, packB } from './pack';
export { addScaledF32, binaryF32, unaryF32, whereF32 } from './elementwise';
export { argReduceF32 } from './reduce';
export { sumBlockF32 } from './sum';
export { col2imF32, im2colF32 } from './window';
export { conv2dF32, conv2dRowsF32, conv2dInputGradF32, conv2dWeightGradF32, maxPool2dF32 } from './conv';
export { fusedMaddProbe, randomNormalBlocksF32, randomUniformF32 } from './random';

export function heapBase(): usize {
  return __heap_base;
}
