/** Reductions against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { describeFixtureCases } from './core-ops-fixture';

describe('reductions match PyTorch', () => {
  describeFixtureCases([
    'sum', 'mean', 'prod', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'var', 'std', 'logsumexp', 'norm',
    'all', 'any',
  ]);
});
