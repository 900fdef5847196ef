/**
 * The playground end to end in headless Chromium: the page is bundled, served and driven like a
 * user would (playground/drive.mjs, in a child process), then what it shows is checked here.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, runTutorial } from '../../examples/tutorial/cli';
import fixture from '../../examples/tutorial/test/fixtures/python-outputs.json';
import { chromiumPath, REPO_ROOT } from '../../tools/browser/jest';

interface Section { state: string; seconds: number }
interface PlaygroundRun {
  isolated: boolean;
  devices: string[];
  tutorial: Section & { lines: string[] };
  classifier: Section & { accuracy: number; status: string };
  digits: Section & { accuracy: number; caption: string };
  stop: { state: string; epoch: number };
  tutorialOtherBackend: Section & { backend: string; lines: string[]; status: string };
  consoleErrors: string[];
}

const ARTIFACTS = join(__dirname, 'artifacts');

function drive(): Promise<PlaygroundRun> {
  const cli = join(REPO_ROOT, 'playground', 'test', 'e2e-cli.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ARTIFACTS], { cwd: REPO_ROOT, timeout: 170_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      try {
        const out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { ok: boolean; error?: string; result: PlaygroundRun };
        if (out.ok) resolve(out.result);
        else reject(new Error(out.error));
      } catch {
        reject(new Error(`e2e-cli.mjs printed no result (${err?.message ?? 'exit 0'})\n${stderr}`));
      }
    });
  });
}

const hasChromium = chromiumPath() !== null;
if (!hasChromium) console.warn('Chromium not installed at /usr/bin/chromium: the playground tests are skipped (apt-get install -y chromium)');

(hasChromium ? describe : describe.skip)('the playground in Chromium', () => {
  let run: PlaygroundRun;
  beforeAll(async () => {
    run = await drive();
  }, 180_000);

  it('is served cross-origin isolated and logs no console errors or warnings', () => {
    expect(run.isolated).toBe(true);
    expect(run.consoleErrors).toEqual([]);
  });

  it('prints the tutorial lines of `npm run tutorial -- --seed 0`, which are PyTorch’s', () => {
    const node: string[] = [];
    runTutorial(parseArgs(['--seed', '0']), (...parts) => node.push(parts.join(' ')));
    expect(run.tutorial.state).toBe('done');
    expect(run.tutorial.lines).toEqual(node);
    const torch = fixture.outputs.find((o) => o.seed === 0)!;
    expect(run.tutorial.lines[0]).toBe('Epoch: 200, loss: 0.5448, train_acc: 0.833');
    expect(run.tutorial.lines).toEqual([...torch.manual, ...torch.auto]);
  });

  it('offers only the CPU backends when Chromium runs without WebGPU', () => {
    expect(run.devices).toEqual(['auto', 'wasm', 'js']);
  });

  it('runs on the backend chosen in the selector (the same lines on js)', () => {
    expect(run.tutorialOtherBackend.backend).toBe('js');
    expect(run.tutorialOtherBackend.status).toMatch(/^Finished the tutorial on the js backend/);
    expect(run.tutorialOtherBackend.lines).toEqual(run.tutorial.lines);
  });

  it('trains the moons classifier to at least 97% accuracy in 60 epochs and shows ms per step', () => {
    expect(run.classifier.state).toBe('done');
    expect(run.classifier.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(run.classifier.status).toMatch(/^Finished the classifier on the auto backend: epoch 60 · \d+\.\d\d ms per step\.$/);
  });

  it('trains the digits MLP and shows its test predictions', () => {
    expect(run.digits.state).toBe('done');
    expect(run.digits.accuracy).toBeGreaterThan(0.93);
    const [, shown, total, wrong] = /first (\d+) of (\d+) test images; (\d+) of all/.exec(run.digits.caption) ?? [];
    expect(Number(shown)).toBe(120);
    expect(Number(total)).toBe(359);
    expect(Number(wrong)).toBe(Math.round((1 - run.digits.accuracy) * 359));
  });

  it('stops a run when asked', () => {
    expect(run.stop.state).toBe('stopped');
    expect(run.stop.epoch).toBeGreaterThan(0);
    expect(run.stop.epoch).toBeLessThan(1_000_000);
  });
});
