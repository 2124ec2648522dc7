// Entry point: `node dist/src/index.js` (or `npm start`). Polyfills must load before Colyseus.
import "./platform/polyfills.js";
import { ConfigError, loadConfigFromProcess } from "./platform/config.js";
import { createLogger } from "./platform/logger.js";
import { startDiwan } from "./platform/assembly.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config);
  let server;
  try {
    server = await startDiwan(config, logger);
  } catch (err) {
    logger.fatal({ err }, "start-up failed");
    logger.flush?.();
    process.exit(1);
  }

  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    logger.info({ signal }, "signal received");
    void server.shutdown().then(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled promise rejection"));
  process.on("uncaughtException", (err) => {
    // A thrown error outside a room handler: persist what we can and leave; the supervisor restarts us.
    logger.fatal({ err }, "uncaught exception: shutting down");
    void server.shutdown().finally(() => process.exit(1));
  });
}

void main();
