/**
 * The LegendrePolynomial3 port prints what the Python original (tools/parity/ports_legendre.py)
 * prints with real PyTorch 1.13: the step numbers exactly and the float32 losses and weights to
 * the digits printed.
 */
import { main } from '../main';
import fixture from './fixtures/python-outputs.json';

/** A line's words, numbers parsed (Python writes 1e-09 where JavaScript writes 1e-9). */
function words(line: string): (string | number)[] {
  return line.split(/[\s()]+/).filter((w) => w !== '').map((w) => (/^-?[\d.]+(e[-+]?\d+)?$/.test(w) ? Number(w) : w));
}

test('LegendrePolynomial3: 2000 steps print the losses and weights PyTorch prints', () => {
  const lines: string[] = [];
  main((...parts) => lines.push(parts.map(String).join(' ')));
  expect(lines.length).toBe(fixture.lines.length);
  lines.forEach((line, i) => {
    const got = words(line), want = words(fixture.lines[i]!);
    expect(got.length).toBe(want.length);
    got.forEach((g, k) => {
      const w = want[k]!;
      if (typeof w === 'string' || typeof g === 'string') expect(g).toBe(w);
      // float32 sums of 2000 terms: agreement to float32 precision, relative to the weight's scale (a and c end near 0).
      else expect(Math.abs(g - w)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(w), 1e-3));
    });
  });
});
