/**
 * pytorch/examples' MNIST: the port prints what its Python original (../main.py) prints with real
 * PyTorch 1.13 and torchvision 0.14 on the synthetic MNIST of examples/ports/data
 * (tools/parity/ports_mnist.py): the training losses (weight init, dropout masks, Adadelta and
 * StepLR after torch.manual_seed) to float32 precision, the test loss, counts and percentages.
 * The full-epoch run is in cli.test.ts (the npm script, a child process).
 */
import { join } from 'node:path';
import { capture, expectSameLines } from '../../printed-lines';
import { main, parseArgs } from '../main';
import fixture from './fixtures/python-outputs.json';

const ROOT = join(__dirname, '..', '..', 'data');

describe('pytorch/examples MNIST port', () => {
  const dry = fixture.outputs[0]!;
  it(`prints the Python original's lines: ${dry.args.join(' ')}`, () => {
    const lines = capture((print) => main(parseArgs([...dry.args, '--root', ROOT]), print));
    expectSameLines(lines, dry.lines, 1e-5);
  });

  it("parses main.py's flags with its defaults, in argparse's words", () => {
    expect(parseArgs([])).toEqual({
      batchSize: 64, testBatchSize: 1000, epochs: 14, lr: 1, gamma: 0.7, noCuda: false, noMps: false,
      dryRun: false, seed: 1n, logInterval: 10, saveModel: false, root: '../data',
    });
    expect(parseArgs(['--lr=0.5', '--gamma', '1e-1', '--no-cuda', '--save-model', '--seed', '-2'])).toMatchObject({
      lr: 0.5, gamma: 0.1, noCuda: true, saveModel: true, seed: -2n,
    });
    expect(() => parseArgs(['--lr', 'fast'])).toThrow("argument --lr: invalid float value: 'fast'");
    expect(() => parseArgs(['--batch-size', '6.4'])).toThrow("argument --batch-size: invalid int value: '6.4'");
    expect(() => parseArgs(['--epoch', '3'])).toThrow('unrecognized arguments: --epoch');
  });
});
