/**
 * The ops core_dtypes.py runs per dtype (its `ops` rows), as torchlet calls: the dtype suites
 * (dtypes, dtypes-half, dtypes-small-int) compare each against the fixture's result or error.
 */
import type { Tensor } from '@torchlet/core';

export function fixtureOps(a: Tensor, b: Tensor): Record<string, () => Tensor> {
  return {
    add: () => a.add(b), sub: () => a.sub(b), mul: () => a.mul(b), div: () => a.div(b),
    floorDivide: () => a.div(b, { roundingMode: 'floor' }), trunc: () => a.div(b, { roundingMode: 'trunc' }),
    remainder: () => a.remainder(b), neg: () => a.neg(), abs: () => a.abs(), sum: () => a.sum(), prod: () => a.prod(),
    cumsum: () => a.cumsum(0), max: () => a.max(), argmax: () => a.argmax(), sort: () => a.sort().values,
    eq: () => a.eq(b), lt: () => a.lt(b), mulSelf: () => a.mul(a).mul(a), addScalar: () => a.add(100),
    mulScalar: () => a.mul(1.5), sqrt: () => a.abs().sqrt(), exp: () => a.div(50).exp(),
    bitwiseAnd: () => a.bitwiseAnd(b), bitwiseOr: () => a.bitwiseOr(b), bitwiseXor: () => a.bitwiseXor(b),
    bitwiseNot: () => a.bitwiseNot(), shiftLeft: () => a.bitwiseLeftShift(2),
  };
}
