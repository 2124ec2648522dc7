import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { freePort } from "../../helpers/ports.js";
import { spawnTs, stopProcess, waitForOutput, type Spawned } from "../../helpers/processes.js";
import { testEnv } from "../../helpers/env.js";
import { Recorded, act, makeUser, sdkClient, until, type TestUser } from "../../helpers/tables.js";

/** A Diwan server in a child process (test/fixtures/serverProcess.ts), for kill -9 and SIGTERM. */
export interface ChildServer {
  proc: Spawned;
  port: number;
  url: string;
}

export async function startChild(env: Record<string, string | undefined>): Promise<ChildServer> {
  const port = await freePort();
  const proc = spawnTs("test/fixtures/serverProcess.ts", testEnv({ PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}`, LOG_LEVEL: "info", ...env }));
  await waitForOutput(proc, /READY \d+/, 60_000);
  return { proc, port, url: `http://127.0.0.1:${port}` };
}

export async function stopChild(child: ChildServer | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child) await stopProcess(child.proc, signal);
}

/** The structured log lines a child printed (JSON), and the rest (anything else on stdout/stderr). */
export function logLines(child: ChildServer): { json: Record<string, unknown>[]; other: string[] } {
  const json: Record<string, unknown>[] = [];
  const other: string[] = [];
  for (const line of child.proc.output().split("\n")) {
    if (!line.trim() || /^READY \d+$/.test(line)) continue;
    try {
      json.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      other.push(line);
    }
  }
  return { json, other };
}

interface TableView {
  status: string;
  toAct: number;
  seq: number;
  seats: { legalActions?: string[] }[];
}
export const tableView = (room: Room) => room.state as unknown as TableView | undefined;

/** A human (seat 0) against three bots on a child server; every acknowledged seq is kept. */
export class HumanVsBots {
  readonly acked: number[] = [];
  private constructor(
    readonly room: Room,
    readonly rec: Recorded,
    readonly user: TestUser,
  ) {}

  static async open(url: string): Promise<HumanVsBots> {
    const user = await makeUser("Durable");
    const room = await sdkClient(url, user).create("baloot", { mode: "bots" });
    room.reconnection.enabled = false;
    const rec = new Recorded(room);
    await until(() => tableView(room)?.status === "playing", 20_000, "match start");
    return new HumanVsBots(room, rec, user);
  }

  /** Play `n` of seat 0's actions, each acknowledged. */
  async play(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await until(() => tableView(this.room)?.toAct === 0 && (tableView(this.room)?.seats?.[0]?.legalActions?.length ?? 0) > 0, 20_000, "my turn");
      const legal = tableView(this.room)!.seats[0]!.legalActions!;
      const ack = await act(this.rec, JSON.parse(legal[0] as string));
      assert.equal(ack.ok, true, JSON.stringify(ack));
      this.acked.push(ack.seq as number);
    }
  }

  /** Highest seq the client was told about (its own acks and the state). */
  get lastSeq(): number {
    return Math.max(tableView(this.room)?.seq ?? 0, ...this.acked);
  }
}
