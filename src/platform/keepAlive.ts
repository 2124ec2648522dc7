import { WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocket, WebSocketServer } from "ws";

/**
 * WebSocket keep-alive with the pings spread over the interval. Colyseus pings every connection
 * in ONE synchronous pass per interval; at 5,000 connections that pass (a socket write each) and
 * the burst of 5,000 pongs right after held the event loop for 0.4–1.5 s on the capacity machine,
 * every 20 s — the periodic p99 spikes of the 5,000-player runs. Here each connection gets a slot
 * (round robin as it connects) and every tick pings one slot, so a tick pings about
 * connections ÷ slots sockets. The rule a client sees is unchanged (PROTOCOL §6): one ping per
 * interval, and a connection that has not answered the previous ping when its next one is due
 * is closed.
 */
export interface KeepAliveOptions {
  intervalMs: number;
  /** Unanswered pings after which the connection is closed (Colyseus's pingMaxRetries). */
  maxMissed: number;
  /**
   * Ticks per interval (default: one every 250 ms, at least 1): at 5,000 connections ≈ 60 pings
   * a tick (≈ 6 ms on the capacity machine, where a ping write costs ≈ 100 µs), 4 wake-ups a second.
   */
  slots?: number;
}

/**
 * A connection with the pings it has not answered: kept on the socket as `pingCount`, the field
 * Colyseus's transport already sets on each connection (0 on connect and on every pong), not
 * in a map of its own (issue 10, heap per table).
 */
type PingedSocket = WebSocket & { pingCount?: number };

export class SpreadKeepAlive {
  private readonly slots: Set<WebSocket>[];
  private readonly slotOf = new WeakMap<WebSocket, number>();
  private nextSlot = 0;
  private tick = 0;
  private timer: NodeJS.Timeout | undefined;
  // One listener function per keep-alive (not per socket): the socket is `this`. The close
  // listener is added with `on`, not `once`: a socket closes once, and `once` wraps the
  // listener in a closure and a record per socket.
  private readonly onPong = function (this: PingedSocket): void {
    this.pingCount = 0;
  };
  private readonly onClose: (this: WebSocket) => void;
  private readonly onConnection = (ws: WebSocket) => this.add(ws);

  constructor(
    private readonly wss: WebSocketServer,
    private readonly options: KeepAliveOptions,
  ) {
    const count = Math.max(1, Math.floor(options.slots ?? options.intervalMs / 250));
    this.slots = Array.from({ length: count }, () => new Set<WebSocket>());
    const remove = (ws: WebSocket) => this.remove(ws);
    this.onClose = function (this: WebSocket) {
      remove(this);
    };
  }

  /** Starts pinging; returns the timer (cleared by stop()). */
  start(): NodeJS.Timeout {
    this.wss.on("connection", this.onConnection);
    // Without client tracking (SpreadPingTransport) the server keeps no set of its connections.
    for (const ws of this.wss.clients ?? []) this.add(ws);
    const tickMs = this.options.intervalMs / this.slots.length;
    this.timer = setInterval(() => this.pingSlot(), tickMs);
    return this.timer;
  }

  stop(): void {
    clearInterval(this.timer);
    this.wss.off("connection", this.onConnection);
  }

  /** Connections per slot (for tests and diagnosis). */
  slotSizes(): number[] {
    return this.slots.map((s) => s.size);
  }

  private add(ws: WebSocket): void {
    if (this.slotOf.has(ws)) return;
    const slot = this.nextSlot++ % this.slots.length;
    this.slotOf.set(ws, slot);
    (ws as PingedSocket).pingCount = 0;
    (this.slots[slot] as Set<WebSocket>).add(ws);
    ws.on("pong", this.onPong);
    ws.on("close", this.onClose);
  }

  private remove(ws: WebSocket): void {
    const slot = this.slotOf.get(ws);
    if (slot !== undefined) this.slots[slot]?.delete(ws);
    this.slotOf.delete(ws);
  }

  private pingSlot(): void {
    const slot = this.slots[this.tick++ % this.slots.length] as Set<WebSocket>;
    for (const ws of slot as Set<PingedSocket>) {
      const missed = ws.pingCount ?? 0;
      if (missed >= this.options.maxMissed) {
        this.remove(ws);
        ws.terminate();
        continue;
      }
      ws.pingCount = missed + 1;
      // Errors (a socket closing meanwhile) surface as the socket's own error/close events.
      ws.ping(undefined, undefined, noop);
    }
  }
}

function noop(): void {}

/** Colyseus's WebSocket transport with the keep-alive pings spread over the interval (above). */
export class SpreadPingTransport extends WebSocketTransport {
  keepAlive: SpreadKeepAlive | undefined;

  /**
   * Without the `ws` server's client tracking: the keep-alive keeps its own sets of connections,
   * and the server's set would cost a close listener (a closure) per connection (heap per table).
   */
  constructor(options: ConstructorParameters<typeof WebSocketTransport>[0] = {}) {
    super({ clientTracking: false, ...options });
  }

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    this.keepAlive = new SpreadKeepAlive(this.wss, { intervalMs: pingInterval, maxMissed: pingMaxRetries });
    // Colyseus clears this timer when the HTTP server closes.
    this.pingInterval = this.keepAlive.start();
  }
}
