/**
 * The tiny GPT against its Python original (tools/parity/tiny_gpt.py, PyTorch 1.13): after
 * manualSeed(s) both print the same losses, and the same sample text after 40 steps. The
 * fixture holds 200 steps per seed (bit-identical to PyTorch throughout, see the README); fewer
 * run here (a step takes ~60 ms under tsx but ~250 ms under jest on two cores), and what they
 * print must be the beginning of the Python's lines.
 */
import * as torch from 'torchlet';
import { loadChars } from '../data';
import { GPT } from '../model';
import { DEFAULT_CONFIG, sample, train } from '../train';
import fixture from './fixtures/tiny-gpt.json';

const data = loadChars();

function run(seed: number, steps: number): { model: GPT; lines: string[] } {
  const lines: string[] = [];
  torch.manualSeed(seed);
  const model = train(data, DEFAULT_CONFIG, { stopAfter: steps, print: (l) => lines.push(l) });
  return { model, lines };
}

describe('tiny GPT', () => {
  it('has the Python configuration and vocabulary', () => {
    expect(DEFAULT_CONFIG).toEqual(fixture.config);
    expect(data.chars.join('')).toBe(fixture.vocabulary);
  });

  it('ties the head to the token embedding (one Parameter, counted once)', () => {
    torch.manualSeed(0);
    const model = new GPT({ blockSize: 8, vocabSize: 5, nLayer: 1, nHead: 2, nEmbd: 4, dropout: 0 });
    expect(model.lmHead.weight).toBe(model.wte.weight);
    const names = model.namedParameters().map(([n]) => n);
    expect(names).toContain('wte.weight');
    expect(names).not.toContain('lmHead.weight');
  });

  const pythonLines = (seed: number): string[] => fixture.runs.find((r) => r.seed === seed)!.lines;

  it('prints the Python losses for 40 steps of seed 0, then samples the Python text', () => {
    const s = fixture.sample;
    const { model, lines } = run(s.seed, s.steps);
    expect(lines).toEqual(s.lines);
    expect(lines).toEqual(pythonLines(s.seed).slice(0, lines.length));
    expect(sample(model, data, s.length, s.temperature, s.topK)).toBe(s.text);
  });

  it.each([[1, 21], [2, 21]])('prints the Python losses for seed %i (%i steps)', (seed, steps) => {
    const { lines } = run(seed, steps);
    expect(lines.length).toBe(4); // parameters, step 0, iter 0, iter 20
    expect(lines).toEqual(pythonLines(seed).slice(0, lines.length));
  });
});
