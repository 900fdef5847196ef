/**
 * The strong Wolfe line search of torch/optim/lbfgs.py (ported from minFunc), step for step,
 * with PyTorch's float/tensor mix kept through `Num` so the same branches are taken.
 */
import type { Tensor } from '@torchlet/core';
import {
  abs, add, div, fromTensor, ge, gt, le, lt, mul, pyMax, pyMin, sqrt, sub, type Num,
} from './lbfgs-scalar';

/** Evaluates the loss and flat gradient at x + t d (then restores x). */
export type DirectionalEvaluate = (x: Tensor[], t: Num, d: Tensor) => [number, Tensor];

function cubicInterpolate(x1: Num, f1: Num, g1: Num, x2: Num, f2: Num, g2: Num, bounds?: [Num, Num]): Num {
  const [xminBound, xmaxBound] = bounds ?? (le(x1, x2) ? [x1, x2] : [x2, x1]);
  // d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2Square = sub(mul(d1, d1), mul(g1, g2));
  if (ge(d2Square, 0)) {
    const d2 = sqrt(d2Square);
    let minPos: Num;
    if (le(x1, x2)) {
      minPos = sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))));
    } else {
      minPos = sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    }
    return pyMin(pyMax(minPos, xminBound), xmaxBound);
  }
  return div(add(xminBound, xmaxBound), 2.0);
}

function maxOf(b: Num[]): Num {
  return pyMax(b[0]!, b[1]!);
}
function minOf(b: Num[]): Num {
  return pyMin(b[0]!, b[1]!);
}

export interface WolfeResult {
  loss: number;
  flatGrad: Tensor;
  t: Num;
  funcEvals: number;
}

/** PyTorch's `_strong_wolfe(obj_func, x, t, d, f, g, gtd)` with its default constants. */
export function strongWolfe(
  objFunc: DirectionalEvaluate, x: Tensor[], tInit: Num, d: Tensor, f: number, gIn: Tensor, gtd: Num,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25,
): WolfeResult {
  let t = tInit;
  const dNorm = fromTensor(d.abs().max());
  const g = gIn.clone();
  let [fNew, gNew] = objFunc(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew: Num = fromTensor(gNew.dot(d));
  let tPrev: Num = 0, fPrev = f, gPrev = g, gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: Num[] = [], bracketF: number[] = [], bracketG: Tensor[] = [], bracketGtd: Num[] = [];
  while (lsIter < maxLs) {
    if (gt(fNew, add(f, mul(mul(c1, t), gtd))) || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (le(abs(gtdNew), mul(-c2, gtd))) {
      bracket = [t]; bracketF = [fNew]; bracketG = [gNew];
      done = true;
      break;
    }
    if (ge(gtdNew, 0)) {
      bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew.clone()]; bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = add(t, mul(0.01, sub(t, tPrev)));
    const maxStep = mul(t, 10);
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone();
    gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = fromTensor(gNew.dot(d));
    lsIter += 1;
  }
  if (lsIter === maxLs) {
    bracket = [0, t]; bracketF = [f, fNew]; bracketG = [g, gNew];
  }

  // Zoom: shrink the bracket until a point satisfies the strong Wolfe conditions.
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (lt(mul(abs(sub(bracket[1]!, bracket[0]!)), dNorm), toleranceChange)) break;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, bracketGtd[0]!, bracket[1]!, bracketF[1]!, bracketGtd[1]!);
    const eps = mul(0.1, sub(maxOf(bracket), minOf(bracket)));
    if (lt(pyMin(sub(maxOf(bracket), t), sub(t, minOf(bracket))), eps)) {
      if (insufProgress || ge(t, maxOf(bracket)) || le(t, minOf(bracket))) {
        t = lt(abs(sub(t, maxOf(bracket))), abs(sub(t, minOf(bracket)))) ? sub(maxOf(bracket), eps) : add(minOf(bracket), eps);
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = fromTensor(gNew.dot(d));
    lsIter += 1;
    if (gt(fNew, add(f, mul(mul(c1, t), gtd))) || fNew >= bracketF[lowPos]!) {
      bracket[highPos] = t; bracketF[highPos] = fNew; bracketG[highPos] = gNew.clone(); bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (le(abs(gtdNew), mul(-c2, gtd))) {
        done = true;
      } else if (ge(mul(gtdNew, sub(bracket[highPos]!, bracket[lowPos]!)), 0)) {
        bracket[highPos] = bracket[lowPos]!;
        bracketF[highPos] = bracketF[lowPos]!;
        bracketG[highPos] = bracketG[lowPos]!;
        bracketGtd[highPos] = bracketGtd[lowPos]!;
      }
      bracket[lowPos] = t; bracketF[lowPos] = fNew; bracketG[lowPos] = gNew.clone(); bracketGtd[lowPos] = gtdNew;
    }
  }
  return { loss: bracketF[lowPos]!, flatGrad: bracketG[lowPos]!, t: bracket[lowPos]!, funcEvals: lsFuncEvals };
}
