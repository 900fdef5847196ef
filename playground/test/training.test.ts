/**
 * The playground's training code, in Node: the seeded datasets, the classifier's model and its
 * stop, and the digits reader and split (the same images as the digits example).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as torch from 'torchlet';
import { DIGITS_PATH, loadDigits } from '../../examples/digits/data';
import { splitDigits } from '../../examples/digits/train';
import { gridPoints, makeDataset } from '../src/datasets';
import type { ClassifierConfig, FromWorker } from '../src/messages';
import { classifierModel, trainClassifier } from '../src/train-classifier';
import { parseDigitsCsv, splitIndices } from '../src/train-digits';

// One thread: the region grid's product is large enough to start the wasm pool, and the shared
// two cores gain nothing from it here.
beforeAll(() => torch.setNumThreads(1));

function radii(x: torch.Tensor, cx: number, cy: number): number[] {
  return (x.sub(torch.tensor([cx, cy])).pow(2).sum(1).sqrt().tolist() as number[]).map((r) => Math.round(r * 1e4) / 1e4);
}

describe('datasets', () => {
  it('are reproducible from the seed, and differ between seeds', () => {
    for (const name of ['moons', 'spirals', 'circles'] as const) {
      const a = makeDataset(name, 50, 0.2, 7), b = makeDataset(name, 50, 0.2, 7), c = makeDataset(name, 50, 0.2, 8);
      expect(a.x.shape).toEqual([50, 2]);
      expect(a.x.tolist()).toEqual(b.x.tolist());
      expect(a.x.tolist()).not.toEqual(c.x.tolist());
      expect(a.y.tolist()).toEqual([...new Array<number>(25).fill(0), ...new Array<number>(25).fill(1)]);
    }
  });

  it('without noise, put the points on their curves', () => {
    const moons = makeDataset('moons', 21, 0, 0);
    expect(radii(moons.x.narrow(0, 0, 10), 0, 0)).toEqual(new Array<number>(10).fill(1));
    expect(radii(moons.x.narrow(0, 10, 11), 1, 0.5)).toEqual(new Array<number>(11).fill(1));
    expect(moons.x.select(0, 0).tolist()).toEqual([1, 0]);
    const circles = makeDataset('circles', 40, 0, 0);
    expect(radii(circles.x, 0, 0)).toEqual([...new Array<number>(20).fill(1), ...new Array<number>(20).fill(0.5)]);
    const spirals = makeDataset('spirals', 40, 0, 0).x;
    // the two arms are each other turned half a turn
    expect(spirals.narrow(0, 20, 20).neg().sub(spirals.narrow(0, 0, 20)).abs().max().item()).toBeLessThan(1e-6);
  });

  it('the region grid runs row by row from the top left', () => {
    const g = gridPoints([0, 4, 0, 2], 4);
    expect(g.shape).toEqual([16, 2]);
    expect(g.select(0, 0).tolist()).toEqual([0.5, 1.75]);
    expect(g.select(0, 1).tolist()).toEqual([1.5, 1.75]);
    expect(g.select(0, 15).tolist()).toEqual([3.5, 0.25]);
  });
});

describe('the classifier', () => {
  const config: ClassifierConfig = {
    dataset: 'moons', count: 100, noise: 0.1, hidden: [16, 16], activation: 'tanh', optimizer: 'momentum',
    lr: 0.05, batchSize: 16, epochs: 1000, seed: 3,
  };

  it('has the layer sizes asked for', () => {
    const model = classifierModel([16, 8], 'gelu');
    expect(model.parameters().map((p) => p.shape)).toEqual([[16, 2], [16], [8, 16], [8], [2, 8], [2]]);
    expect(String(model)).toContain('(1): GELU');
    expect(classifierModel([], 'relu').parameters().map((p) => p.shape)).toEqual([[2, 2], [2]]);
  });

  it('reports the points, then progress, and stops when asked', async () => {
    const posted: FromWorker[] = [];
    let yields = 0;
    await trainClassifier(config, { post: (m) => posted.push(m), yieldStopped: () => Promise.resolve(++yields === 2) }, 0);
    expect(posted.map((m) => m.type)).toEqual(['points', 'progress', 'progress']);
    const last = posted[2] as Extract<FromWorker, { type: 'progress' }>;
    expect(last.epoch).toBe(2);
    expect(last.grid).toHaveLength(72 * 72);
    expect(last.grid!.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('gives the same run for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const losses: number[] = [];
      await trainClassifier({ ...config, epochs: 5 }, { post: (m) => { if (m.type === 'progress') losses.push(m.loss); }, yieldStopped: () => Promise.resolve(false) }, 0);
      return losses;
    };
    const first = await run();
    expect(first).toHaveLength(5);
    expect(await run()).toEqual(first);
  });
});

describe('the digits reader', () => {
  const text = gunzipSync(readFileSync(DIGITS_PATH)).toString('utf8');

  it('reads what the example reads, and rejects a bad row', () => {
    const ours = parseDigitsCsv(text), example = loadDigits();
    expect(ours.images.equal(example.images)).toBe(true);
    expect(ours.labels.equal(example.labels)).toBe(true);
    expect(() => parseDigitsCsv('1,2,3\n')).toThrow('digits.csv: row 1 is not 64 pixels in 0..16 and a label');
  });

  it('splits the images as the example does', () => {
    const example = splitDigits(loadDigits());
    expect(splitIndices(1797).map((t) => t.tolist())).toEqual(example.map((s) => [...s.indices]));
  });
});
