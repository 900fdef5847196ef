/** softmax and logSoftmax against PyTorch (fixtures/core-ops.json from tools/parity/core_ops.py). */
import { describeFixtureCases } from './core-ops-fixture';

describe('softmax matches PyTorch', () => {
  describeFixtureCases(['softmax', 'logSoftmax']);
});
