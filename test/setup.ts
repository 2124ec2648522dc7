// Mocha loads this before any test file: the same process-wide preparation as src/index.ts.
import "../src/platform/polyfills.js";
import { installFetchContractCheck } from "./helpers/contract.js";
import { killTestStrays, testStarted } from "./helpers/processes.js";

// Every response a test receives from a documented API route is checked against docs/openapi.json.
installFetchContractCheck();

/**
 * The suite shares the machine's Redis (REDIS_URL) with whatever else uses it: when it ends it
 * deletes the rate-limit counters and login slots its servers wrote (keys with a TTL of up to
 * 15 minutes that would otherwise linger). Room holdings and journal streams clean themselves.
 */
export const mochaHooks = {
  beforeEach(): void {
    testStarted();
  },
  /**
   * After the test's own hooks: a child process it started and left running (it failed or timed
   * out before stopping it) dies with it, with its whole process group (test/helpers/processes.ts).
   */
  async afterEach(this: Mocha.Context): Promise<void> {
    const killed = await killTestStrays();
    if (killed.length) console.log(`      (killed ${killed.length} child process(es) "${this.currentTest?.title}" left running: ${killed.join(", ")})`);
  },
  async afterAll(): Promise<void> {
    const url = process.env.REDIS_URL;
    if (!url) return;
    const { Redis } = await import("ioredis");
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      for (const pattern of ["diwan:rl:*", "diwan:slots:*"]) {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== "0");
      }
    } catch {
      // Redis gone at the end of the run: nothing to clean.
    } finally {
      redis.disconnect();
    }
  },
};
