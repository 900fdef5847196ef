/** Shared by the polynomial tests: run a version, and compare its printed lines with the Python's. */
import { run, type Part } from '../main';
import fixture from './fixtures/python-outputs.json';

export const outputs = fixture.outputs;

/** A line's words, numbers parsed (Python writes 1e-09 where JavaScript writes 1e-9). */
export function words(line: string): (string | number)[] {
  return line.split(/\s+/).filter((w) => w !== '').map((w) => (/^-?[\d.]+(e[-+]?\d+)?$/.test(w) ? Number(w) : w));
}

/** What the port prints for one version and seed, as the Python's lines. */
export function printed(part: Part, seed: number, steps: number): string[] {
  const lines: string[] = [];
  run({ part, seed: BigInt(seed), steps }, (...parts) => lines.push(parts.map(String).join(' ')));
  return lines;
}

/**
 * Every word equal, every number within `rel` of PyTorch's, relative to max(|value|, `floor`)
 * (weights that end near 0 are compared on the scale of `floor`). rel 0: the same float, bit for bit.
 */
export function expectClose(got: readonly string[], want: readonly string[], rel: number, floor = 1e-3): void {
  expect(got.length).toBe(want.length);
  got.forEach((line, i) => {
    const g = words(line), w = words(want[i]!);
    expect(g.length).toBe(w.length);
    g.forEach((gk, k) => {
      const wk = w[k]!;
      if (typeof wk === 'string' || typeof gk === 'string' || rel === 0) {
        if (gk !== wk) throw new Error(`line ${i}, word ${k}: got ${gk}, PyTorch printed ${wk}\n  got:  ${line}\n  want: ${want[i]}`);
      } else if (Math.abs(gk - wk) > rel * Math.max(Math.abs(wk), floor)) {
        throw new Error(`line ${i}, word ${k}: got ${gk}, PyTorch printed ${wk} (beyond ${rel} relative)\n  got:  ${line}\n  want: ${want[i]}`);
      }
    });
  });
}
