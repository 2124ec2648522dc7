import { ERROR, actionMessage, type AckMessage } from "../protocol.js";

/** Most answers remembered per seat for idempotent retries (oldest dropped first). */
const MAX_REMEMBERED_ANSWERS = 256;

export type ParsedAction =
  | { ok: true; id: string; action: unknown; seat: number | undefined }
  /** Malformed: answer with an ack when the message carried a usable id, else with an error message. */
  | { ok: false; id: string | null; error: { code: string; message: string } };

/**
 * What comes in from clients before it reaches the game: action message validation and the
 * answers already given to action ids (a re-sent id gets the same answer, never a second apply).
 */
export class Inbox {
  /** seat → action id → the answer sent. */
  private readonly answers = new Map<number, Map<string, AckMessage>>();

  parseAction(message: unknown): ParsedAction {
    const parsed = actionMessage.safeParse(message);
    if (parsed.success) return { ok: true, id: parsed.data.id, action: parsed.data.action, seat: parsed.data.seat };
    const rawId = (message as { id?: unknown } | null | undefined)?.id;
    const id = typeof rawId === "string" ? rawId.slice(0, 64) : null;
    return {
      ok: false,
      id: id || null,
      error: { code: ERROR.MALFORMED_MESSAGE, message: "an action message is { id: string (1-64 chars), action: object }" },
    };
  }

  /** The answer already given to this seat's action id, if any. */
  answered(seat: number, id: string): AckMessage | undefined {
    return this.answers.get(seat)?.get(id);
  }

  remember(seat: number, ack: AckMessage): void {
    let bySeat = this.answers.get(seat);
    if (!bySeat) this.answers.set(seat, (bySeat = new Map()));
    bySeat.set(ack.id, ack);
    if (bySeat.size > MAX_REMEMBERED_ANSWERS) bySeat.delete(bySeat.keys().next().value as string);
  }

  clear(): void {
    this.answers.clear();
  }
}
