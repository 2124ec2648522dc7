// Child process entry for bench:room: a real Diwan server (same composition root as production),
// configured from the environment the parent passes, answering stats requests over IPC.
import "../../src/platform/polyfills.js";
import { startDiwan } from "../../src/platform/assembly.js";
import { loadConfig } from "../../src/platform/config.js";
import { serveStats, type ReadyMessage } from "./childStats.js";

const config = loadConfig(process.env);
const server = await startDiwan(config);
serveStats();
process.send?.({ type: "ready", port: server.port, pid: process.pid } satisfies ReadyMessage);

let stopping = false;
const stop = () => {
  if (stopping) process.exit(1);
  stopping = true;
  void server.shutdown().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);
