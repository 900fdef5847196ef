/**
 * The machine's float32 FMA peak for the bench's "% of peak" rows: bench/peak/fma-peak.cc,
 * compiled at bench time with the system C++ compiler for the widest vectors /proc/cpuinfo lists
 * (AVX-512, else AVX2 + FMA, else scalar) and run on 1 thread and on every core. With no
 * compiler, a documented figure stands in, and the report says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Peak {
  /** The vector extension the probe ran on: 'avx512', 'avx2+fma' or 'scalar'. */
  readonly isa: string;
  /** GFLOPS (2 per fused multiply-add) on one thread, and on `threads` threads at once. */
  readonly gflops1: number;
  readonly gflopsAll: number;
  readonly threads: number;
  /** 'measured' here, or 'documented' (no compiler): then `note` says whose figure it is. */
  readonly source: 'measured' | 'documented';
  readonly note?: string;
}

/**
 * bench/peak/fma-peak.cc on the machine this README's figures come from (AMD EPYC Zen 5, 2 vCPUs,
 * AVX-512: 64 flops per cycle per core at ~3.4 GHz), the middle of 11 runs on 2026-12-06.
 */
const DOCUMENTED: Peak = {
  isa: 'avx512', gflops1: 220, gflopsAll: 440, threads: 2, source: 'documented',
  note: 'no C++ compiler: the documented peak of an AMD EPYC Zen 5 with 2 vCPUs, not this machine',
};

/** Compiler flags for the widest float32 FMA the CPU has, from /proc/cpuinfo (Linux x86). */
function isaFlags(): string[] {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const flags = new Set((/^flags\s*:(.*)$/m.exec(info)?.[1] ?? '').trim().split(/\s+/));
  if (flags.has('avx512f')) return ['-mavx512f'];
  if (flags.has('avx2') && flags.has('fma')) return ['-mavx2', '-mfma'];
  return [];
}

/** Measures the peak with `threads` threads (the bench's core count); the documented figure when that fails. */
export function measurePeak(threads: number): Peak {
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-peak-'));
  try {
    const exe = join(dir, 'fma-peak');
    const src = join(__dirname, 'peak', 'fma-peak.cc');
    const compilers = [process.env.CXX, 'g++', 'clang++', 'c++'].filter((c): c is string => !!c);
    const built = compilers.some((cxx) =>
      spawnSync(cxx, ['-O2', '-std=c++17', ...isaFlags(), '-pthread', src, '-o', exe], { stdio: 'ignore' }).status === 0);
    if (!built) return DOCUMENTED;
    const r = spawnSync(exe, [String(threads)], { encoding: 'utf8', timeout: 60_000 });
    const line = r.stdout?.trim().split('\n').pop() ?? '';
    const m = JSON.parse(line) as { isa: string; gflops1: number; gflopsAll: number; threads: number };
    return { isa: m.isa, gflops1: m.gflops1, gflopsAll: m.gflopsAll, threads: m.threads, source: 'measured' };
  } catch {
    return { ...DOCUMENTED, note: 'the FMA probe did not run: ' + DOCUMENTED.note!.replace(/^no C\+\+ compiler: /, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
