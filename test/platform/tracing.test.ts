import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import type { Room } from "@colyseus/sdk";
import { startDiwan } from "../../src/platform/assembly.js";
import type { ConfigError } from "../../src/platform/config.js";
import { createLogger } from "../../src/platform/logger.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { installTracing, tracingEnabled, traced, type TracingHandle } from "../../src/platform/tracing.js";
import { testConfig } from "../helpers/env.js";
import { Recorded, act, makeUser, sdkClient, until } from "../helpers/tables.js";

interface DuelView {
  status: string;
  activeSeats: number[];
  seats: { legalActions?: string[] }[];
}

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;
/** A span time ([seconds, nanoseconds]) exactly (a float of nanoseconds since 1970 would round). */
const ns = ([s, n]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(n);

describe("tracing: OpenTelemetry spans over a real server (in-memory exporter)", function () {
  this.timeout(60_000);
  const exporter = new InMemorySpanExporter();
  const lines: Record<string, unknown>[] = [];
  let tracing: TracingHandle;
  let server: DiwanServer;

  const spans = () => exporter.getFinishedSpans();
  const named = (name: string) => spans().filter((s) => s.name === name);
  const childrenOf = (span: ReadableSpan) => spans().filter((s) => parentId(s) === idOf(span));
  /** Every span under `span`, at any depth. */
  const descendantsOf = (span: ReadableSpan): ReadableSpan[] => childrenOf(span).flatMap((c) => [c, ...descendantsOf(c)]);

  before(async () => {
    tracing = installTracing({ exporter, simple: true });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = testConfig({ LOG_LEVEL: "debug", BOT_DELAY_MS: "20" });
    // The production logger (createLogger), writing its JSON lines here.
    server = await startDiwan(config, createLogger(config, sink));
  });
  after(async () => {
    await server?.shutdown();
    await tracing?.shutdown();
    assert.equal(tracingEnabled(), false, "tracing is off again for the rest of the suite");
  });

  it("an HTTP request is a server span named by its route, with its SQL statements as children and its trace id in its log lines", async () => {
    exporter.reset();
    const res = await fetch(`${server.url}/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ displayName: "Tracer" }) });
    assert.equal(res.status, 201);
    await until(() => named("POST /auth/guest").length === 1, 5000, "the request span");
    const request = named("POST /auth/guest")[0]!;
    assert.equal(request.kind, SpanKind.SERVER);
    assert.equal(request.attributes["http.route"], "/auth/guest");
    assert.equal(request.attributes["http.request.method"], "POST");
    assert.equal(request.attributes["http.response.status_code"], 201);
    assert.equal(parentId(request), undefined, "a new trace (no traceparent sent)");

    const queries = descendantsOf(request).filter((s) => s.name === "db.query");
    assert.ok(queries.length >= 1, "the guest insert is a db.query span inside the request");
    const insert = queries.find((q) => q.attributes["db.operation.name"] === "insert");
    assert.ok(insert, "an insert statement");
    assert.equal(insert.attributes["db.system.name"], "postgresql");
    assert.match(String(insert.attributes["db.query.text"]), /^insert into "users"/);
    assert.doesNotMatch(String(insert.attributes["db.query.text"]), /Tracer/, "values never reach the span");
    for (const q of queries) assert.equal(traceOf(q), traceOf(request));

    const logged = lines.filter((l) => l.traceId === traceOf(request));
    assert.ok(logged.some((l) => l.msg === "request completed"), "pino-http's line carries the request's trace id");
    assert.ok(logged.every((l) => typeof l.spanId === "string"));
  });

  it("a request carrying a W3C traceparent continues the caller's trace", async () => {
    exporter.reset();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await fetch(`${server.url}/health`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    assert.equal(res.status, 200);
    await until(() => named("GET /health").length === 1, 5000, "the request span");
    const span = named("GET /health")[0]!;
    assert.equal(traceOf(span), traceId);
    assert.equal(parentId(span), "00f067aa0ba902b7");
  });

  it("a join: matchmaking inside its request span (room.auth inside), then room.join with the match start, its log lines and the recorder's first flush", async () => {
    exporter.reset();
    const user = await makeUser("Traced");
    const room = await sdkClient(server.url, user).create("duel", { mode: "bots" });
    new Recorded(room);
    await until(() => named("room.join").length === 1 && named("recorder.flush").length >= 1, 10_000, "join and first flush spans");

    const request = named("POST /matchmake/create/:roomName")[0];
    assert.ok(request, "the matchmaking request span");
    assert.equal(request.kind, SpanKind.SERVER);
    const matchmaking = named("matchmaking.create")[0]!;
    assert.equal(parentId(matchmaking), idOf(request));
    assert.equal(matchmaking.attributes["diwan.room.name"], "duel");
    const auth = named("room.auth")[0]!;
    assert.equal(parentId(auth), idOf(matchmaking), "onAuth runs inside matchmaking");

    const join = named("room.join")[0]!;
    assert.equal(parentId(join), undefined, "the WebSocket join starts its own trace");
    assert.equal(join.attributes["diwan.room.id"], room.roomId);
    assert.equal(join.attributes["diwan.game"], "duel");
    const children = childrenOf(join).map((s) => s.name);
    assert.ok(children.includes("room.sync"), `the match starts inside the join (children: ${children.join(", ")})`);
    const seated = lines.find((l) => l.msg === "player seated" && l.roomId === room.roomId);
    assert.equal(seated?.traceId, traceOf(join), "the join's log lines carry its trace id");
    assert.equal(lines.find((l) => l.msg === "match started" && l.roomId === room.roomId)?.traceId, traceOf(join));

    // The recorder's writes are their own trace, linked to what started them, with their statements inside.
    const flush = named("recorder.flush").find((f) => f.links.some((l) => l.context.spanId === idOf(join)));
    assert.ok(flush, "the first flush links to the join");
    assert.notEqual(traceOf(flush), traceOf(join));
    const statements = childrenOf(flush).filter((s) => s.name === "db.query");
    assert.ok(statements.some((s) => s.attributes["db.operation.name"] === "insert"), "the match row insert is inside the flush");
    await room.leave();
  });

  it("an action: room.action with validation, engine apply, view sync and patch as children", async () => {
    const user = await makeUser("Actor");
    const room: Room = await sdkClient(server.url, user).create("duel", { mode: "bots" });
    const rec = new Recorded(room);
    const view = () => room.state as unknown as DuelView | undefined;
    await until(() => view()?.status === "playing" && view()!.activeSeats.length === 1 && view()!.activeSeats[0] === 0, 10_000, "seat 0 to act");
    exporter.reset();
    const legal = view()!.seats[0]!.legalActions!.map((a) => JSON.parse(a) as unknown);
    const ack = await act(rec, legal[0]);
    assert.equal(ack.ok, true, JSON.stringify(ack));
    await until(() => named("room.action").length >= 1, 5000, "the action span");
    const action = named("room.action")[0]!;
    assert.equal(parentId(action), undefined, "an action starts its own trace");
    assert.equal(action.attributes["diwan.room.id"], room.roomId);
    const children = childrenOf(action).map((s) => s.name);
    for (const name of ["room.action.validate", "engine.apply", "room.sync", "room.patch"]) {
      assert.ok(children.includes(name), `${name} is a child of room.action (children: ${children.join(", ")})`);
    }
    const [validate, apply, sync] = ["room.action.validate", "engine.apply", "room.sync"].map((n) => childrenOf(action).find((s) => s.name === n)!);
    // The SDK stamps starts to the millisecond and ends finer: compare starts, in order.
    assert.ok(ns(validate!.startTime) <= ns(apply!.startTime), "validation before the engine");
    assert.ok(ns(apply!.startTime) <= ns(sync!.startTime), "engine before the sync");
    // The player leaves: a bot takes his seat and the bots play on from timers, each move its own
    // trace with the engine inside (timers run on one process-wide wheel: whatever context armed
    // it, a callback is a new trace).
    await room.leave();
    const botMoves = () => named("room.timer").filter((t) => t.attributes["diwan.room.id"] === room.roomId && childrenOf(t).some((c) => c.name === "engine.apply"));
    await until(() => botMoves().length > 0, 10_000, "a bot move in a room.timer span");
    for (const timer of named("room.timer")) assert.equal(parentId(timer), undefined, "room.timer is a root");
  });

  it("helpers: errors mark the span failed and pass through; a rejected promise too", async () => {
    exporter.reset();
    assert.throws(() => traced("unit.sync", {}, () => { throw new Error("boom"); }), /boom/);
    await assert.rejects(traced("unit.async", { k: 1 }, () => Promise.reject(new Error("later"))), /later/);
    const [sync, async_] = [named("unit.sync")[0]!, named("unit.async")[0]!];
    assert.equal(sync.status.code, 2);
    assert.equal(async_.status.code, 2);
    assert.equal(async_.status.message, "later");
    assert.equal(async_.attributes.k, 1);
  });
});

describe("tracing: OTLP export configured by OTEL_EXPORTER_OTLP_ENDPOINT", function () {
  this.timeout(60_000);

  it("config: the endpoint must be an http(s) URL, the sample ratio within 0..1; unset means off", () => {
    assert.equal(testConfig().otlpEndpoint, undefined);
    assert.equal(testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "" }).otlpEndpoint, undefined);
    assert.equal(testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).otlpEndpoint, "http://collector:4318");
    assert.throws(() => testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }), (err: ConfigError) => err.issues.some((i) => i.variable === "OTEL_EXPORTER_OTLP_ENDPOINT"));
    assert.throws(() => testConfig({ OTEL_TRACES_SAMPLER_ARG: "1.5" }), (err: ConfigError) => err.issues.some((i) => i.variable === "OTEL_TRACES_SAMPLER_ARG"));
    assert.throws(() => testConfig({ OTEL_SERVICE_NAME: "two words" }), (err: ConfigError) => err.issues.some((i) => i.variable === "OTEL_SERVICE_NAME"));
  });

  it("a server with the endpoint set exports its spans to <endpoint>/v1/traces and stops tracing at shutdown", async () => {
    const received: { path: string; type: string; body: Buffer }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", type: String(req.headers["content-type"]), body: Buffer.concat(chunks) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const port = (collector.address() as AddressInfo).port;
    try {
      const server = await startDiwan(testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`, OTEL_SERVICE_NAME: "diwan-test" }));
      assert.equal(tracingEnabled(), true);
      const res = await fetch(`${server.url}/ready`);
      assert.equal(res.status, 200);
      await server.shutdown(); // flushes the batch
      assert.equal(tracingEnabled(), false);
      assert.ok(received.length >= 1, "at least one export request");
      assert.ok(received.every((r) => r.path === "/v1/traces"));
      const all = Buffer.concat(received.map((r) => r.body)).toString("latin1");
      assert.ok(all.includes("GET /ready"), "the request span was exported");
      assert.ok(all.includes("db.query"), "its statement too");
      assert.ok(all.includes("diwan-test"), "under the configured service name");
    } finally {
      collector.close();
    }
  });
});
