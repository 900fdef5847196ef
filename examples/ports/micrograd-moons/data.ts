/**
 * The demo's data: `make_moons(n_samples=100, noise=0.1)` after `np.random.seed(1337)`. scikit-learn
 * is Python-only, so its output ships here as moons.json, written by
 * `python3 tools/parity/ports_micrograd_moons.py --data examples/ports/micrograd-moons/moons.json`.
 */
import moons from './moons.json';

/** sklearn.datasets.make_moons for the arguments the demo passes: X (100 x 2) and y (0 or 1), as numpy gives them. */
export function makeMoons({ nSamples, noise }: { nSamples: number; noise: number }): [number[][], number[]] {
  if (nSamples !== 100 || noise !== 0.1) throw new Error('moons.json holds make_moons(n_samples=100, noise=0.1) only');
  return [moons.X.map((row) => [...row]), [...moons.y]];
}
