/**
 * Writes the torchlet-written checkpoints that tools/parity/nn_torch_save_check.py loads in PyTorch:
 * packages/nn/test/fixtures/torch_save/torchlet_*.pth. The test torch-save.test.ts rebuilds the same
 * bytes and fails when they drift from these committed (PyTorch-verified) files.
 * Run: npx tsx --conditions=torchlet-source tools/parity/nn_torch_save_export.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { torchletCheckpoints } from '../../packages/nn/test/torch-save-cases';

const DIR = join(__dirname, '..', '..', 'packages', 'nn', 'test', 'fixtures', 'torch_save');
for (const [name, bytes] of torchletCheckpoints((f) => new Uint8Array(readFileSync(join(DIR, f))))) {
  writeFileSync(join(DIR, name), bytes);
  console.log('wrote', name, bytes.length, 'bytes');
}
