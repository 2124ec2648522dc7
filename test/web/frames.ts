import { Room } from "@colyseus/sdk";
import type { Page } from "playwright-core";

/**
 * Decodes every WebSocket frame a page receives with the same SDK code the page runs (a mirror
 * Room fed the raw frames), so tests can check what reached the browser, not only what it shows.
 */
export class FrameMirror {
  readonly room = new Room("mirror");
  readonly messages: { type: string; payload: unknown }[] = [];
  states = 0;
  frames = 0;
  /** Seats whose private fields (hand and projects as text, legal actions) ever arrived, with what arrived. */
  readonly privateSeen: { seat: number; hand: string; legalActions: string[]; projects: string }[] = [];

  constructor(page: Page) {
    // The mirror never talks back: JOIN_ROOM acknowledgements go nowhere.
    (this.room as unknown as { connection: { send(): void; close(): void } }).connection = { send() {}, close() {} };
    this.room.onMessage("*", (type, payload) => this.messages.push({ type: String(type), payload }));
    this.room.onStateChange((state) => {
      this.states++;
      const seats = (state as { seats?: Iterable<{ index: number; hand?: string; legalActions?: string[]; projects?: string }> }).seats ?? [];
      for (const s of seats) {
        const hand = s.hand ?? "";
        const legalActions = [...(s.legalActions ?? [])];
        const projects = s.projects ?? "";
        if (hand.length || legalActions.length || projects.length) this.privateSeen.push({ seat: s.index, hand, legalActions, projects });
      }
    });
    page.on("websocket", (ws) => {
      ws.on("framereceived", ({ payload }) => {
        if (typeof payload === "string") return;
        this.frames++;
        const data = new Uint8Array(payload).buffer; // a copy: the frame's own bytes only
        (this.room as unknown as { onMessageCallback(e: { data: ArrayBuffer }): void }).onMessageCallback({ data });
      });
    });
  }

  /** Events of the given types among those received: `events` messages and the events our accepted actions' acks carry. */
  events(...types: string[]): { type: string }[] {
    return this.messages
      .filter((m) => m.type === "events" || (m.type === "ack" && (m.payload as { ok?: boolean }).ok === true))
      .flatMap((m) => (m.payload as { events?: { type: string }[] }).events ?? [])
      .filter((e) => types.includes(e.type));
  }
}
