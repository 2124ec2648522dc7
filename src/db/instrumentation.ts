import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from "kysely";
import type { Metrics } from "../platform/metrics.js";
import { traced, tracingEnabled } from "../platform/tracing.js";
import { executeStatementByStatement, runsWholeTransactions, type WholeTransactionConnection } from "./wholeTransaction.js";

/**
 * Database observability as a Kysely dialect wrapper: every statement (queries, transactions,
 * migrations, raw `sql`) is a `db.query` span (SQL text with placeholders, never values) and a
 * count and duration in the metrics; waiting for a connection (pg pool checkout, PGlite queue)
 * is timed, and the callers waiting right now are a gauge.
 */
export type DbMetrics = Pick<Metrics, "dbQueries" | "dbQueryDuration" | "dbAcquireWait" | "dbPoolWaiting">;

export interface DbInstrumentation {
  metrics?: DbMetrics | undefined;
  /** `db.system.name` of the spans. */
  system: "postgresql";
}

const OPERATION = /^\s*(?:with\b[\s\S]*?\)\s*)?(select|insert|update|delete|begin|commit|rollback|savepoint|release|create|alter|drop|set|show|lock|truncate|copy)\b/i;

/** The statement's first keyword (select, insert…), lower case; "other" when it has none we know. */
export function sqlOperation(sql: string): string {
  const match = OPERATION.exec(sql);
  return match?.[1]?.toLowerCase() ?? "other";
}

const QUERY_TEXT_LIMIT = 2000;

interface OperationSeries {
  duration: { observe(seconds: number): void };
  ok: { inc(): void };
  error: { inc(): void };
}

/** Label children per operation, resolved once (label hashing on every statement adds up). */
const seriesCache = new WeakMap<DbMetrics, Map<string, OperationSeries>>();

function seriesOf(metrics: DbMetrics, operation: string): OperationSeries {
  let byOperation = seriesCache.get(metrics);
  if (!byOperation) {
    byOperation = new Map();
    seriesCache.set(metrics, byOperation);
  }
  let series = byOperation.get(operation);
  if (!series) {
    series = {
      duration: metrics.dbQueryDuration.labels({ operation }),
      ok: metrics.dbQueries.labels({ operation, result: "ok" }),
      error: metrics.dbQueries.labels({ operation, result: "error" }),
    };
    byOperation.set(operation, series);
  }
  return series;
}

class InstrumentedConnection implements WholeTransactionConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly options: DbInstrumentation,
  ) {}

  /**
   * A whole transaction (wholeTransaction.ts). When the inner connection runs it in one request,
   * each statement (BEGIN and COMMIT included) is still counted and gets a span, all sharing the
   * request's duration; otherwise it goes statement by statement through executeQuery.
   */
  executeWholeTransaction(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
    const inner = this.inner;
    if (!runsWholeTransactions(inner)) return executeStatementByStatement(this, queries);
    const metrics = this.options.metrics;
    if (!metrics && !tracingEnabled()) return inner.executeWholeTransaction(queries);
    const operations = ["begin", ...queries.map((q) => sqlOperation(q.sql)), "commit"];
    const spans = tracingEnabled() ? queries.map((q) => this.statementSpan(q.sql)) : [];
    const started = performance.now();
    const settle = (ok: boolean) => {
      const seconds = (performance.now() - started) / 1000;
      if (metrics) {
        for (const operation of ok ? operations : operations.slice(0, -1).concat("rollback")) {
          const series = seriesOf(metrics, operation);
          series.duration.observe(seconds);
          (ok ? series.ok : series.error).inc();
        }
      }
      for (const span of spans) span.end(ok);
    };
    return inner.executeWholeTransaction(queries).then(
      (results) => {
        settle(true);
        return results;
      },
      (err: unknown) => {
        settle(false);
        throw err;
      },
    );
  }

  /** A `db.query` span for one statement of a whole transaction, ended when the request answers. */
  private statementSpan(sqlText: string): { end(ok: boolean): void } {
    let finish!: (ok: boolean) => void;
    const done = new Promise<boolean>((resolve) => (finish = resolve));
    void traced("db.query", this.attributes(sqlText), () =>
      done.then((ok) => {
        if (!ok) throw new Error("the transaction was rolled back");
      }),
    ).catch(() => {});
    return { end: finish };
  }

  private attributes(sqlText: string): Record<string, string> {
    return {
      "db.system.name": this.options.system,
      "db.operation.name": sqlOperation(sqlText),
      "db.query.text": sqlText.length > QUERY_TEXT_LIMIT ? `${sqlText.slice(0, QUERY_TEXT_LIMIT)}…` : sqlText,
    };
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const metrics = this.options.metrics;
    if (!metrics && !tracingEnabled()) return this.inner.executeQuery<R>(compiledQuery);
    const operation = sqlOperation(compiledQuery.sql);
    const series = metrics ? seriesOf(metrics, operation) : undefined;
    const started = performance.now();
    const run = () => this.inner.executeQuery<R>(compiledQuery);
    const execution = tracingEnabled()
      ? traced("db.query", this.attributes(compiledQuery.sql), run)
      : run();
    if (!series) return execution;
    return execution.then(
      (result) => {
        series.duration.observe((performance.now() - started) / 1000);
        series.ok.inc();
        return result;
      },
      (err: unknown) => {
        series.duration.observe((performance.now() - started) / 1000);
        series.error.inc();
        throw err;
      },
    );
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.options.metrics?.dbQueries.inc({ operation: sqlOperation(compiledQuery.sql), result: "ok" });
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

const innerOf = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof InstrumentedConnection ? connection.inner : connection;

class InstrumentedDriver implements Driver {
  savepoint?: Driver["savepoint"];
  rollbackToSavepoint?: Driver["rollbackToSavepoint"];
  releaseSavepoint?: Driver["releaseSavepoint"];

  constructor(
    private readonly inner: Driver,
    private readonly options: DbInstrumentation,
  ) {
    // Savepoints exist only when the wrapped driver has them (Kysely checks for the methods).
    const { savepoint, rollbackToSavepoint, releaseSavepoint } = inner;
    if (savepoint) this.savepoint = (c, name, compile: QueryCompiler["compileQuery"]) => savepoint.call(inner, c, name, compile);
    if (rollbackToSavepoint) this.rollbackToSavepoint = (c, name, compile) => rollbackToSavepoint.call(inner, c, name, compile);
    if (releaseSavepoint) this.releaseSavepoint = (c, name, compile) => releaseSavepoint.call(inner, c, name, compile);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  /**
   * One wrapper per driver connection, kept: Kysely remembers the connections it has seen in a
   * WeakSet, and a fresh wrapper per checkout would grow it (and the garbage collector's work).
   */
  private readonly wrappers = new WeakMap<DatabaseConnection, InstrumentedConnection>();

  private wrap(connection: DatabaseConnection): InstrumentedConnection {
    let wrapper = this.wrappers.get(connection);
    if (!wrapper) {
      wrapper = new InstrumentedConnection(connection, this.options);
      this.wrappers.set(connection, wrapper);
    }
    return wrapper;
  }

  acquireConnection(): Promise<DatabaseConnection> {
    const metrics = this.options.metrics;
    if (!metrics) return this.inner.acquireConnection().then((c) => this.wrap(c));
    metrics.dbPoolWaiting.inc();
    const end = metrics.dbAcquireWait.startTimer();
    const done = () => {
      end();
      metrics.dbPoolWaiting.dec();
    };
    return this.inner.acquireConnection().then(
      (c) => {
        done();
        return this.wrap(c);
      },
      (err: unknown) => {
        done();
        throw err;
      },
    );
  }

  // Transaction statements go through the wrapped connection: they are statements like any other.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  // The driver releases its own connection object (pg keeps the client on it).
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The same dialect, its statements traced and measured. */
export function instrumentDialect(dialect: Dialect, options: DbInstrumentation): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new InstrumentedDriver(dialect.createDriver(), options),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
