// Colyseus 0.18 reads the global WebSocket (reconnection, Redis-driver joins). Node 22 has it;
// Node 20 only behind --experimental-websocket, so provide the `ws` implementation.
import { WebSocket as WsWebSocket } from "ws";

const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WsWebSocket;
