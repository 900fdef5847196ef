#!/usr/bin/env node
// Builds the addon with node-gyp against the local Node's headers (never downloads anything).
// Run by npm as this package's "install" script, so `npm ci` at the root builds it. A failed
// build (no compiler, no headers) prints a warning and exits 0: torchlet then runs without the
// native backend. `--strict` (npm run rebuild) makes failures exit 1 instead; without it even an
// unexpected error in this script only warns, so the user's install never fails because of us.
// In the torchlet repository it first regenerates csrc/opcodes.h from the shared op lists
// (tools/gen-opcodes.mjs); an installed package has no op lists and compiles the header it ships.
// npm 11 runs dependencies' install scripts only once approved (npm install-scripts approve).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const strict = process.argv.includes('--strict');
const pkgDir = path.resolve(__dirname, '..');
// packages/native of the torchlet checkout, rather than node_modules/@torchlet/native
const inRepo = path.basename(path.dirname(pkgDir)) === 'packages' &&
  fs.existsSync(path.join(pkgDir, '..', '..', 'tools', 'gen-opcodes.mjs'));

function warn(msg) {
  const again = inRepo ? 'npm run rebuild -w @torchlet/native' : 'npm rebuild @torchlet/native';
  process.stderr.write(`\n[@torchlet/native] WARNING: ${msg}\n` +
    `[@torchlet/native] torchlet will run without the native backend. Rebuild with: ${again}\n\n`);
}

if (process.env.TORCHLET_NATIVE === '0') {
  process.stdout.write('[@torchlet/native] build skipped (TORCHLET_NATIVE=0)\n');
  process.exit(0);
}

// node-gyp: the copy npm passes to lifecycle scripts, else npm's bundled one, else node-gyp on PATH.
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  const npmDir = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  candidates.push(path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const c of candidates) if (c && fs.existsSync(c)) return [process.execPath, c];
  return ['node-gyp'];
}

// Node's own headers: an explicit npm nodedir setting, else the installed headers beside node.
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [`--nodedir=${process.env.npm_config_nodedir}`];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

// The op codes the kernels share with @torchlet/core (a stale header would compute the wrong op).
function generateOpcodes() {
  if (!inRepo) return true;
  const generator = path.join(pkgDir, '..', '..', 'tools', 'gen-opcodes.mjs');
  const res = spawnSync(process.execPath, [generator], { cwd: path.dirname(generator), stdio: 'inherit' });
  if (res.status === 0) return true;
  const why = res.error ? res.error.message : `exited with status ${res.status}`;
  if (strict) {
    process.stderr.write(`[@torchlet/native] tools/gen-opcodes.mjs failed: ${why}\n`);
    process.exit(1);
  }
  warn(`tools/gen-opcodes.mjs failed (${why}); not building against a possibly stale csrc/opcodes.h.`);
  process.exit(0);
}

function build() {
  generateOpcodes();
  const [cmd, ...pre] = findNodeGyp();
  const args = [...pre, 'rebuild', '--release', `--jobs=${Math.max(1, require('node:os').availableParallelism())}`, ...nodedirArgs()];
  process.stdout.write(`[@torchlet/native] building: ${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ')}\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: pkgDir, stdio: 'inherit', env: process.env });
  const built = path.join(pkgDir, 'build', 'Release', 'torchlet_native.node');
  if (res.status === 0 && fs.existsSync(built)) {
    process.stdout.write(`[@torchlet/native] built ${path.relative(pkgDir, built)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.exit(0);
  }
  const why = res.error ? res.error.message : `node-gyp exited with status ${res.status}`;
  if (strict) {
    process.stderr.write(`[@torchlet/native] build failed: ${why}\n`);
    process.exit(1);
  }
  warn(`the native addon could not be built (${why}).`);
  process.exit(0);
}

try {
  build();
} catch (err) {
  if (strict) throw err;
  warn(`the build script failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(0);
}
