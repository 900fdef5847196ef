/**
 * `npm run tutorial [-- --part manual|auto] [--seed N]`: the port of the two-part beginner
 * tutorial "updating network parameters by hand and automatically".
 */
import { parseArgs, runTutorial, UsageError } from './cli';

try {
  runTutorial(parseArgs(process.argv.slice(2)));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
