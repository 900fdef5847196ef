/**
 * The Quickstart port loads the model.pth its Python original writes
 * (`torch.save(model.state_dict(), "model.pth")`, snake_case keys such as
 * `linear_relu_stack.0.weight`) with the port's own lines: `model.loadStateDict(torch.load(path))`
 * maps them onto `linearReluStack`. The .pth (2.7 MB) is written at test time by running
 * ../quickstart.py with Debian's python3-torch and python3-torchvision on the synthetic data.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as torch from 'torchlet';
import { capture } from '../../printed-lines';
import { main, NeuralNetwork, parseArgs } from '../main';

const PYTHON = '/usr/bin/python3';
const DATA = join(__dirname, '..', '..', 'data');

/** Whether Debian's PyTorch and torchvision are installed (CI and users need neither: then this is skipped). */
function hasTorchvision(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

(hasTorchvision() ? describe : describe.skip)('Quickstart port and a model.pth written by PyTorch', () => {
  let dir: string;
  let pythonLines: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quickstart-pth-'));
    // torchvision 0.14 wants the files uncompressed (it checks them before any download)
    const raw = join(dir, 'data', 'FashionMNIST', 'raw');
    mkdirSync(raw, { recursive: true });
    for (const f of readdirSync(join(DATA, 'FashionMNIST', 'raw'))) {
      writeFileSync(join(raw, f.replace(/\.gz$/, '')), gunzipSync(readFileSync(join(DATA, 'FashionMNIST', 'raw', f))));
    }
    const out = execFileSync(PYTHON, [join(__dirname, '..', 'quickstart.py'), '--root', join(dir, 'data'), '--epochs', '1', '--seed', '7'], {
      cwd: dir, encoding: 'utf8',
    });
    pythonLines = out.trimEnd().split('\n');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads into the port (strict: every key maps), with the weights the port trains', () => {
    const model = new NeuralNetwork();
    const result = model.loadStateDict(torch.load(join(dir, 'model.pth'), { weightsOnly: true }));
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Object.keys(model.stateDict({ keys: 'pytorch' }))).toEqual([
      'linear_relu_stack.0.weight', 'linear_relu_stack.0.bias', 'linear_relu_stack.2.weight', 'linear_relu_stack.2.bias',
      'linear_relu_stack.4.weight', 'linear_relu_stack.4.bias',
    ]);

    const ours = join(dir, 'port-model.pth');
    const lines = capture((print) => main({ ...parseArgs(['--root', DATA, '--epochs', '1', '--seed', '7']), modelPath: ours }, print));
    expect(lines.at(-1)).toBe(pythonLines.at(-1)); // Predicted: "...", Actual: "..."
    const trained = new NeuralNetwork();
    trained.loadStateDict(torch.load(ours));
    const want = trained.stateDict();
    for (const [key, value] of Object.entries(model.stateDict())) {
      expect(torch.allclose(value, want[key]!, { rtol: 1e-5, atol: 1e-7 })).toBe(true);
    }
  });
});
