/**
 * Structured logging: one JSON object per line on stdout, which Function Compute ships to
 * Log Service. The construct builds the Log Service index from LOG_FIELDS, so these names are
 * a contract: rename one and the index silently stops matching.
 */
import type { FcContext } from './context';

export { LOG_FIELDS } from './log-fields';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
/** Receives one complete line (no trailing newline). */
export type LogWriter = (line: string) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Logs at level error with `error.name/code/message` taken from any thrown value. */
  logError(err: unknown, msg?: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  requestId: string;
  fn: string;
  writer?: LogWriter;
  now?: () => number;
}

export const stdoutSink: LogWriter = (line) => {
  process.stdout.write(line + '\n');
};

// Caller fields cannot overwrite these: a stray `level` or `time` would corrupt the index.
const RESERVED = new Set(['time', 'level', 'msg', 'requestId', 'fn', 'error']);

export function createLogger(options: LoggerOptions, baseFields: LogFields = {}): Logger {
  const writer = options.writer ?? stdoutSink;
  const now = options.now ?? Date.now;

  const write = (level: LogLevel, msg: string, fields: LogFields | undefined, error?: ErrorFields): void => {
    const entry: Record<string, unknown> = {
      time: new Date(now()).toISOString(),
      level,
      msg,
      requestId: options.requestId,
      fn: options.fn,
    };
    for (const source of [baseFields, fields ?? {}]) {
      for (const [key, value] of Object.entries(source)) {
        if (!RESERVED.has(key)) entry[key] = value;
      }
    }
    if (error) entry.error = error;
    writer(safeStringify(entry));
  };

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    logError: (err, msg, fields) => {
      const error = errorFields(err);
      write('error', msg ?? error.message, fields, error);
    },
    child: (fields) => createLogger(options, { ...baseFields, ...fields }),
  };
}

/** The logger of one invocation. */
export function loggerFor(context: FcContext, writer?: LogWriter): Logger {
  return createLogger({ requestId: context.requestId, fn: context.function.name, writer });
}

interface ErrorFields {
  name: string;
  code?: string;
  message: string;
}

function errorFields(err: unknown): ErrorFields {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      ...(code === undefined || code === null ? {} : { code: String(code) }),
      message: err.message,
    };
  }
  return { name: 'NonError', message: typeof err === 'string' ? err : safeStringify(err) };
}

/** JSON.stringify that never throws: bigint → string, cycles → "[Circular]", Buffers summarised. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, function (this: unknown, _key, v: unknown) {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message };
      if (v && typeof v === 'object') {
        const raw = v as { type?: unknown; data?: unknown };
        if (raw.type === 'Buffer' && Array.isArray(raw.data)) return `[Buffer ${raw.data.length} bytes]`;
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    }) ?? 'null'
  );
}
