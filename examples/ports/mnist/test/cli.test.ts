/**
 * `npm run example:ports:mnist`'s script on the synthetic data, one full epoch as a command (a
 * child process, as a user runs it): every line main.py printed (tools/parity/ports_mnist.py).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expectSameLines } from '../../printed-lines';
import fixture from './fixtures/python-outputs.json';

describe('MNIST port, command line', () => {
  const run = fixture.outputs[1]!;
  it(`main.ts ${run.args.join(' ')} prints main.py's lines`, () => {
    const repo = join(__dirname, '..', '..', '..', '..');
    const out = execFileSync(process.execPath, [
      '--import', 'tsx', '--conditions=torchlet-source', 'examples/ports/mnist/main.ts', ...run.args, '--root', 'examples/ports/data',
    ], { cwd: repo, encoding: 'utf8' });
    expectSameLines(out.replace(/\n$/, '').split('\n'), run.lines, 1e-5);
  });
});
