// JSON logs on stdout (pino); one line per event, `job` and `item` fields where they apply.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { service: "jiaozi-keepers" }, timestamp: pino.stdTimeFunctions.isoTime });
}
