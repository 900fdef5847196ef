/**
 * The examples' command lines, read as Python's argparse reads them (`--flag value` or
 * `--flag=value`, switches without a value) and refused in its words, after the usage line.
 */

/** argparse's error: the usage line, then `error: <message>`. */
export function usageError(usage: string, message: string): Error {
  return new Error(`${usage}\nerror: ${message}`);
}

/**
 * Calls `take(flag, value)` for each option in order: `valued` flags take the next word (or what
 * follows `=`), `switches` take none (value ''). Anything else is an unrecognized argument.
 */
export function eachFlag(
  argv: readonly string[], usage: string, valued: readonly string[], switches: readonly string[],
  take: (flag: string, value: string) => void,
): void {
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    if (switches.includes(raw)) {
      take(raw, '');
      continue;
    }
    const eq = raw.indexOf('=');
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    if (!valued.includes(flag)) throw usageError(usage, `unrecognized arguments: ${raw}`);
    const value = eq >= 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) throw usageError(usage, `argument ${flag}: expected one argument`);
    take(flag, value);
  }
}

/** An `int` argument as argparse's type=int takes it (sign and surrounding spaces allowed). */
export function intArg(usage: string, flag: string, value: string): bigint {
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw usageError(usage, `argument ${flag}: invalid int value: '${value}'`);
  return BigInt(value.trim());
}

/**
 * Runs `run(parse(argv))` as a command: a bad command line prints argparse's message and exits
 * with status 2, as a Python script does.
 */
export function runCommand<A>(argv: readonly string[], parse: (argv: readonly string[]) => A, run: (args: A) => void): void {
  let args: A;
  try {
    args = parse(argv);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
    return;
  }
  run(args);
}
