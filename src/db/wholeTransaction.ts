import { CompiledQuery, type DatabaseConnection, type QueryResult } from "kysely";
import type { Db } from "./database.js";

/**
 * A transaction whose statements are all known before it starts (none depends on an earlier
 * one's result) runs as one unit: on the embedded database as ONE request to its worker thread
 * (BEGIN, the statements, COMMIT — no round trip through the busy main thread between
 * statements), on Postgres as BEGIN, the statements and COMMIT over one pooled connection.
 * Either every statement is committed or none (ROLLBACK at the first error, which is rethrown).
 * Ordinary `db.transaction()` keeps working as before for transactions that read as they go.
 */

/** A connection that can run a whole transaction in one go (the PGlite dialect's). */
export interface WholeTransactionConnection extends DatabaseConnection {
  executeWholeTransaction(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]>;
}

export function runsWholeTransactions(connection: DatabaseConnection): connection is WholeTransactionConnection {
  return typeof (connection as Partial<WholeTransactionConnection>).executeWholeTransaction === "function";
}

const BEGIN = CompiledQuery.raw("begin");
const COMMIT = CompiledQuery.raw("commit");
const ROLLBACK = CompiledQuery.raw("rollback");

/** Statement by statement over one connection: BEGIN … COMMIT, ROLLBACK at the first error. */
export async function executeStatementByStatement(connection: DatabaseConnection, queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
  const results: QueryResult<unknown>[] = [];
  await connection.executeQuery(BEGIN);
  try {
    for (const q of queries) results.push(await connection.executeQuery(q));
    await connection.executeQuery(COMMIT);
  } catch (err) {
    await connection.executeQuery(ROLLBACK).catch(() => {});
    throw err;
  }
  return results;
}

/** Run `queries` in one transaction over one connection; results in statement order. */
export async function executeInOneTransaction(db: Db, queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
  if (queries.length === 0) return [];
  if (db.isTransaction) throw new Error("executeInOneTransaction opens its own transaction: call it on the database, not inside one");
  // getExecutor().provideConnection is Kysely's own way to hold one driver connection (what
  // db.connection() uses); it hands us the dialect's connection, which may run the whole batch.
  return db.getExecutor().provideConnection((connection) =>
    runsWholeTransactions(connection) ? connection.executeWholeTransaction(queries) : executeStatementByStatement(connection, queries),
  );
}
