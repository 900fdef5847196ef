import { flatValues, groupsFor, loadFixture, makeOptimizer, makeParams, maxRelError, asDtype, setGrads, toOptions, type TrajectoryFixture } from './helpers';
const fx = loadFixture<TrajectoryFixture>('optim_trajectories.json');
const only = process.argv[2];
for (const c of fx.cases) {
  if (only && !c.name.includes(only)) continue;
  const data = fx.data[c.dtype];
  const params = makeParams(data, c.dtype);
  const opt = makeOptimizer(c.optimizer, groupsFor(c, params), toOptions(c.options));
  const errs: string[] = [];
  let first = -1;
  for (let step = 0; step < fx.steps; step++) {
    opt.zeroGrad();
    setGrads(params, data, step, c.dtype);
    opt.step();
    const e = maxRelError(flatValues(params), asDtype(c.trajectory[step]!, c.dtype), 0);
    if (e > 0 && first < 0) first = step;
    errs.push(e.toExponential(1));
  }
  console.log(c.name.padEnd(32), 'first diff step', first, errs.slice(-3).join(' '));
}
