/**
 * The op codes the WebAssembly and native kernels compile in are generated from UNARY_OPS /
 * BINARY_OPS (tools/gen-opcodes.mjs): the committed files must match the lists, or a kernel
 * would run another op than the one the host asked for.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINARY_OPS, UNARY_OPS } from '@torchlet/core/backend';

const root = join(__dirname, '../../..');
const assembly = readFileSync(join(root, 'packages/core/assembly/opcodes.ts'), 'utf8');
const native = readFileSync(join(root, 'packages/native/csrc/opcodes.h'), 'utf8');

test('assembly/opcodes.ts and native csrc/opcodes.h are up to date (node tools/gen-opcodes.mjs)', () => {
  expect(() => execFileSync(process.execPath, [join(root, 'tools/gen-opcodes.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
});

test('every op has its index as its code in both generated files', () => {
  for (const ops of [UNARY_OPS, BINARY_OPS]) {
    ops.forEach((op, i) => {
      const upper = op.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
      expect(assembly).toContain(`export const ${upper}: i32 = ${i};\n`);
      expect(native).toContain(`  k${op[0]!.toUpperCase()}${op.slice(1)} = ${i},\n`);
    });
  }
  expect(native).toContain(`kUnaryOpCount = ${UNARY_OPS.length},`);
  expect(native).toContain(`kBinaryOpCount = ${BINARY_OPS.length},`);
});

test('no kernel source numbers ops by hand', () => {
  const elementwise = readFileSync(join(root, 'packages/core/assembly/elementwise.ts'), 'utf8');
  expect(elementwise).not.toMatch(/const (ADD|NEG|EQ|IDENTITY)\s*=/);
  const cc = readFileSync(join(root, 'packages/native/csrc/elementwise.cc'), 'utf8');
  expect(cc).not.toMatch(/enum (UnaryOp|BinaryOp)/);
});
