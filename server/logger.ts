/** One structured log record: plain fields, never a token or event data. */
export type LogRecord = Readonly<Record<string, string | number | boolean | undefined>>;

/** Writes structured log records. */
export type Logger = (level: 'info' | 'warn' | 'error', message: string, fields?: LogRecord) => void;

/** A logger writing one JSON object per line (`time`, `level`, `msg`, then the fields) to `write`. */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (level, message, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`);
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = () => undefined;
