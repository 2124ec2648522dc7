import type { Client } from "@colyseus/core";
import type { AccessClaims } from "../../services/tokens.js";

/** Per-connection data kept by the room. */
export interface TableClientData {
  /** "replaced": an older connection of a user who joined again; it is being closed. */
  role: "player" | "spectator" | "replaced";
  seat: number;
  userId: string;
}
export type TableClient = Client<{ userData: TableClientData; auth: AccessClaims }>;
