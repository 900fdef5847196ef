/**
 * Atomic file writes for checkpoints: a temp file `<path>.tmp-<pid>` in the same directory,
 * fsync, rename. A failed write (ENOSPC, a directory in the way) removes its temp file, and temp
 * files left by processes that died mid-write (SIGKILL, power loss) are swept before writing, so
 * a full disk does not stay full of them.
 */
import { nodeFs, nodePath, nodeProcess } from '../node-host';

const TMP = /^(.+)\.tmp-(\d+)$/;

/** False only when `pid` surely names no running process (kill(pid, 0) says ESRCH). */
export function processAlive(pid: number): boolean {
  const proc = nodeProcess();
  if (proc === undefined || !Number.isSafeInteger(pid) || pid <= 0) return true; // cannot tell: keep the file
  try {
    proc.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as { code?: unknown }).code !== 'ESRCH';
  }
}

/**
 * Removes the temp files of dead processes next to `path`: those of `path` itself and of any
 * other `*.safetensors` checkpoint in its directory. Returns the names removed.
 */
export function sweepStaleTempFiles(path: string): string[] {
  const fs = nodeFs();
  const np = nodePath();
  const dir = np.dirname(path);
  const base = np.basename(path);
  const own = nodeProcess()?.pid;
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed; // no directory yet: nothing to sweep
  }
  for (const name of names) {
    const m = TMP.exec(name);
    if (m === null) continue;
    const target = m[1]!;
    const pid = Number(m[2]);
    if (target !== base && !target.endsWith('.safetensors')) continue; // not a checkpoint's temp file
    if (pid === own || processAlive(pid)) continue;
    try {
      fs.unlinkSync(np.join(dir, name));
      removed.push(name);
    } catch {
      // Another process swept it first, or it is not ours to remove: leave it.
    }
  }
  return removed;
}

/** Writes `bytes` to `path` atomically: a temp file in the same directory, fsync, rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const fs = nodeFs();
  fs.mkdirSync(nodePath().dirname(path), { recursive: true });
  sweepStaleTempFiles(path);
  const tmp = `${path}.tmp-${nodeProcess()?.pid ?? 0}`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (e) {
    // A half-written temp file would only fill the disk: remove it, then report the write error.
    try {
      fs.unlinkSync(tmp);
    } catch {
      // It was never created (openSync failed) or is already gone.
    }
    throw e;
  }
}
