/**
 * micrograd's moons demo re-done in PyTorch: the port prints what
 * tools/parity/ports_micrograd_moons.py prints with real PyTorch 1.13, all 100 steps, per seed:
 * the model, the parameter count, the first loss and accuracy tensors as text, then every step's
 * loss and accuracy as the same floats, bit for bit. (The one difference is Python's and
 * JavaScript's text of a whole float: Python's f-string writes `50.0`, a template literal `50`;
 * numbers are compared as numbers.)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { main, parseArgs } from '../main';
import fixture from './fixtures/python-outputs.json';

/** A line's words, numbers parsed (`50.0` and `50` are one number; a trailing % or comma is a word of its own). */
function words(line: string): (string | number)[] {
  return line.split(/(?=[%,])|\s+/).filter((w) => w !== '').map((w) => (/^-?[\d.]+(e[-+]?\d+)?$/.test(w) ? Number(w) : w));
}

function run(argv: string[]): string[] {
  const lines: string[] = [];
  const args = parseArgs(argv);
  main((...parts) => lines.push(...parts.map(String).join(' ').split('\n')), args.seed, args.steps);
  return lines;
}

function expectSame(got: readonly string[], want: readonly string[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((line, i) => expect(words(line)).toEqual(words(want[i]!)));
}

describe('micrograd moons in PyTorch: the port prints what PyTorch prints', () => {
  for (const { seed, steps, lines } of fixture.outputs) {
    it(`seed ${seed}, ${steps} steps`, () => expectSame(run(['--seed', String(seed), '--steps', String(steps)]), lines));
  }

  it('`npm run example:ports:micrograd-moons -- --seed 1` prints the demo, seeded', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=torchlet-source', 'examples/ports/micrograd-moons/main.ts', '--seed', '1'], {
      cwd: root,
      encoding: 'utf8',
    });
    expectSame(out.trimEnd().split('\n'), fixture.outputs.find((o) => o.seed === 1)!.lines);
  });

  it("parses --seed and --steps, rejecting bad arguments in argparse's words", () => {
    expect(parseArgs([])).toEqual({ seed: null, steps: 100 });
    expect(parseArgs(['--seed=-3', '--steps', '10'])).toEqual({ seed: -3n, steps: 10 });
    expect(() => parseArgs(['--seed', 'x'])).toThrow("argument --seed: invalid int value: 'x'");
    expect(() => parseArgs(['--epochs', '3'])).toThrow('unrecognized arguments: --epochs');
  });
});
