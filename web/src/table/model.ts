/**
 * What the UI renders for a table: connection status plus a plain-JSON copy of the room state.
 * The shared part (seats, clock, lifecycle) is typed here; each game reads its own fields.
 */

export interface PlainSeat {
  index: number;
  team: number;
  name: string;
  userId: string;
  occupied: boolean;
  isBot: boolean;
  botControlled: boolean;
  connected: boolean;
  consecutiveTimeouts: number;
  handCount: number;
  /** Private fields: present (non-empty) only for the viewer's own seat. */
  hand?: string[];
  legalActions?: string[];
  projects?: string[];
  /** Private tables: the join code, in seated players' own seat only (never sent to others). */
  joinCode?: string;
}

export interface PlainTable {
  status: "waiting" | "playing" | "finished";
  mode: "quick" | "bots" | "private";
  ranked: boolean;
  hostSeat: number;
  seats: PlainSeat[];
  activeSeats: number[];
  deadline: number;
  turnTimeoutS: number;
  seq: number;
  spectators: number;
  endReason: string;
  winnerTeam: number;
  /** Game fields (Baloot: phase, trick, bids, …), read by the game's own table component. */
  [field: string]: unknown;
}

export interface Notice {
  id: string;
  code: string;
  message: string;
}

export interface TableModel {
  status: "connecting" | "connected" | "reconnecting" | "failed" | "closed";
  roomId: string;
  roomName: string;
  spectator: boolean;
  state: PlainTable | null;
  mySeat: number;
  /** Refused actions and room errors, in words, until dismissed. */
  notices: Notice[];
  warning: { seat: number; deadline: number; remainingMs: number } | null;
  matchEnded: { matchId: string; outcome: { winnerTeam: number | null; scores: number[]; reason: string } } | null;
  boxScore: unknown;
  failure: { code: string; message: string } | null;
}
