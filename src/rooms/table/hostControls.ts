import type { TableState } from "../../schema/TableState.js";
import { ERROR, seatMessage } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { SeatInvitation } from "./invitation.js";
import type { SeatRecord, Seats } from "./seats.js";

/** What the host's controls need from their room. */
export interface HostControlsHost {
  readonly state: TableState;
  readonly seats: Seats;
  readonly mode: "quick" | "bots" | "private";
  invitation(): SeatInvitation | null;
  startMatch(): void;
  /** Who sits where changed. */
  membersChanged(): void;
  sendError(client: TableClient, code: string, message: string): void;
  commit(): void;
}

/**
 * Private tables before the start: players change seats, the host adds bots and starts the
 * match (tables seated by invitation start by themselves).
 */
export class HostControls {
  constructor(private readonly host: HostControlsHost) {}

  handleSeatChange(client: TableClient, message: unknown): void {
    const host = this.host;
    const parsed = seatMessage.safeParse(message);
    if (!parsed.success) return host.sendError(client, ERROR.MALFORMED_MESSAGE, "seat needs { seat: number }");
    const data = client.userData;
    if (host.mode !== "private" || host.state.status !== "waiting") {
      return host.sendError(client, ERROR.ALREADY_STARTED, "seats can be changed only at a private table before the start");
    }
    if (!data || data.role !== "player") return host.sendError(client, ERROR.NOT_SEATED, "only seated players can change seats");
    const from = host.seats.get(data.seat) as SeatRecord;
    const to = host.seats.get(parsed.data.seat);
    if (!to) return host.sendError(client, ERROR.MALFORMED_MESSAGE, "no such seat");
    if (to === from) return;
    if (to.userId !== null || to.isBot) return host.sendError(client, ERROR.SEAT_TAKEN, "that seat is taken");
    host.seats.move(from, to, client);
    host.membersChanged();
    host.commit();
  }

  isHost(client: TableClient): boolean {
    return this.host.mode === "private" && client.userData?.role === "player" && client.userData.seat === this.host.state.hostSeat;
  }

  handleFillBots(client: TableClient): void {
    const host = this.host;
    if (!this.isHost(client)) return host.sendError(client, ERROR.NOT_HOST, "only the host of a private table can add bots");
    if (host.invitation()) return host.sendError(client, ERROR.NOT_HOST, "this table is for its invited players only; it starts when they are seated");
    if (host.state.status !== "waiting") return host.sendError(client, ERROR.ALREADY_STARTED, "the match has started");
    host.seats.fillWithBots();
    host.commit();
  }

  handleStart(client: TableClient): void {
    const host = this.host;
    if (!this.isHost(client)) return host.sendError(client, ERROR.NOT_HOST, "only the host of a private table can start it");
    if (host.invitation()) return host.sendError(client, ERROR.NOT_HOST, "this table starts by itself when its invited players are seated");
    if (host.state.status !== "waiting") return host.sendError(client, ERROR.ALREADY_STARTED, "the match has started");
    if (!host.seats.allTaken()) {
      return host.sendError(client, ERROR.NOT_STARTED, "every seat needs a player or a bot first");
    }
    host.startMatch();
    host.commit();
  }
}
