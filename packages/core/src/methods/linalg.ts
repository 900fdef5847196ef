/**
 * Tensor methods PyTorch has for torch.linalg functions: det, slogdet, inverse, matrixPower,
 * pinverse and cross (the legacy torch.cross: without dim, the first dim of size 3).
 */
import { Tensor } from '../tensor';
import * as LA from '../linalg/index';

declare module '../tensor' {
  interface Tensor {
    /** linalg.det. */
    det(): Tensor;
    /** linalg.slogdet: [sign, log|det|]. */
    slogdet(): [Tensor, Tensor];
    /** linalg.inv. */
    inverse(): Tensor;
    /** linalg.matrixPower. */
    matrixPower(n: number): Tensor;
    /** linalg.pinv with rtol = rcond (default 1e-15), as torch.pinverse. */
    pinverse(rcond?: number): Tensor;
    /** torch.cross: along `dim`, by default the first dim of size 3. */
    cross(other: Tensor, dim?: number): Tensor;
  }
}

const P = Tensor.prototype;
P.det = function () { return LA.det(this); };
P.slogdet = function () { return LA.slogdet(this); };
P.inverse = function () { return LA.inv(this); };
P.matrixPower = function (n) { return LA.matrixPower(this, n); };
P.pinverse = function (rcond = 1e-15) { return LA.pinv(this, { rtol: rcond }); };
P.cross = function (other, dim) {
  const d = dim ?? this.shape.findIndex((s, i) => s === 3 && other.shape[i] === 3);
  if (d < 0) throw new Error('no dimension of size 3 in input');
  return LA.cross(this, other, { dim: d });
};

/** torch.det. */
export function det(a: Tensor): Tensor { return a.det(); }
/** torch.slogdet: [sign, log|det|]. */
export function slogdet(a: Tensor): [Tensor, Tensor] { return a.slogdet(); }
/** torch.inverse. */
export function inverse(a: Tensor): Tensor { return a.inverse(); }
/** torch.matrix_power. */
export function matrixPower(a: Tensor, n: number): Tensor { return a.matrixPower(n); }
/** torch.pinverse. */
export function pinverse(a: Tensor, rcond = 1e-15): Tensor { return a.pinverse(rcond); }
/** torch.cross: along `dim`, by default the first dim of size 3 (the legacy default). */
export function cross(a: Tensor, b: Tensor, dim?: number): Tensor { return a.cross(b, dim); }
