/** Iteration-space helpers for the WebAssembly host code: merging dims, spans of strided views. */

export interface Collapsed {
  readonly shape: [number, number, number, number];
  readonly strides: number[][];
}

/** Drops size-1 dims, merges dims contiguous in every operand, pads to 4; null if more remain. */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed | null {
  const sh: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    if (n === 1) continue;
    if (sh.length > 0 && strides.every((s, i) => s[d] === st[i]![0]! * sh[0]!)) {
      sh[0] = sh[0]! * n;
      continue;
    }
    sh.unshift(n);
    strides.forEach((s, i) => st[i]!.unshift(s[d]!));
  }
  if (sh.length > 4) return null;
  while (sh.length < 4) {
    sh.unshift(1);
    for (const s of st) s.unshift(0);
  }
  return { shape: sh as [number, number, number, number], strides: st };
}

/** Elements from a view's offset to its last element (strides must be non-negative). */
export function span(shape: readonly number[], strides: readonly number[]): number {
  let s = 1;
  for (let d = 0; d < shape.length; d++) {
    if (strides[d]! < 0) return -1;
    s += (shape[d]! - 1) * strides[d]!;
  }
  return s;
}
