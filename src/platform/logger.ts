import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** Paths that must never reach a log line (tokens, passwords, auth headers). */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.jwtSecret",
  "*.adminPassword",
];

/** JSON logs in production; pretty, human-readable ones in development. */
export function createLogger(config: Pick<Config, "logLevel" | "logPretty">): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: REDACT, censor: "[redacted]" },
    base: { pid: process.pid },
    transport: config.logPretty
      ? { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } }
      : undefined,
  });
}
