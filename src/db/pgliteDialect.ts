import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { DatabaseTimeoutError } from "./errors.js";
import type { PGliteBackend } from "./pgliteHost.js";
import { executeStatementByStatement, type WholeTransactionConnection } from "./wholeTransaction.js";

/**
 * Kysely dialect for embedded PGlite. PGlite is a single Postgres backend: statements outside a
 * transaction are pipelined to it, and an interactive transaction holds it alone from BEGIN to
 * COMMIT (Turnstile), so transactions never interleave with other queries. The backend is
 * normally the worker thread (pgliteHost.ts), which runs requests in the order they are sent, and
 * a whole transaction known in advance in one request (wholeTransaction.ts); an in-thread PGlite
 * instance works the same way.
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGliteBackend,
    private readonly options: { acquireTimeoutMs?: number } = {},
  ) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.options.acquireTimeoutMs ?? 5000);
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

/**
 * Who may send statements to the backend now. Statements outside a transaction are pipelined:
 * sent at once, so the worker runs them back to back instead of waiting for the main thread to
 * take each reply before the next statement leaves (under load the main thread answers late, and
 * a one-at-a-time queue then starves everyone: token checks, joins). An interactive transaction
 * owns the backend from BEGIN to COMMIT/ROLLBACK: meanwhile other statements wait here (FIFO, at
 * most acquireTimeoutMs, then DatabaseTimeoutError), so none lands inside it. The worker runs
 * requests in the order they were sent, so everything sent before a BEGIN runs before it.
 */
class Turnstile {
  private owner: PGliteConnection | null = null;
  private readonly waiting: { conn: PGliteConnection; exclusive: boolean; grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly acquireTimeoutMs: number) {}

  /** `conn` may send (exclusive: open a transaction) once this settles; undefined: at once. */
  enter(conn: PGliteConnection, exclusive: boolean): Promise<void> | undefined {
    if (this.owner === conn) return undefined;
    if (this.owner === null && this.waiting.length === 0) {
      if (exclusive) this.owner = conn;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        conn,
        exclusive,
        grant: resolve,
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new DatabaseTimeoutError("waiting for the embedded database", this.acquireTimeoutMs));
          this.drain();
        }, this.acquireTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** The transaction of `conn` ended (or never began): let the waiters in. */
  leave(conn: PGliteConnection): void {
    if (this.owner !== conn) return;
    this.owner = null;
    this.drain();
  }

  /** Grant in arrival order: every statement up to the next transaction, which then owns the backend. */
  private drain(): void {
    while (this.owner === null && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      clearTimeout(next.timer);
      if (next.exclusive) this.owner = next.conn;
      next.grant();
    }
  }
}

class PGliteDriver implements Driver {
  private readonly turnstile: Turnstile;
  /** Connection objects are reused (Kysely and the instrumentation remember each one they see). */
  private readonly idle: PGliteConnection[] = [];

  constructor(
    private readonly pglite: PGliteBackend,
    acquireTimeoutMs: number,
  ) {
    this.turnstile = new Turnstile(acquireTimeoutMs);
  }

  async init(): Promise<void> {
    // The backend is open before the dialect is made (startPGliteWorker / PGlite.create).
  }

  /** A handle at once: waiting happens per statement, only behind an open transaction (Turnstile). */
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.idle.pop() ?? new PGliteConnection(this.pglite, this.turnstile);
  }

  // Transaction statements go through `conn` as given (a wrapper, e.g. the instrumentation's, counts
  // them); the turnstile knows the PGlite connection underneath.
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const own = pgliteConnectionOf(conn);
    const turn = this.turnstile.enter(own, true);
    if (turn) await turn;
    try {
      const begin = settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : "begin";
      await conn.executeQuery(CompiledQuery.raw(begin));
    } catch (err) {
      this.turnstile.leave(own);
      throw err;
    }
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await this.endTransaction(conn, "commit");
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await this.endTransaction(conn, "rollback");
  }
  private async endTransaction(conn: DatabaseConnection, statement: "commit" | "rollback"): Promise<void> {
    try {
      await conn.executeQuery(CompiledQuery.raw(statement));
    } finally {
      this.turnstile.leave(pgliteConnectionOf(conn));
    }
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const own = pgliteConnectionOf(conn);
    // A transaction whose COMMIT and ROLLBACK both failed (backend gone) must not block everyone.
    this.turnstile.leave(own);
    if (this.idle.length < MAX_IDLE_CONNECTIONS) this.idle.push(own);
  }
  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

/** The PGlite connection under a wrapper that keeps its original as `inner` (instrumentation.ts). */
function pgliteConnectionOf(conn: DatabaseConnection): PGliteConnection {
  let c: unknown = conn;
  while (!(c instanceof PGliteConnection) && typeof c === "object" && c !== null && "inner" in c) c = (c as { inner: unknown }).inner;
  if (!(c instanceof PGliteConnection)) throw new Error("not a connection of the PGlite dialect");
  return c;
}

/** Connection handles kept for reuse (beyond: left to the garbage collector). */
const MAX_IDLE_CONNECTIONS = 64;

class PGliteConnection implements WholeTransactionConnection {
  constructor(
    private readonly pglite: PGliteBackend,
    private readonly turnstile: Turnstile,
  ) {}

  /** The worker runs the whole transaction (one request); an in-thread backend goes statement by statement. */
  async executeWholeTransaction(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
    if (!this.pglite.runTransaction) {
      await this.turnstile.enter(this, true);
      try {
        return await executeStatementByStatement(this, queries);
      } finally {
        this.turnstile.leave(this);
      }
    }
    // Atomic in the worker: it only must not land inside another connection's open transaction.
    // Sent synchronously when nothing blocks it, so statements leave in the order they were asked for.
    const turn = this.turnstile.enter(this, false);
    if (turn) await turn;
    const results = await this.pglite.runTransaction(queries.map((q) => ({ sql: q.sql, params: q.parameters })));
    return results.map((r) => ({
      rows: r.rows,
      ...(r.affectedRows !== undefined && r.affectedRows > 0 ? { numAffectedRows: BigInt(r.affectedRows) } : {}),
    }));
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Sent synchronously when nothing blocks it, so statements leave in the order they were asked for.
    const turn = this.turnstile.enter(this, false);
    if (turn) await turn;
    const result = await this.pglite.query<R>(compiledQuery.sql, compiledQuery.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && affected > 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield -- streaming is not supported by PGlite; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite dialect does not support streaming queries");
  }
}
