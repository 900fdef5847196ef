/** Shared by the makemore-bigram tests: the port's printed lines and the comparison with the Python's. */
import { main, parseArgs } from '../main';

export function run(argv: string[]): string[] {
  const lines: string[] = [];
  const args = parseArgs(argv);
  main((...parts) => lines.push(parts.map(String).join(' ')), args.seed, args.steps);
  return lines;
}

/**
 * Text lines (the sampled names, the tensors as text, the example count) equal; the printed losses
 * within `rel` of PyTorch's (rel 0: the same float, bit for bit).
 */
export function expectSame(got: readonly string[], want: readonly string[], rel: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((line, i) => {
    const w = want[i]!;
    const isFloat = /^-?\d+\.\d+(e[-+]?\d+)?$/.test(w);
    if (!isFloat || rel === 0) {
      if (line !== w) throw new Error(`line ${i}: got ${line}, PyTorch printed ${w}`);
    } else if (!(Math.abs(Number(line) - Number(w)) <= rel * Math.abs(Number(w)))) {
      throw new Error(`line ${i}: got ${line}, PyTorch printed ${w} (beyond ${rel} relative)`);
    }
  });
}
