/**
 * Structured logging: one JSON object per line on stdout with `time`, `level`, `msg`,
 * `service`, `region`, then the caller's fields. CloudWatch Logs (awslogs driver) and the
 * lab's task supervisor both read these lines as they are.
 */

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Extra fields of a log line; Error values are flattened to name/message/code. */
export type LogFields = Record<string, unknown>;

/** A logger bound to one service and region. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RESERVED = new Set(['time', 'level', 'msg', 'service', 'region']);

/** Flattens an error (SDK errors included) into loggable fields. */
export function errorFields(err: unknown): LogFields {
  if (!(err instanceof Error)) return { error: String(err) };
  const fields: LogFields = { error: err.message, errorName: err.name };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') fields.errorCode = code;
  const status = (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  if (typeof status === 'number') fields.awsStatus = status;
  if (err.cause !== undefined) fields.cause = errorFields(err.cause);
  return fields;
}

/** Formats one log line (without the newline); exported for tests and the lab. */
export function formatLogLine(
  level: LogLevel,
  msg: string,
  base: { service: string; region: string },
  fields: LogFields = {},
  now: Date = new Date(),
): string {
  const line: LogFields = { time: now.toISOString(), level, msg, ...base };
  for (const [key, value] of Object.entries(fields)) {
    if (RESERVED.has(key) || value === undefined) continue;
    line[key] = value instanceof Error ? errorFields(value) : value;
  }
  return JSON.stringify(line);
}

/** Creates a logger writing to `write` (default: stdout), one JSON object per line. */
export function createLogger(
  base: { service: string; region: string },
  write: (line: string) => void = (line) => void process.stdout.write(line),
): Logger {
  const log = (level: LogLevel) => (msg: string, fields?: LogFields) =>
    write(formatLogLine(level, msg, base, fields) + '\n');
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
