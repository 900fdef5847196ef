/** The TypeScript backend: always present, the oracle every other backend is tested against. */
import type { Backend } from '../types';
import { binaryKernel, copyKernel, unaryKernel, whereKernel } from './elementwise';
import { matmulKernel } from './matmul';
import { reduceKernel } from './reduce';

export const jsBackend: Backend = {
  name: 'js',
  unary: unaryKernel,
  binary: binaryKernel,
  where: whereKernel,
  reduce: reduceKernel,
  matmul: matmulKernel,
  copy: copyKernel,
};
