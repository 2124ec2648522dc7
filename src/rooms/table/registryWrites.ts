import type { Logger } from "../../platform/logger.js";
import { requestingUser } from "./admission.js";
import { REQUEST_KEY } from "./holdings.js";
import { REST_TABLE_KEY } from "./invitation.js";
import type { NewTable, StatusChange, TableMember, TableRegistry } from "../../services/tableRegistry.js";

/**
 * A room's writes to the table registry (issue 12): in the background, in order, never awaited by
 * an action; a failure is logged as a warning and the table plays on. Member writes are skipped
 * when the set did not change.
 */

/** Option naming the owner of a table the server creates itself (`POST /tables`); ignored from clients. */
export const TABLE_OWNER_KEY = "tableOwner";
/** A table created over REST that nobody has sat at closes after this long (as `POST /games` tables). */
export const OWNED_TABLE_WAIT_MS = 15 * 60_000;

export class RegistryWrites {
  private chain: Promise<void> = Promise.resolve();
  private lastMembers = "";

  constructor(
    private readonly registry: TableRegistry | undefined,
    private readonly roomId: string,
    private readonly log: () => Logger,
  ) {}

  created(t: Omit<NewTable, "roomId">): void {
    this.enqueue("created", (r) => r.created({ ...t, roomId: this.roomId }));
  }

  members(members: TableMember[]): void {
    const key = JSON.stringify(members);
    if (key === this.lastMembers) return;
    this.lastMembers = key;
    this.enqueue("members", (r) => r.members(this.roomId, members));
  }

  status(change: StatusChange): void {
    this.enqueue(`status ${change.status}`, (r) => r.status(this.roomId, change).then(() => undefined));
  }

  /** The room state a resume rebuilds the table from (issue 12 §2; written by the resume work). */
  roomState(state: Record<string, unknown>): void {
    this.enqueue("room state", (r) => r.saveRoomState(this.roomId, state));
  }

  /** Resolves once every write queued so far is done (or failed and was logged). */
  settled(): Promise<void> {
    return this.chain;
  }

  private enqueue(what: string, write: (registry: TableRegistry) => Promise<void>): void {
    const registry = this.registry;
    if (!registry) return;
    this.chain = this.chain
      .then(() => write(registry))
      .catch((err: unknown) => this.log().warn({ err, write: what }, "could not update the table registry"));
  }
}

/**
 * Who owns a new table: nobody for quick tables; for a table the server created itself, the owner
 * it names (`POST /tables`) or the REST creator (`POST /games`); else the matchmaking requester.
 */
export function tableOwner(rawOptions: unknown, mode: "quick" | "bots" | "private"): { id: string | null; fromServer: boolean } {
  const raw = (rawOptions && typeof rawOptions === "object" ? rawOptions : {}) as Record<string, unknown>;
  const fromServer = !(REQUEST_KEY in raw);
  if (mode === "quick") return { id: null, fromServer };
  if (fromServer) {
    const named = raw[TABLE_OWNER_KEY];
    if (typeof named === "string" && named) return { id: named, fromServer };
    const rest = raw[REST_TABLE_KEY] as { creator?: unknown } | undefined;
    if (rest && typeof rest.creator === "string") return { id: rest.creator, fromServer };
  }
  return { id: requestingUser(rawOptions) ?? null, fromServer };
}
