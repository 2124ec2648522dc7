import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Every child process a test starts goes through `spawnTs` here, so none outlives its test:
 *  - each child leads its own process group, and is killed with the whole group (a tool that
 *    started a server of its own takes it along);
 *  - a child started during a test that is still running once the test's own hooks are done
 *    (the test failed or timed out before it stopped it) is killed by the root `afterEach` hook
 *    (test/setup.ts); one started in a suite's `before` is stopped by that suite's `after`;
 *  - when the test process ends (normally, on SIGINT/SIGTERM/SIGHUP) every child left is killed;
 *  - and a child whose test process is gone without a word (kill -9) kills itself
 *    (test/helpers/dieWithParent.ts, loaded into every child).
 */

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Children still running: their entry point and the test they were started in (undefined: a suite hook's). */
const running = new Map<Spawned, { entry: string; test: number | undefined }>();
/** The test now running (a counter the root hooks advance), undefined between tests. */
let currentTest: number | undefined;
let tests = 0;

const DIE_WITH_PARENT = fileURLToPath(new URL("./dieWithParent.ts", import.meta.url));

/** Run a TypeScript entry point with tsx in a child process (same Node, same repo). */
export function spawnTs(entry: string, env: Record<string, string | undefined>, args: readonly string[] = []): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", DIE_WITH_PARENT, entry, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const spawned: Spawned = { child, output: () => out, exited };
  running.set(spawned, { entry, test: currentTest });
  void exited.then(() => running.delete(spawned));
  return spawned;
}

/** Signal the child's whole process group (it and whatever it started); a group already gone is fine. */
export function signalGroup(p: Spawned, signal: NodeJS.Signals): void {
  if (p.child.pid === undefined) return;
  try {
    process.kill(-p.child.pid, signal);
  } catch {
    // ESRCH: nothing of the group is left.
  }
}

/**
 * Stop a child: `signal` to it alone (what a test asserts on, e.g. a graceful SIGTERM), then
 * SIGKILL to its group if it has not exited within `graceMs`, and to what it leaves behind.
 */
export async function stopProcess(p: Spawned, signal: NodeJS.Signals = "SIGTERM", graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  await Promise.race([p.exited, late]);
  clearTimeout(timer);
  signalGroup(p, "SIGKILL");
  return p.exited;
}

/** Root hooks (test/setup.ts): a test begins; a test (with its own hooks) is over. */
export function testStarted(): void {
  tests += 1;
  currentTest = tests;
}

/** Kill what the test that just ended started and left running; their names, for the log. */
export async function killTestStrays(): Promise<string[]> {
  const test = currentTest;
  currentTest = undefined;
  const strays = [...running].filter(([, owner]) => owner.test !== undefined && owner.test === test);
  for (const [p] of strays) signalGroup(p, "SIGKILL");
  await Promise.all(strays.map(([p]) => p.exited));
  return strays.map(([, owner]) => owner.entry);
}

function killAll(): void {
  for (const p of running.keys()) signalGroup(p, "SIGKILL");
}

process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    killAll();
    // Then end as the signal would have (the default action, now that this handler is gone).
    process.kill(process.pid, signal);
  });
}

/** Whether a process runs (a zombie waiting for whoever adopted it to reap it does not). Linux: /proc. */
export function isRunning(pid: number): boolean {
  try {
    // The state follows the parenthesised command name: "pid (comm) S ...".
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Resolve when the child's output matches `pattern`; reject on exit or timeout. */
export async function waitForOutput(p: Spawned, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void p.exited.then(() => (exited = true));
  for (;;) {
    const m = p.output().match(pattern);
    if (m) return m;
    if (exited) throw new Error(`process exited before printing ${pattern}:\n${p.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
