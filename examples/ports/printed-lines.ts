/**
 * Shared by the MNIST ports' parity tests: capture what a port prints as lines (Python's print:
 * the parts joined by spaces, the text split at newlines), and compare them with the lines the
 * Python original printed.
 */

export type Print = (...parts: unknown[]) => void;

/** Runs `body(print)` and returns the printed lines. */
export function capture(body: (print: Print) => void): string[] {
  const chunks: string[] = [];
  body((...parts) => chunks.push(parts.map(String).join(' ')));
  return chunks.join('\n').split('\n');
}

const NUMBER = /-?\d+(?:\.\d+)?/g;

/**
 * The lines equal, except that numbers printed with 4 or more decimals (losses) may differ by
 * `rel` relative plus one unit in the last printed digit (the float32 result rounded to the
 * printed digits may fall on either side). Counts, percentages and the text are compared exactly.
 */
export function expectSameLines(got: readonly string[], want: readonly string[], rel: number): void {
  const report = (i: number, why: string): never => {
    throw new Error(`line ${i}: got ${JSON.stringify(got[i])}, PyTorch printed ${JSON.stringify(want[i])}${why}`);
  };
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = got[i], w = want[i];
    if (g === undefined || w === undefined) report(i, ' (a different number of lines)');
    if (g!.replace(NUMBER, '#') !== w!.replace(NUMBER, '#')) report(i, '');
    const gn = g!.match(NUMBER) ?? [], wn = w!.match(NUMBER) ?? [];
    wn.forEach((ws, k) => {
      const gs = gn[k]!;
      const decimals = ws.includes('.') ? ws.length - ws.indexOf('.') - 1 : 0;
      if (decimals < 4) {
        if (gs !== ws) report(i, '');
      } else if (!(Math.abs(Number(gs) - Number(ws)) <= rel * Math.abs(Number(ws)) + 10 ** -decimals)) {
        report(i, ` (beyond ${rel} relative)`);
      }
    });
  }
}
