/** The TypeScript backend: always present, the oracle every other backend is tested against. */
import type { Backend } from '../types';
import { binaryKernel, copyKernel, unaryKernel, whereKernel } from './elementwise';
import { fusedKernel } from './fused';
import { matmulKernel } from './matmul';
import { reduceKernel } from './reduce';
import { softmaxBackwardKernel, softmaxKernel } from './softmax';
import { gatherKernel, indexSelectKernel, scatterKernel } from './indexing';
import { scanKernel } from './scan';
import { sortKernel } from './sort';
import { col2imKernel, crossEntropyGradKernel, im2colKernel, nllLossGradKernel, nllLossKernel } from './nn';

export const jsBackend: Backend = {
  name: 'js',
  unary: unaryKernel,
  binary: binaryKernel,
  where: whereKernel,
  reduce: reduceKernel,
  matmul: matmulKernel,
  copy: copyKernel,
  fused: fusedKernel,
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
