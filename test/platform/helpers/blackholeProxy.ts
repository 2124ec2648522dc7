import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy that can black-hole its target: connections stay open but nothing gets through
 * either way and new ones are accepted and never answered — how a dead network path or a hung
 * database looks to a client, unlike a refused connection.
 */
export class BlackholeProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket | null }>();
  private holed = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
      this.pairs.add(pair);
      client.on("error", () => {});
      client.on("close", () => {
        pair.upstream?.destroy();
        this.pairs.delete(pair);
      });
      if (this.holed) return; // accepted, never answered
      this.link(pair);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this.port;
  }

  private link(pair: { client: Socket; upstream: Socket | null }): void {
    const upstream = connect(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    upstream.on("error", () => pair.client.destroy());
    upstream.on("close", () => pair.client.destroy());
    pair.client.on("data", (d: Buffer) => {
      if (!this.holed) upstream.write(d);
    });
    upstream.on("data", (d: Buffer) => {
      if (!this.holed) pair.client.write(d);
    });
  }

  /** From now on every byte in either direction is dropped; new connections hang. */
  blackhole(): void {
    this.holed = true;
  }

  /** Traffic flows again for new connections (old ones lost bytes: they are closed). */
  restore(): void {
    this.holed = false;
    for (const pair of this.pairs) pair.client.destroy();
  }

  async stop(): Promise<void> {
    for (const pair of this.pairs) pair.client.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
