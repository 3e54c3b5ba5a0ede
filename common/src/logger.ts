import { pino, type Logger } from "pino";
import { config } from "./config.js";

let root: Logger | undefined;

/** The process logger (JSON lines on stdout). Child loggers carry the service name. */
export function logger(service?: string): Logger {
  root ??= pino({ level: config().logLevel, base: { pid: process.pid } });
  return service ? root.child({ service }) : root;
}
