/** What a training function needs from whoever runs it: a way to report, and to be stopped. */
import type { FromWorker } from './messages';

export interface Run {
  post(message: FromWorker): void;
  /** Lets pending messages (a stop) arrive; resolves true when the run should stop now. */
  yieldStopped(): Promise<boolean>;
}
