// Child process entry for bench:ws-echo and bench:room-vs-echo: a raw `ws` server with the same
// per-action frame pattern as a table (one ack to the sender + frames to every member of its
// table), and nothing else: no rooms, no schema, no matchmaking, no keep-alive sweep.
// ECHO_MEMBER_SIZES="61,120" (bytes of each frame every member gets per message) overrides
// ECHO_FANOUT_FRAMES × ECHO_FANOUT_BYTES, so a measured frame mix can be replayed exactly;
// ECHO_SENDER_SIZES / ECHO_OTHER_SIZES override it for the sender (besides its ack) and for the
// other members (a table sends its actor other frames than the rest: e.g. no events message).
import { createServer } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { serveStats, type ReadyMessage } from "./childStats.js";

const ackBytes = Number(process.env.ECHO_ACK_BYTES ?? 40);
const fanoutBytes = Number(process.env.ECHO_FANOUT_BYTES ?? 84);
const fanoutFrames = Number(process.env.ECHO_FANOUT_FRAMES ?? 2);
function sizes(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const list = raw.split(",").filter(Boolean).map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name}: comma-separated positive integers, got ${raw}`);
  return list;
}
const memberSizes = sizes("ECHO_MEMBER_SIZES", Array.from({ length: fanoutFrames }, () => fanoutBytes));
const senderSizes = sizes("ECHO_SENDER_SIZES", memberSizes);
const otherSizes = sizes("ECHO_OTHER_SIZES", memberSizes);

const tables = new Map<string, Set<WebSocket>>();
let messages = 0;
const http = createServer();
// Same ws options as Colyseus's transport (no per-message deflate).
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on("connection", (ws, req) => {
  const table = new URL(req.url ?? "/", "http://x").searchParams.get("table") ?? "0";
  let members = tables.get(table);
  if (!members) tables.set(table, (members = new Set()));
  members.add(ws);
  ws.on("close", () => members.delete(ws));
  ws.on("message", (data: Buffer) => {
    messages += 1;
    // The ack carries the request id (first 4 bytes) back; payload bytes are filler of the measured size.
    const ack = Buffer.alloc(ackBytes);
    data.copy(ack, 0, 0, 4);
    ws.send(ack);
    // A fresh buffer per frame kind and message, as a server encodes each patch/message anew.
    const frames = new Map<number, Buffer>();
    const frame = (size: number) => {
      let f = frames.get(size);
      if (!f) frames.set(size, (f = Buffer.alloc(size, 1)));
      return f;
    };
    for (const member of members) for (const size of member === ws ? senderSizes : otherSizes) member.send(frame(size));
  });
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  serveStats(() => ({ messages }));
  process.send?.({ type: "ready", port, pid: process.pid } satisfies ReadyMessage);
});
const stop = () => {
  wss.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", stop);
process.on("disconnect", stop);
