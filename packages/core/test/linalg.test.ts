/** Matrix products against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { describeFixtureCases } from './core-ops-fixture';

describe('matrix products match PyTorch', () => {
  describeFixtureCases(['matmul', 'mm', 'mv', 'bmm', 'dot', 'outer']);
});
