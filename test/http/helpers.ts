import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { RegisteredHandler } from "@colyseus/core";
import type { z } from "zod";
import { implicitResponses, type RouteSpec } from "../../src/http/contract.js";
import { apiRoutes } from "../../src/http/openapi.js";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import type { Env } from "../../src/platform/config.js";
import { documentContract } from "../helpers/contract.js";
import { testConfig } from "../helpers/env.js";

/** A real server for API tests; generous rate limits unless a test asks for tight ones. */
export async function startApiServer(overrides: Env = {}, extraRooms: Record<string, RegisteredHandler> = {}): Promise<DiwanServer> {
  return startDiwan(
    testConfig({
      AUTH_RATE_LIMIT_PER_IP: "10000",
      AUTH_RATE_LIMIT_PER_ACCOUNT: "10000",
      SERVICE_TOKEN: "service-token-for-tests-0123456789abcdef",
      ...overrides,
    }),
    undefined,
    extraRooms,
  );
}

export const SERVICE_TOKEN = "service-token-for-tests-0123456789abcdef";

function specFor(method: string, path: string): RouteSpec | undefined {
  const pathname = new URL(path, "http://x").pathname;
  // Literal routes first (/matches/me before /matches/:id), as Express matches them in that order.
  const candidates = apiRoutes.filter((r) => r.method === method.toLowerCase());
  return candidates.find((r) => {
    const re = new RegExp(`^${r.path.replace(/:[A-Za-z_]\w*/g, "[^/]+")}$`);
    return re.test(pathname);
  });
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * fetch + the contract checks: the response must comply with the committed docs/openapi.json
 * (operation, status, body schema; test/helpers/contract.ts), and with the route's own zod
 * schema for that status (which can say more than JSON Schema, e.g. refinements).
 */
export async function api<T = Record<string, unknown>>(
  server: Pick<DiwanServer, "url">,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const violations = documentContract().check({ method, path, status: res.status, contentType: res.headers.get("content-type"), body: text, headers: res.headers });
  assert.deepEqual(violations, [], `response breaks docs/openapi.json:\n${violations.join("\n")}`);
  const isJson = res.headers.get("content-type")?.startsWith("application/json") ?? false;
  const body = (text && isJson ? JSON.parse(text) : text || undefined) as T;
  const spec = specFor(method, path);
  assert.ok(spec, `${method} ${path} is not in the API document`);
  const documented = implicitResponses(spec);
  const r = documented[res.status];
  assert.ok(r, `${method} ${path} answered ${res.status}, which the document does not list (${text.slice(0, 200)})`);
  if (r.schema) {
    const check = (r.schema as z.ZodType).safeParse(body);
    assert.ok(check.success, `${method} ${path} ${res.status} body does not match the document: ${check.error?.message}\n${text.slice(0, 500)}`);
  } else if (!r.contentType) {
    assert.equal(text, "", `${method} ${path} ${res.status} should have no body`);
  }
  return { status: res.status, body, headers: res.headers };
}

export interface TestSession {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string | null; role: string; guest: boolean; leaguePoints: number };
  email: string;
  password: string;
}

export const uniqueEmail = (tag = "p"): string => `${tag}-${randomUUID().slice(0, 12)}@example.test`;

export async function signup(server: Pick<DiwanServer, "url">, fields: Partial<{ email: string; password: string; firstName: string; lastName: string }> = {}): Promise<TestSession> {
  const email = fields.email ?? uniqueEmail();
  const password = fields.password ?? "correct horse battery";
  const res = await api<Omit<TestSession, "email" | "password">>(server, "POST", "/auth/signup", {
    body: { email, password, firstName: fields.firstName ?? "Test", lastName: fields.lastName ?? "Player" },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { ...res.body, email: email.trim().toLowerCase(), password };
}

/**
 * An admin the way operators make one (the create-admin path: AccountService.ensureAdmin on the
 * server's database), signed in afresh: promotion withdraws tokens issued before it.
 */
export async function signupAdmin(server: Pick<DiwanServer, "url" | "database">): Promise<TestSession> {
  const s = await signup(server, { firstName: "Ada", lastName: "Admin" });
  const { AccountService } = await import("../../src/services/accounts.js");
  await new AccountService(server.database.db).ensureAdmin({ email: s.email });
  const login = await api<Omit<TestSession, "email" | "password">>(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal(login.body.user.role, "admin");
  return { ...login.body, email: s.email, password: s.password };
}
