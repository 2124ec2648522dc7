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
  /** Private: the viewer's own legal actions (JSON), filled only in his own seat. Games add their own private fields. */
  legalActions?: string[];
  /** Private tables: the join code, in seated players' own seat only (never sent to others). */
  joinCode?: string;
}

export interface PlainTable {
  status: "waiting" | "playing" | "paused" | "finished";
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
  /** While paused: the pauser's seat (-1: an admin or the idle rule), "manual" | "idle", epoch ms. */
  pausedBy: number;
  pauseReason: string;
  pausedAt: number;
  /** Game fields (Baloot: phase, trick, bids, …), read by the game's own table component. */
  [field: string]: unknown;
}

export interface Notice {
  id: string;
  code: string;
  message: string;
}

export interface TableModel {
  /** "unloaded": the server paused and unloaded the table for inactivity (close 4100); it can be opened again. */
  status: "connecting" | "connected" | "reconnecting" | "failed" | "closed" | "unloaded";
  roomId: string;
  roomName: string;
  spectator: boolean;
  state: PlainTable | null;
  mySeat: number;
  /** Refused actions and room errors, in words, until dismissed. */
  notices: Notice[];
  warning: { seat: number; deadline: number; remainingMs: number } | null;
  /** `idleWarning`: when the table pauses and unloads for inactivity (0 = no warning). */
  idleDeadline: number;
  /** Host of a private table: players asking for a pause (cleared by a pause). */
  pauseRequests: { seat: number; name: string }[];
  matchEnded: { matchId: string; outcome: { winnerTeam: number | null; scores: number[]; reason: string } } | null;
  boxScore: unknown;
  failure: { code: string; message: string } | null;
}
