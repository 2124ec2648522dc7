// PM2: one Diwan process per core, each on its own port with its own PUBLIC_ADDRESS, sharing
// Redis (presence + driver) and Postgres. Build first (`npm run build`), then:
//   REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://... JWT_SECRET=... pm2 start ecosystem.config.js
// Settings: INSTANCES (default: number of cores), BASE_PORT (2567), PUBLIC_HOST (localhost),
// MAX_MEMORY (restart a process above this resident memory, default 1500M).
// Auto-restart (docs/OPERATIONS.md "Auto-restart"): a process that exits is restarted after an
// exponential back-off (0.1 s growing ×1.5 up to 15 s, reset once it stayed up 30 s); one that
// keeps dying within MIN_UPTIME (10 s) is given up after MAX_RESTARTS (15) tries in a row.
import { availableParallelism } from "node:os";

const instances = Number(process.env.INSTANCES || availableParallelism());
const basePort = Number(process.env.BASE_PORT || 2567);
const publicHost = process.env.PUBLIC_HOST || "localhost";
const maxMemory = process.env.MAX_MEMORY || "1500M";

if (!Number.isInteger(instances) || instances < 1) {
  throw new Error(`INSTANCES must be a positive integer, got ${process.env.INSTANCES}`);
}
if (instances > 1 && !process.env.REDIS_URL) {
  // Without shared presence and driver, each process would run its own isolated matchmaking.
  throw new Error("REDIS_URL is required when running more than one Diwan process");
}

export const apps = Array.from({ length: instances }, (_, i) => {
  const port = basePort + i;
  return {
    name: `diwan-${i}`,
    script: "dist/src/index.js",
    exec_mode: "fork",
    instances: 1,
    kill_timeout: 30_000, // room shutdown persists games; SHUTDOWN_TIMEOUT_S defaults to 25
    autorestart: true,
    exp_backoff_restart_delay: 100,
    min_uptime: "10s",
    max_restarts: 15,
    // Above this PM2 restarts the process the graceful way (SIGTERM: live matches are stored).
    max_memory_restart: maxMemory,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      PUBLIC_ADDRESS: `${publicHost}:${port}`,
    },
  };
});

export default { apps };
