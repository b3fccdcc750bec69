// Tells about a service's lost log lines where people and programs look: a warning event and a record in stackctl.log.
import type { Logger } from '../logging/logger.js';
import { describeLogLoss } from '../output/describe-log-loss.js';
import type { EngineHandle } from '../supervisor/engine-handle.js';
import type { LogLossChange } from './sync-log-file.js';

/**
 * Once when a service's log writes begin to fail (with the error, so stackctl.log has its cause)
 * and once when they work again (with the count, which the marker in the file records too).
 */
export function reportLogLoss(engine: Pick<EngineHandle, 'warn'>, logger: Logger, service: string, change: LogLossChange): void {
  const { loss } = change;
  if (change.kind === 'failing') {
    logger.warn({ service, err: change.error, code: loss.code }, `${service}: log file writes fail (${loss.reason}); lines are counted, not saved`);
    engine.warn(service, `cannot write the log file (${loss.reason}): its lines are counted, not saved`, { cause: 'log_write_failed', logLoss: loss });
    return;
  }
  logger.warn({ service, logLoss: loss }, `${service}: log file written again; ${describeLogLoss(loss, false)}`);
  engine.warn(service, `log file written again; ${describeLogLoss(loss, false)} (a marker line in the log records it)`, {
    cause: 'log_write_resumed',
    logLoss: loss,
  });
}
