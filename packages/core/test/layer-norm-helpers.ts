/** The layer-norm kernel and op for its bit-exactness test. */
export { Tensor } from '../src/index';
import { layerNormRows } from '../src/exact/layer-norm-f32';
import { layerNorm } from '../src/ops/nn/norm';
export const nnOpsForTests = { layerNormRows, layerNorm };
