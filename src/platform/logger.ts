import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.js";
import { traceIds } from "./tracing.js";

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

/**
 * JSON logs in production; pretty, human-readable ones in development. Every line written
 * inside a traced request, join or action carries its `traceId` and `spanId` (tracing on).
 * `destination` (tests): where JSON lines go instead of stdout.
 */
export function createLogger(config: Pick<Config, "logLevel" | "logPretty">, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT, censor: "[redacted]" },
    base: { pid: process.pid },
    mixin: traceIds,
  };
  if (destination) return pino(options, destination);
  return pino({
    ...options,
    transport: config.logPretty
      ? { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } }
      : undefined,
  });
}
