// Child process entry for bench:room: a real Diwan server (same composition root as production),
// configured from the environment the parent passes, answering stats requests over IPC.
// BENCH_SERVER_DIST=<outDir of `tsc -p tsconfig.build.json`> runs the compiled server (what
// `npm start` runs) instead of the TypeScript sources through tsx.
import { pathToFileURL } from "node:url";
import { serveStats, type ReadyMessage } from "./childStats.js";

type Assembly = typeof import("../../src/platform/assembly.js");
type ConfigModule = typeof import("../../src/platform/config.js");

const dist = process.env.BENCH_SERVER_DIST;
const src = dist ? pathToFileURL(`${dist.replace(/\/$/, "")}/src/`) : new URL("../../src/", import.meta.url);
// Polyfills first (Colyseus reads the global WebSocket), as src/index.ts does.
await import(new URL("platform/polyfills.js", src).href);
const { startDiwan } = (await import(new URL("platform/assembly.js", src).href)) as Assembly;
const { loadConfig } = (await import(new URL("platform/config.js", src).href)) as ConfigModule;

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
