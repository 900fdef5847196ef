/**
 * The tutorial prints exactly what the Python scripts print with real PyTorch
 * (tools/parity/tutorial_{manual,auto}.py), for every seed in the fixture.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, runTutorial } from '../cli';
import fixture from './fixtures/python-outputs.json';

function run(argv: string[]): string[] {
  const lines: string[] = [];
  runTutorial(parseArgs(argv), (...parts) => lines.push(parts.join(' ')));
  return lines;
}

describe('tutorial output equals PyTorch, line for line', () => {
  for (const { seed, manual, auto } of fixture.outputs) {
    it(`part 1 (manual update), seed ${seed}`, () => {
      expect(run(['--part', 'manual', '--seed', String(seed)])).toEqual(manual);
    });
    it(`part 2 (automatic update), seed ${seed}`, () => {
      expect(run(['--part', 'auto', '--seed', String(seed)])).toEqual(auto);
    });
  }

  it('`npm run tutorial -- --seed 0` prints both parts, each seeded', () => {
    const root = join(__dirname, '..', '..', '..');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=torchlet-source', 'examples/tutorial/main.ts', '--seed', '0'], {
      cwd: root,
      encoding: 'utf8',
    });
    const seed0 = fixture.outputs.find((o) => o.seed === 0)!;
    expect(out.trimEnd().split('\n')).toEqual([...seed0.manual, ...seed0.auto]);
  });
});

describe('tutorial command line', () => {
  it('parses --part and --seed (both spellings, big and negative seeds)', () => {
    expect(parseArgs([])).toEqual({ part: null, seed: null });
    expect(parseArgs(['--part=auto', '--seed', '-1'])).toEqual({ part: 'auto', seed: -1n });
    expect(parseArgs(['--seed=18446744073709551615'])).toEqual({ part: null, seed: 18446744073709551615n });
  });

  it("rejects bad arguments in argparse's words", () => {
    expect(() => parseArgs(['--part', 'both'])).toThrow("argument --part: invalid choice: 'both' (choose from 'manual', 'auto')");
    expect(() => parseArgs(['--seed', 'x'])).toThrow("argument --seed: invalid int value: 'x'");
    expect(() => parseArgs(['--seed'])).toThrow('argument --seed: expected one argument');
    expect(() => parseArgs(['--epochs', '3'])).toThrow('unrecognized arguments: --epochs');
  });
});
