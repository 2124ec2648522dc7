import WebSocket from "ws";

/** What an echo table needs from its bench run. */
export interface EchoRun {
  /** ws:// URL of the echo child. */
  url: string;
  perTable: number;
  paceMs: number;
  jitterMs: number;
  /** Size of the frame the actor sends, and of the echo's ack (how the ack is told apart). */
  inBytes: number;
  ackBytes: number;
  running(): boolean;
  nextId(): number;
  /** Every frame a member receives (for byte and frame counts). */
  onFrame?(bytes: number): void;
  /** The actor's ack arrived, `ms` after its send. */
  onAck(ms: number): void;
}

/**
 * One table of the raw `ws` baseline (bench:ws-echo, bench:room-vs-echo): members take turns;
 * the one to act sends after the pace, and its ack passes the turn on.
 */
export class EchoTable {
  readonly sockets: WebSocket[] = [];
  private turn = 0;
  private pending: { id: number; sentAt: number } | null = null;

  constructor(
    readonly index: number,
    private readonly run: EchoRun,
  ) {}

  async connect(): Promise<void> {
    for (let i = 0; i < this.run.perTable; i++) {
      const ws = new WebSocket(`${this.run.url}/?table=${this.index}`, { perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      ws.on("message", (data: Buffer) => this.onMessage(i, data));
      this.sockets.push(ws);
    }
  }

  schedule(): void {
    if (this.run.running()) setTimeout(() => this.send(), this.run.paceMs + Math.random() * this.run.jitterMs);
  }

  private send(): void {
    if (!this.run.running()) return;
    const id = this.run.nextId() >>> 0;
    const msg = Buffer.alloc(this.run.inBytes, 2);
    msg.writeUInt32LE(id, 0);
    this.pending = { id, sentAt: performance.now() };
    (this.sockets[this.turn] as WebSocket).send(msg);
  }

  private onMessage(member: number, data: Buffer): void {
    this.run.onFrame?.(data.length);
    const pending = this.pending;
    if (!pending || member !== this.turn || data.length !== this.run.ackBytes || data.readUInt32LE(0) !== pending.id) return;
    this.pending = null;
    this.run.onAck(performance.now() - pending.sentAt);
    this.turn = (this.turn + 1) % this.run.perTable;
    this.schedule();
  }
}
