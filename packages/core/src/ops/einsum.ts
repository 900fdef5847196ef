/**
 * einsum with PyTorch's subscript grammar and errors: letters, `...`, spaces, implicit output
 * (ellipsis + labels seen once, sorted), repeated labels within an operand (a diagonal view).
 * Composed of differentiable views, sums and bmm, so gradients (and double backward) come free.
 *
 * Contraction: operands are aligned to one dim order (output dims, then contracted dims); a
 * contracted dim held by only one operand is summed out at once; then the pair whose product is
 * smallest is multiplied with bmm (dims only they share summed inside it), until one is left.
 */
import { needsGrad, record } from '../autograd/record';
import { numelOf } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';
import { bmm } from './linalg';

const ELLIPSIS = 52;

function labelIndex(c: string): number {
  return c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 65 : 26 + c.charCodeAt(0) - 97;
}

function labelChar(i: number): string {
  return String.fromCharCode(i < 26 ? 65 + i : 97 + i - 26);
}

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** The diagonal of dims d1 < d2 as a strided view, appended last (aten::diagonal). */
function diagonalView(x: Tensor, d1: number, d2: number): Tensor {
  const n = Math.min(x.shape[d1]!, x.shape[d2]!);
  const shape = x.shape.filter((_, i) => i !== d1 && i !== d2).concat(n);
  const strides = x.strides.filter((_, i) => i !== d1 && i !== d2).concat(x.strides[d1]! + x.strides[d2]!);
  const out = new Tensor(x.storage, shape, strides, x.offset, x.dtype);
  out.base = x.base ?? x;
  if (needsGrad(x)) {
    const inShape = x.shape.slice();
    record(out, 'DiagonalBackward0', [x], [], null, (g) => [diagonalEmbed(g, inShape, d1, d2)]);
  }
  return out;
}

/** diagonal's gradient: g written on the diagonal of zeros (its own gradient is the diagonal again). */
function diagonalEmbed(g: Tensor, inShape: readonly number[], d1: number, d2: number): Tensor {
  const out = alloc(inShape.slice(), g.dtype, g.storage.device);
  diagonalView(out, d1, d2).copy_(g.detach());
  if (needsGrad(g)) record(out, 'DiagonalBackwardBackward0', [g], [], null, (gg) => [diagonalView(gg, d1, d2)]);
  return out;
}

interface Parsed { opLabels: number[][]; rhs: string | null; lhsLength: number }

function parse(equation: string, numOps: number): Parsed {
  const arrow = equation.indexOf('->');
  const lhs = arrow === -1 ? equation : equation.slice(0, arrow);
  const opLabels: number[][] = Array.from({ length: numOps }, () => []);
  let cur = 0, foundEll = false;
  for (let i = 0; i < lhs.length; i++) {
    const c = lhs[i]!;
    if (c === ' ') continue;
    if (c === '.') {
      if (foundEll) throw new Error(`einsum(): found '.' for operand ${cur} for which an ellipsis was already found`);
      if (!(i + 2 < lhs.length && lhs[++i] === '.' && lhs[++i] === '.')) {
        throw new Error(`einsum(): found '.' for operand ${cur} that is not part of any ellipsis`);
      }
      opLabels[cur]!.push(ELLIPSIS);
      foundEll = true;
    } else if (c === ',') {
      cur++;
      if (cur >= numOps) throw new Error('einsum(): fewer operands were provided than specified in the equation');
      foundEll = false;
    } else {
      if (!isLetter(c)) throw new Error(`einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
      opLabels[cur]!.push(labelIndex(c));
    }
  }
  if (cur !== numOps - 1) throw new Error('einsum(): more operands were provided than specified in the equation');
  return { opLabels, rhs: arrow === -1 ? null : equation.slice(arrow + 2), lhsLength: lhs.length };
}

/**
 * Einstein summation: `einsum('ij,jk->ik', a, b)` or `einsum('ij,jk', [a, b])`.
 * @example einsum('bij,bjk->bik', x, y); einsum('ii', m) // trace; einsum('...ij->...ji', x)
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  const first = operands[0];
  const ops: readonly Tensor[] = operands.length === 1 && Array.isArray(first) ? first : operands.filter((o): o is Tensor => o instanceof Tensor);
  if (ops.length === 0) throw new Error('einsum(): must provide at least one operand');
  const { opLabels, rhs, lhsLength } = parse(equation, ops.length);

  const labelCount = new Array<number>(52).fill(0);
  let ellDims = 0;
  ops.forEach((op, i) => {
    let n = opLabels[i]!.length;
    const hasEll = opLabels[i]!.includes(ELLIPSIS);
    for (const l of opLabels[i]!) if (l !== ELLIPSIS) labelCount[l]!++;
    if (hasEll) {
      n--;
      ellDims = Math.max(ellDims, op.shape.length - n);
    }
    if (hasEll ? n > op.shape.length : n !== op.shape.length) {
      throw new Error(`einsum(): the number of subscripts in the equation (${n}) does not match the number of dimensions (${op.shape.length}) for operand ${i}${hasEll ? '' : ' and no ellipsis was given'}`);
    }
  });

  // Where each label (and the ellipsis dims) sits in the aligned order: output dims first.
  const permIndex = new Array<number>(52).fill(-1);
  let next = 0, ellIndex = 0, foundEll = false;
  if (rhs === null) {
    next = ellDims;
    foundEll = true;
    for (let l = 0; l < 52; l++) if (labelCount[l] === 1) permIndex[l] = next++;
  } else {
    for (let i = 0; i < rhs.length; i++) {
      const c = rhs[i]!;
      if (c === ' ') continue;
      if (c === '.') {
        if (foundEll) throw new Error("einsum(): found '.' for output but an ellipsis (...) was already found");
        if (!(i + 2 < rhs.length && rhs[++i] === '.' && rhs[++i] === '.')) {
          throw new Error("einsum(): found '.' for output that is not part of any ellipsis (...)");
        }
        ellIndex = next;
        next += ellDims;
        foundEll = true;
        continue;
      }
      if (!isLetter(c)) throw new Error(`einsum(): invalid subscript given at index ${lhsLength + 2 + i} in the equation string, subscripts must be in [a-zA-Z]`);
      const l = labelIndex(c);
      if (!(labelCount[l]! > 0 && permIndex[l] === -1)) {
        throw new Error(`einsum(): output subscript ${c}${permIndex[l]! > -1 ? ' appears more than once in the output' : ' does not appear in the equation for any input operand'}`);
      }
      permIndex[l] = next++;
    }
  }
  const outDims = next;
  if (!foundEll) {
    ellIndex = next;
    next += ellDims;
  }
  for (let l = 0; l < 52; l++) if (labelCount[l]! > 0 && permIndex[l] === -1) permIndex[l] = next++;
  const total = next;

  // Align every operand to `total` dims: diagonals for repeated labels, size-1 dims for absent ones.
  const labelSize = new Array<number>(52).fill(1);
  const ellSizes = new Array<number>(ellDims).fill(1);
  const aligned = ops.map((input, i) => {
    let op = input;
    const perm = new Array<number>(total).fill(-1);
    let dim = 0;
    for (const s of opLabels[i]!) {
      if (s === ELLIPSIS) {
        const covered = input.shape.length - (opLabels[i]!.length - 1);
        for (let j = ellDims - covered; j < ellDims; j++) {
          const size = op.shape[dim]!;
          if (size !== 1) {
            if (ellSizes[j] !== 1 && ellSizes[j] !== size) {
              throw new Error(`einsum(): dimension ${dim} covered by ellipsis in operand ${i}has size ${size} which does not broadcast with previously seen ellipsis with size ${ellSizes[j]!} for the respective dimension`);
            }
            ellSizes[j] = size;
          }
          perm[ellIndex + j] = dim++;
        }
      } else if (perm[permIndex[s]!] === -1) {
        const size = op.shape[dim]!;
        if (size !== 1) {
          if (labelSize[s] !== 1 && labelSize[s] !== size) {
            throw new Error(`einsum(): subscript ${labelChar(s)} has size ${size} for operand ${i} which does not broadcast with previously seen size ${labelSize[s]!}`);
          }
          labelSize[s] = size;
        }
        perm[permIndex[s]!] = dim++;
      } else {
        const prev = perm[permIndex[s]!]!;
        if (op.shape[dim] !== op.shape[prev]) {
          throw new Error(`einsum(): subscript ${labelChar(s)} is repeated for operand ${i} but the sizes don't match, ${op.shape[dim]!} != ${op.shape[prev]!}`);
        }
        op = diagonalView(op, prev, dim).movedim(-1, prev);
      }
    }
    for (let k = 0; k < total; k++) {
      if (perm[k] === -1) {
        op = op.unsqueeze(dim);
        perm[k] = dim++;
      }
    }
    return op.permute(perm);
  });
  if (aligned.length === 1) {
    const only = aligned[0]!;
    return total > outDims ? only.sum(Array.from({ length: total - outDims }, (_, k) => outDims + k)) : only;
  }
  const dtype = aligned[0]!.dtype;
  for (const op of aligned) {
    if (op.dtype !== dtype) throw new TypeError(`expected scalar type ${typeName(dtype)} but found ${typeName(op.dtype)}`);
  }
  const outShape = Array.from({ length: outDims }, (_, d) => aligned.find((op) => op.shape[d] !== 1)?.shape[d] ?? 1);
  return contract(aligned, outDims, total).reshape(outShape);
}

function typeName(d: string): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'bool' ? 'Bool' : 'Long';
}

/** Pairwise products until one operand is left; contracted dims end as size 1. */
function contract(operands: Tensor[], outDims: number, total: number): Tensor {
  let ops = operands.slice();
  const holders = (d: number): number => ops.filter((op) => op.shape[d] !== 1).length;
  // A contracted dim held by a single operand is summed there right away.
  const sumLonely = (op: Tensor): Tensor => {
    const dims: number[] = [];
    for (let d = outDims; d < total; d++) if (op.shape[d] !== 1 && holders(d) === 1) dims.push(d);
    return dims.length > 0 ? op.sum(dims, { keepdim: true }) : op;
  };
  ops = ops.map(sumLonely);
  while (ops.length > 1) {
    // The pair whose product is smallest (then leftmost): keeps intermediates small.
    let best: [number, number] = [0, 1];
    let bestSize = Infinity;
    for (let i = 0; i < ops.length; i++) {
      for (let j = i + 1; j < ops.length; j++) {
        const size = pairResultSize(ops, i, j, outDims, total);
        if (size < bestSize) { bestSize = size; best = [i, j]; }
      }
    }
    const [i, j] = best;
    const a = ops[i]!, b = ops[j]!;
    const rest = ops.filter((_, k) => k !== i && k !== j);
    const sumDims: number[] = [];
    for (let d = outDims; d < total; d++) {
      if (a.shape[d] !== 1 && b.shape[d] !== 1 && rest.every((op) => op.shape[d] === 1)) sumDims.push(d);
    }
    ops = [...rest, sumProductPair(a, b, sumDims)];
    ops = ops.map(sumLonely);
  }
  return ops[0]!;
}

/** The numel of a pair's product after the dims only they hold are summed. */
function pairResultSize(ops: readonly Tensor[], i: number, j: number, outDims: number, total: number): number {
  let size = 1;
  for (let d = 0; d < total; d++) {
    const n = Math.max(ops[i]!.shape[d]!, ops[j]!.shape[d]!);
    const elsewhere = ops.some((op, k) => k !== i && k !== j && op.shape[d] !== 1);
    if (d < outDims || elsewhere) size *= n;
  }
  return size;
}

/** (a * b).sum(sumDims, keepdim) as one bmm: [batch, a-only, summed] x [batch, summed, b-only]. */
function sumProductPair(a: Tensor, b: Tensor, sumDims: readonly number[]): Tensor {
  const n = a.shape.length;
  const batch: number[] = [], lo: number[] = [], ro: number[] = [], ones: number[] = [];
  for (let d = 0; d < n; d++) {
    if (sumDims.includes(d)) continue;
    const la = a.shape[d] !== 1, lb = b.shape[d] !== 1;
    if (la && lb) batch.push(d);
    else if (la) lo.push(d);
    else if (lb) ro.push(d);
    else ones.push(d);
  }
  const size = (t: Tensor, dims: readonly number[]): number => numelOf(dims.map((d) => t.shape[d]!));
  const B = size(a, batch), L = size(a, lo), K = size(a, sumDims), R = size(b, ro);
  const a3 = a.permute([...batch, ...lo, ...sumDims, ...ro, ...ones]).reshape([B, L, K]);
  const b3 = b.permute([...batch, ...sumDims, ...ro, ...lo, ...ones]).reshape([B, K, R]);
  const order = [...batch, ...lo, ...ro, ...sumDims, ...ones];
  const shaped = bmm(a3, b3).reshape([
    ...batch.map((d) => a.shape[d]!), ...lo.map((d) => a.shape[d]!), ...ro.map((d) => b.shape[d]!),
    ...sumDims.map(() => 1), ...ones.map(() => 1),
  ]);
  const inverse = new Array<number>(n);
  order.forEach((d, k) => { inverse[d] = k; });
  return shaped.permute(inverse);
}
