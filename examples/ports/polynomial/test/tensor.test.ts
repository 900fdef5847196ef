/**
 * PyTorch: Tensors (gradients by hand): the port prints what tools/parity/ports_polynomial.py
 * prints with real PyTorch 1.13, bit for bit, all 2000 steps, per seed; and the command line.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from '../main';
import { expectClose, outputs, printed } from './compare';

describe('polynomial, tensor version: the losses and weights PyTorch prints, bit for bit', () => {
  for (const { seed, steps, parts } of outputs) {
    it(`seed ${seed}`, () => expectClose(printed('tensor', seed, steps), parts.tensor, 0));
  }
});

describe('polynomial command line', () => {
  it('`npm run example:ports:polynomial -- --seed 1` prints the tensor version, seeded', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=torchlet-source', 'examples/ports/polynomial/main.ts', '--seed', '1'], {
      cwd: root,
      encoding: 'utf8',
    });
    expectClose(out.trimEnd().split('\n'), outputs.find((o) => o.seed === 1)!.parts.tensor, 0);
  });

  it('parses --part, --seed and --steps (both spellings)', () => {
    expect(parseArgs([])).toEqual({ part: 'tensor', seed: null, steps: 2000 });
    expect(parseArgs(['--part', 'optim', '--seed=-3', '--steps', '100'])).toEqual({ part: 'optim', seed: -3n, steps: 100 });
  });

  it("rejects bad arguments in argparse's words", () => {
    expect(() => parseArgs(['--seed', 'x'])).toThrow("argument --seed: invalid int value: 'x'");
    expect(() => parseArgs(['--steps'])).toThrow('argument --steps: expected one argument');
    expect(() => parseArgs(['--part', 'numpy'])).toThrow("argument --part: invalid choice: 'numpy'");
    expect(() => parseArgs(['--epochs', '3'])).toThrow('unrecognized arguments: --epochs');
  });
});
