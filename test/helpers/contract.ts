import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { REPO_ROOT } from "./processes.js";

/**
 * Contract validation (issue 15 §4): checks an HTTP response against the committed OpenAPI
 * document — the operation exists, the status is one it lists, and the body validates against
 * the documented schema (JSON Schema 2020-12, by ajv). The test HTTP helper runs every response
 * through it, so a route cannot drift from docs/openapi.json without a test failing.
 */

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }>; headers?: Record<string, { required?: boolean; schema?: Json }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

const COMPONENT_BASE = "https://diwan.invalid/components/";

/** `#/components/schemas/X` → an absolute id ajv knows, everywhere in a schema. */
function rewriteRefs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === "$ref" && typeof x === "string" ? x.replace("#/components/schemas/", COMPONENT_BASE) : rewriteRefs(x)]),
    );
  }
  return v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ResponseToCheck {
  method: string;
  /** Path with an optional query string, e.g. /matches/me?limit=5 */
  path: string;
  status: number;
  contentType: string | null;
  /** The raw body text. */
  body: string;
  /** Response headers; documented required headers (e.g. Deprecation) are checked when given. */
  headers?: Headers;
}

export class ContractValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; re: RegExp; params: number }[];

  constructor(private readonly doc: Document) {
    this.ajv.addFormat("uuid", UUID);
    this.ajv.addFormat("date", (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));
    this.ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)));
    this.ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      this.ajv.addSchema(rewriteRefs(schema) as Json, `${COMPONENT_BASE}${name}`);
    }
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/}]+\}/g, "[^/]+")}$`),
      params: (template.match(/\{/g) ?? []).length,
    }));
  }

  /** The document's path template for a concrete path; literal segments win (as in Express routing). */
  operationFor(method: string, path: string): { template: string; operation: Operation } | undefined {
    const pathname = new URL(path, "http://x").pathname;
    const m = method.toLowerCase();
    const hits = this.templates.filter((t) => t.re.test(pathname) && this.doc.paths[t.template]?.[m]).sort((a, b) => a.params - b.params);
    const hit = hits[0];
    return hit ? { template: hit.template, operation: this.doc.paths[hit.template]![m]! } : undefined;
  }

  /** Every way the response breaks the document (empty when it complies). */
  check(r: ResponseToCheck): string[] {
    const what = `${r.method.toUpperCase()} ${r.path} → ${r.status}`;
    const found = this.operationFor(r.method, r.path);
    if (!found) return [`${what}: no such operation in docs/openapi.json`];
    const documented = found.operation.responses[String(r.status)];
    if (!documented) {
      return [`${what}: status not documented for ${found.template} (documented: ${Object.keys(found.operation.responses).join(", ")}); body ${r.body.slice(0, 200)}`];
    }
    const headerErrors: string[] = [];
    for (const [name, h] of Object.entries(documented.headers ?? {})) {
      if (!r.headers) break;
      const value = r.headers.get(name);
      if (value === null) {
        if (h.required) headerErrors.push(`${what}: documented header ${name} is missing`);
      } else if (h.schema && !this.ajv.validate(h.schema, value)) {
        headerErrors.push(`${what}: header ${name}: ${JSON.stringify(value)} does not match ${JSON.stringify(h.schema)}`);
      }
    }
    return [...headerErrors, ...this.checkBody(r, what, `${r.method.toLowerCase()} ${found.template} ${r.status}`, documented.content)];
  }

  private checkBody(r: ResponseToCheck, what: string, key: string, content: Record<string, { schema?: Json }> | undefined): string[] {
    if (!content) return r.body === "" ? [] : [`${what}: documented without a body, got ${r.body.slice(0, 200)}`];
    const json = content["application/json"];
    if (!json) {
      const type = Object.keys(content)[0] as string;
      return r.contentType?.startsWith(type) ? [] : [`${what}: documented as ${type}, got content-type ${r.contentType}`];
    }
    if (!r.contentType?.startsWith("application/json")) return [`${what}: documented as application/json, got content-type ${r.contentType}`];
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      return [`${what}: body is not JSON: ${r.body.slice(0, 200)}`];
    }
    const validate = this.validator(key, json.schema ?? {});
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${what}: body${e.instancePath} ${e.message ?? "invalid"} (${JSON.stringify(e.params)})`);
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let v = this.compiled.get(key);
    if (!v) this.compiled.set(key, (v = this.ajv.compile(rewriteRefs(schema) as Json)));
    return v;
  }
}

let committed: ContractValidator | undefined;

/** The validator for the committed docs/openapi.json (read once per test run). */
export function documentContract(): ContractValidator {
  committed ??= new ContractValidator(JSON.parse(readFileSync(`${REPO_ROOT}docs/openapi.json`, "utf8")) as Document);
  return committed;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Makes every `fetch` of the test process to a local server check its answer against the
 * document when the request is a documented operation (matchmaking, /docs and other
 * undocumented paths pass through untouched). A violation rejects the fetch, failing the test
 * that made it — raw `fetch` calls in tests are checked as well as those through `api()`.
 */
export function installFetchContractCheck(): void {
  const original = globalThis.fetch;
  if ((original as { contractChecked?: boolean }).contractChecked) return;
  const checked = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const res = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    if (!LOCAL_HOSTS.has(url.hostname) || method === "HEAD" || method === "OPTIONS") return res;
    const path = `${url.pathname}${url.search}`;
    const contract = documentContract();
    if (!contract.operationFor(method, path)) return res;
    const body = await res.clone().text();
    const violations = contract.check({ method, path, status: res.status, contentType: res.headers.get("content-type"), body, headers: res.headers });
    if (violations.length > 0) throw new Error(`response breaks docs/openapi.json:\n${violations.join("\n")}`);
    return res;
  };
  globalThis.fetch = Object.assign(checked, { contractChecked: true }) as typeof fetch;
}
