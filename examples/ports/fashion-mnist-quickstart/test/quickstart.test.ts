/**
 * PyTorch's Quickstart: the port prints what its Python original (../quickstart.py) prints with
 * real PyTorch 1.13 and torchvision 0.14 on the synthetic FashionMNIST of examples/ports/data
 * (tools/parity/ports_fashion_mnist_quickstart.py): shapes, the model, the losses and test
 * results to float32 precision, the prediction of the model reloaded from model.pth.
 *
 * Two printed lines differ by design, and the expectation says so: the model's repr names the
 * port's attribute (`(linearReluStack)`, Python's `(linear_relu_stack)`: the state dict maps one
 * onto the other), and `y.dtype` is the dtype the DataLoader collates Python ints into here:
 * torchlet's integer default, `torch.tensor([0]).dtype` (PyTorch's is int64).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'torchlet';
import { capture, expectSameLines } from '../../printed-lines';
import { main, parseArgs } from '../main';
import fixture from './fixtures/python-outputs.json';

const ROOT = join(__dirname, '..', '..', 'data');

/** Python's lines with the two known differences applied (see the header). */
export function expected(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace('(linear_relu_stack)', '(linearReluStack)').replace(/ torch\.int64$/, ` torch.${torch.tensor([0]).dtype}`));
}

describe('FashionMNIST Quickstart port', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quickstart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const run of fixture.outputs) {
    it(`prints the Python original's lines: ${run.args.join(' ')}`, () => {
      const args = { ...parseArgs([...run.args, '--root', ROOT]), modelPath: join(dir, 'model.pth') };
      const lines = capture((print) => main(args, print));
      expectSameLines(lines, expected(run.lines), 1e-5);
    });
  }

  it("parses quickstart.py's flags", () => {
    expect(parseArgs([])).toEqual({ root: 'data', epochs: 5, seed: null, modelPath: 'model.pth' });
    expect(parseArgs(['--root=x', '--epochs', '2', '--seed', '3'])).toEqual({ root: 'x', epochs: 2, seed: 3n, modelPath: 'model.pth' });
    expect(() => parseArgs(['--epochs', 'two'])).toThrow("argument --epochs: invalid int value: 'two'");
    expect(() => parseArgs(['--batch-size', '3'])).toThrow('unrecognized arguments: --batch-size');
  });
});
