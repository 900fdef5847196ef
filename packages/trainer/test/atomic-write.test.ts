/**
 * Issue 14, item 8: the checkpoint writer removes its temp file when a write fails (ENOSPC, a
 * directory in the way) and sweeps the temp files of dead processes before writing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/fit/atomic-write';

/** The fs object the writer uses (process.getBuiltinModule), so a spy on it is seen by the writer. */
const fs = process.getBuiltinModule('node:fs');
/** Far above any pid_max (2^22 on Linux): no process has it. */
const DEAD_PID = 2147483646;

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'atomic-')); });
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('a failed write leaves no temp file', () => {
  it('when the target is a directory (the rename fails)', () => {
    const target = join(dir, 'run.safetensors');
    mkdirSync(target);
    expect(() => writeFileAtomic(target, new Uint8Array([1, 2, 3]))).toThrow(/EISDIR|ENOTEMPTY|EEXIST|illegal operation on a directory/);
    expect(readdirSync(dir)).toEqual(['run.safetensors']);
  });

  it('when the disk is full (ENOSPC from write), keeping the old checkpoint', () => {
    const target = join(dir, 'run.safetensors');
    writeFileSync(target, 'old');
    jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    expect(() => writeFileAtomic(target, new Uint8Array(100))).toThrow('ENOSPC: no space left on device, write');
    expect(readdirSync(dir)).toEqual(['run.safetensors']);
    expect(readFileSync(target, 'utf8')).toBe('old');
  });
});

describe('stale temp files of dead processes are swept before writing', () => {
  it('removes those of dead processes, keeps live ones and files that are not checkpoint temp files', () => {
    const target = join(dir, 'run.safetensors');
    const names = {
      dead: `run.safetensors.tmp-${DEAD_PID}`,
      deadOther: `best.safetensors.tmp-${DEAD_PID}`,
      live: `run.safetensors.tmp-${process.ppid}`,
      notOurs: `notes.txt.tmp-${DEAD_PID}`,
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x'.repeat(1000));
    writeFileAtomic(target, new Uint8Array([7, 8]));
    expect(readdirSync(dir).sort()).toEqual([names.notOurs, 'run.safetensors', names.live].sort());
    expect(Array.from(readFileSync(target))).toEqual([7, 8]);
    expect(existsSync(join(dir, names.dead))).toBe(false);
  });

  it('a sweep then frees the space a full disk needs (the write after a kill succeeds)', () => {
    const target = join(dir, 'run.safetensors');
    writeFileSync(join(dir, `run.safetensors.tmp-${DEAD_PID}`), 'half-written');
    const real = fs.writeSync.bind(fs);
    // A disk that is full while the stale temp file exists.
    jest.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]): number => {
      if (existsSync(join(dir, `run.safetensors.tmp-${DEAD_PID}`))) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      const written: unknown = Reflect.apply(real, fs, args);
      return typeof written === 'number' ? written : 0;
    });
    writeFileAtomic(target, new Uint8Array([1]));
    expect(readdirSync(dir)).toEqual(['run.safetensors']);
  });
});
