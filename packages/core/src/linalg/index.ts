/**
 * torch.linalg, reached as `torch.linalg.det(a)` and so on: PyTorch's functions camelCased,
 * batched over leading dims, float32 and float64, with PyTorch's gradients.
 */
export { vectorNorm, matrixNorm, norm, type NormOptions, type MatrixOrd } from './norms';
export { det, slogdet, inv, solve, matrixPower } from './lu';
export { cholesky, qr, type QrMode } from './factor';
export { eigh, eigvalsh, svd, svdvals } from './spectral';
export { pinv, matrixRank, lstsq, type RankOptions, type LstsqResult } from './derived';
export { cross } from './cross';
