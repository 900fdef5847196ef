/**
 * The 2-D toy datasets (scikit-learn's make_moons and make_circles, and two interleaved spirals),
 * built with torchlet ops from one seeded Generator so a seed always gives the same points.
 */
import * as torch from 'torchlet';
import type { DatasetName } from './messages';

export interface Points {
  /** [n, 2] float32 coordinates. */
  x: torch.Tensor;
  /** [n] int32 labels, 0 or 1. */
  y: torch.Tensor;
}

/** Points on the curve (fx(t), fy(t)) for `steps` values of t evenly spaced in [t0, t1). */
function curve(steps: number, t0: number, t1: number, endpoint: boolean, f: (t: torch.Tensor) => [torch.Tensor, torch.Tensor]): torch.Tensor {
  const t = endpoint ? torch.linspace(t0, t1, steps) : torch.arange(steps).float().mul((t1 - t0) / steps).add(t0);
  return torch.stack(f(t), 1);
}

function moons(nOut: number, nIn: number): torch.Tensor[] {
  return [
    curve(nOut, 0, Math.PI, true, (t) => [t.cos(), t.sin()]),
    curve(nIn, 0, Math.PI, true, (t) => [t.cos().neg().add(1), t.sin().neg().add(0.5)]),
  ];
}

function circles(nOut: number, nIn: number): torch.Tensor[] {
  return [
    curve(nOut, 0, 2 * Math.PI, false, (t) => [t.cos(), t.sin()]),
    curve(nIn, 0, 2 * Math.PI, false, (t) => [t.cos().mul(0.5), t.sin().mul(0.5)]),
  ];
}

/** Two arms turning 1.75 times around the origin, the second rotated half a turn. */
function spirals(nOut: number, nIn: number): torch.Tensor[] {
  const arm = (steps: number, phase: number): torch.Tensor =>
    curve(steps, 0.05, 1, true, (r) => {
      const angle = r.mul(3.5 * Math.PI).add(phase);
      return [angle.cos().mul(r), angle.sin().mul(r)];
    });
  return [arm(nOut, 0), arm(nIn, Math.PI)];
}

const MAKERS: Record<DatasetName, (nOut: number, nIn: number) => torch.Tensor[]> = { moons, circles, spirals };

/** `count` points (half per class) with Gaussian noise of standard deviation `noise`. */
export function makeDataset(name: DatasetName, count: number, noise: number, seed: number): Points {
  const gen = new torch.Generator().manualSeed(seed);
  const nOut = Math.floor(count / 2), nIn = count - nOut;
  const [outer, inner] = MAKERS[name](nOut, nIn) as [torch.Tensor, torch.Tensor];
  const clean = torch.cat([outer, inner]);
  const x = noise > 0 ? clean.add(torch.randn([count, 2], { generator: gen }).mul(noise)) : clean;
  const y = torch.cat([torch.zeros(nOut, { dtype: 'int32' }), torch.ones(nIn, { dtype: 'int32' })]);
  return { x, y };
}

/** A square around the points with a margin, as [xMin, xMax, yMin, yMax]. */
export function boundsOf(x: torch.Tensor): [number, number, number, number] {
  const lo = x.amin(0).tolist() as number[], hi = x.amax(0).tolist() as number[];
  const cx = (lo[0]! + hi[0]!) / 2, cy = (lo[1]! + hi[1]!) / 2;
  const half = (Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!) / 2) * 1.15;
  return [cx - half, cx + half, cy - half, cy + half];
}

/** The centres of a size x size grid over the bounds, row by row from the top: [size*size, 2]. */
export function gridPoints(bounds: [number, number, number, number], size: number): torch.Tensor {
  const [x0, x1, y0, y1] = bounds;
  const xs = torch.arange(size).float().add(0.5).mul((x1 - x0) / size).add(x0);
  const ys = torch.arange(size).float().add(0.5).mul(-(y1 - y0) / size).add(y1);
  const [gy, gx] = torch.meshgrid([ys, xs], { indexing: 'ij' }) as [torch.Tensor, torch.Tensor];
  return torch.stack([gx.reshape(-1), gy.reshape(-1)], 1);
}
