import { execFileSync } from "node:child_process";
import { freePort } from "../../helpers/ports.js";

/** A redis-server of the test's own (never the shared one), to kill and restart at will. */
export class PrivateRedis {
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    execFileSync("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(this.port), "--save", "", "--appendonly", "no"]);
    for (let i = 0; i < 100; i++) {
      if (this.ping()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  ping(): boolean {
    try {
      return execFileSync("redis-cli", ["-p", String(this.port), "ping"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim() === "PONG";
    } catch {
      return false;
    }
  }

  /** Stop it without saving: it comes back empty, like a restarted cache. */
  stop(): void {
    try {
      execFileSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"], { stdio: "ignore" });
    } catch {
      // already down (redis-cli reports the dropped connection as an error)
    }
  }
}
