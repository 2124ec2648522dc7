import type { EventEmitter } from "node:events";
import type { IncomingHttpHeaders } from "node:http";
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type TextMapGetter,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type SpanExporter,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";

/**
 * Tracing (OpenTelemetry). Off unless a process installs it — the server does when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, tests do with an in-memory exporter. While off, every
 * helper here calls the wrapped function directly: no span, no context switch, no allocation
 * beyond the closure the caller already made.
 *
 * Span names (docs/OPERATIONS.md, "Observability"):
 * - `GET /route/:pattern` (server kind): every HTTP request, named by its Express route or
 *   matchmaking path once known; incoming W3C `traceparent` headers are honoured;
 * - `matchmaking.<method>` (joinOrCreate, create, join, joinById, reconnect) with `room.auth` inside;
 * - `room.join`, `room.action` (with `room.action.validate`, `engine.apply`, `room.sync`,
 *   `room.patch`), `room.timer` (turn clocks, bots);
 * - `recorder.flush` (event-log writes), `db.query` (every SQL statement, text without values).
 */

const TRACER = "diwan";
let enabled = false;

/** True while a tracer provider is installed (checked before doing any tracing work). */
export function tracingEnabled(): boolean {
  return enabled;
}

export interface TracingOptions {
  /** Where spans go (tests: an InMemorySpanExporter). */
  exporter: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches (production). */
  simple?: boolean;
  serviceName?: string;
  serviceVersion?: string;
  /** Share of new traces recorded, 0..1 (requests continuing a caller's trace follow its decision). */
  sampleRatio?: number;
}

export interface TracingHandle {
  /** Send what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  /** Flush, stop, and turn tracing off for the process. */
  shutdown(): Promise<void>;
}

/**
 * Install tracing for this process (one at a time: tracing is process-wide, like the
 * OpenTelemetry globals it sets). Throws when it is on already.
 */
export function installTracing(options: TracingOptions): TracingHandle {
  if (enabled) throw new Error("tracing is already installed in this process");
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName ?? "diwan",
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
    spanProcessors: [options.simple ? new SimpleSpanProcessor({ exporter: options.exporter }) : new BatchSpanProcessor({ exporter: options.exporter })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  let stopped: Promise<void> | undefined;
  return {
    flush: () => provider.forceFlush(),
    shutdown: () =>
      (stopped ??= (async () => {
        enabled = false;
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          propagation.disable();
          context.disable();
        }
      })()),
  };
}

/** Production set-up: spans over OTLP/HTTP to `${endpoint}/v1/traces`, in batches. */
export function installOtlpTracing(settings: { endpoint: string; serviceName: string; sampleRatio: number; serviceVersion?: string }): TracingHandle {
  const url = `${settings.endpoint.replace(/\/+$/, "")}/v1/traces`;
  return installTracing({
    exporter: new OTLPTraceExporter({ url }),
    serviceName: settings.serviceName,
    serviceVersion: settings.serviceVersion,
    sampleRatio: settings.sampleRatio,
  });
}

function tracer() {
  return trace.getTracer(TRACER);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function fail(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** Run fn in a span that is active for it (and whatever it awaits); the span ends when fn returns or settles. */
function inSpan<T>(span: Span, parent: Context, fn: () => T): T {
  return context.with(trace.setSpan(parent, span), () => {
    let result: T;
    try {
      result = fn();
    } catch (err) {
      fail(span, err);
      span.end();
      throw err;
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (err: unknown) => {
          fail(span, err);
          span.end();
          throw err;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

/**
 * `fn` inside a span named `name` (child of the active span, or a new trace). Errors thrown or
 * rejected mark the span failed and pass through unchanged. Off: just `fn()`.
 */
export function traced<T>(name: string, attributes: Attributes, fn: () => T): T {
  if (!enabled) return fn();
  const parent = context.active();
  return inSpan(tracer().startSpan(name, { attributes }, parent), parent, fn);
}

/**
 * `fn` as the root of its own trace (background work such as event-log flushes, which outlive the
 * action that triggered them), linked to the active span when there is one. Off: just `fn()`.
 */
export function tracedRoot<T>(name: string, attributes: Attributes, fn: () => T): T {
  if (!enabled) return fn();
  const trigger = trace.getActiveSpan()?.spanContext();
  const links = trigger && trace.isSpanContextValid(trigger) ? [{ context: trigger }] : [];
  return inSpan(tracer().startSpan(name, { attributes, links, root: true }, ROOT_CONTEXT), ROOT_CONTEXT, fn);
}

/** What a later `tracedRootLinked` links to: the active span (null when off or outside a span). */
export type TraceLink = { context: SpanContext } | null;

export function currentTraceLink(): TraceLink {
  if (!enabled) return null;
  const active = trace.getActiveSpan()?.spanContext();
  return active && trace.isSpanContextValid(active) ? { context: active } : null;
}

/**
 * `fn` as the root of its own trace linked to several triggers (batched background work, such as
 * one event-log write for many matches, each of which asked for it from its own trace).
 */
export function tracedRootLinked<T>(name: string, attributes: Attributes, links: readonly TraceLink[], fn: () => T): T {
  if (!enabled) return fn();
  const valid = links.filter((l): l is { context: SpanContext } => l !== null);
  return inSpan(tracer().startSpan(name, { attributes, links: valid, root: true }, ROOT_CONTEXT), ROOT_CONTEXT, fn);
}

/**
 * `fn` as the root of a new trace, whatever context is active: entry points that come from the
 * network or a timer (a room message, a join, a timer callback), where the active context may be
 * a stale one captured when a socket or a shared timer was created.
 */
export function traceEntry<T>(name: string, attributes: Attributes, fn: () => T): T {
  if (!enabled) return fn();
  return inSpan(tracer().startSpan(name, { attributes, root: true }, ROOT_CONTEXT), ROOT_CONTEXT, fn);
}

/**
 * A span only inside an existing trace (engine apply, view sync, patches are details of an
 * action, a join or a timer; alone they would be noise). Off or outside a trace: just `fn()`.
 */
export function childSpan<T>(name: string, fn: () => T, attributes?: Attributes): T {
  if (!enabled) return fn();
  const parent = context.active();
  if (!trace.getSpan(parent)?.isRecording()) return fn();
  return inSpan(tracer().startSpan(name, { attributes }, parent), parent, fn);
}

/** Add attributes to the active span (no-op when off or outside a span). */
export function annotate(attributes: Attributes): void {
  if (!enabled) return;
  trace.getActiveSpan()?.setAttributes(attributes);
}

/**
 * The active span's ids for log lines (nothing when off, outside a span or not sampled). Always a
 * fresh object: pino merges the line's own fields into what the mixin returns.
 */
export function traceIds(): { traceId?: string; spanId?: string } {
  if (!enabled) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const ctx = span.spanContext();
  if (!trace.isSpanContextValid(ctx)) return {};
  return { traceId: ctx.traceId, spanId: ctx.spanId };
}

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const requestSpans = new WeakMap<object, Span>();

/** An HTTP request's server span; its name is refined once the route is known. */
export interface RequestSpan {
  span: Span;
  /** Run the request's handling with the span active (request and response emitters bound to it). */
  run(fn: () => void): void;
}

/**
 * Start the server span of an HTTP request (undefined when tracing is off). The span ends when
 * the response finishes (status from the response) or the connection closes first.
 */
export function startRequestSpan(
  req: EventEmitter & { method?: string | undefined; url?: string | undefined; headers: IncomingHttpHeaders },
  res: EventEmitter & { statusCode: number; writableFinished: boolean },
): RequestSpan | undefined {
  if (!enabled) return undefined;
  const method = req.method ?? "GET";
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const parent = propagation.extract(ROOT_CONTEXT, req.headers, headerGetter);
  // Matchmaking never reaches Express: its route is known from the path (Colyseus's own pattern).
  const matchmake = /^\/matchmake\/(\w+)\//.exec(path);
  const route = matchmake ? `/matchmake/${matchmake[1]}/:roomName` : undefined;
  const span = tracer().startSpan(
    route ? `${method} ${route}` : method,
    {
      kind: SpanKind.SERVER,
      attributes: { "http.request.method": method, "url.path": path, ...(route ? { "http.route": route } : {}) },
    },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  // 'close' comes after 'finish' (whose listeners name the span by route) or alone when aborted.
  res.once("close", () => {
    span.setAttribute("http.response.status_code", res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    if (!res.writableFinished) span.setAttribute("diwan.http.aborted", true);
    span.end();
  });
  requestSpans.set(req, span);
  return {
    span,
    run: (fn) => {
      context.bind(ctx, req);
      context.bind(ctx, res);
      context.with(ctx, fn);
    },
  };
}

/** Name a request's server span by its route pattern (never the raw path: ids stay out of names). */
export function nameRequestSpan(req: object, method: string, route: string): void {
  if (!enabled) return;
  const span = requestSpans.get(req);
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute("http.route", route);
}
