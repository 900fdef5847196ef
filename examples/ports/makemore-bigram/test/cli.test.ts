/** `npm run example:ports:makemore-bigram`'s command line (a file of its own: the run takes a few seconds). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from '../main';
import { expectSame } from './compare';
import fixture from './fixtures/python-outputs.json';

describe('makemore bigram command line', () => {
  it('`npm run example:ports:makemore-bigram` prints the notebook with its seed 2147483647', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=torchlet-source', 'examples/ports/makemore-bigram/main.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expectSame(out.trimEnd().split('\n'), fixture.published.lines, 1e-6);
  });

  it("parses --seed and --steps, rejecting bad arguments in argparse's words", () => {
    expect(parseArgs([])).toEqual({ seed: 2147483647n, steps: 100 });
    expect(parseArgs(['--seed=-3', '--steps', '10'])).toEqual({ seed: -3n, steps: 10 });
    expect(() => parseArgs(['--seed', 'x'])).toThrow("argument --seed: invalid int value: 'x'");
    expect(() => parseArgs(['--epochs', '3'])).toThrow('unrecognized arguments: --epochs');
  });
});
