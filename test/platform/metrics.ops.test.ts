import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

/**
 * ops/: the Grafana dashboard, the Prometheus alert rules and scrape config, and the compose
 * profile that loads them. promtool and Grafana are not available here: these checks parse every
 * file and hold every metric (and label) they name against what a running server serves.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

/** Labels Prometheus adds to every scraped series, and the histogram bucket label. */
const TARGET_LABELS = new Set(["job", "instance", "le"]);
/** Series Prometheus makes itself (not served by us). */
const PROMETHEUS_SERIES = new Set(["up"]);
const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"]);

interface Selector {
  metric: string;
  labels: string[];
}

/** The series selectors and grouping labels of a PromQL expression (the subset our files use). */
export function promqlParts(expr: string): { selectors: Selector[]; grouping: string[] } {
  let e = expr.replace(/\$__rate_interval/g, "5m").replace(/\s+/g, " ");
  const grouping: string[] = [];
  e = e.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_m, _k: string, labels: string) => {
    grouping.push(...labels.split(",").map((l) => l.trim()).filter(Boolean));
    return " ";
  });
  e = e.replace(/\[[^\]]*\]/g, " ");
  const selectors: Selector[] = [];
  for (const m of e.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{([^}]*)\})?/g)) {
    const name = m[1] as string;
    const rest = e.slice((m.index ?? 0) + m[0].length).trimStart();
    if (!m[2] && rest.startsWith("(")) continue; // a function call
    if (KEYWORDS.has(name.toLowerCase())) continue;
    const labels = [...(m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map((l) => l[1] as string);
    selectors.push({ metric: name, labels });
  }
  return { selectors, grouping };
}

interface Served {
  /** name → type, from `# TYPE` lines. */
  types: Map<string, string>;
  /** name → label names (registry), plus the default `service` label. */
  labels: Map<string, Set<string>>;
}

/** The served metric behind a selector name (histogram series have _bucket/_count/_sum suffixes). */
function servedName(name: string, served: Served): string | undefined {
  if (served.types.has(name)) return name;
  const base = name.replace(/_(bucket|count|sum)$/, "");
  const type = served.types.get(base);
  return type === "histogram" || type === "summary" ? base : undefined;
}

function checkExpr(where: string, expr: string, served: Served): string[] {
  const problems: string[] = [];
  const { selectors, grouping } = promqlParts(expr);
  if (selectors.length === 0) problems.push(`${where}: no metric in ${JSON.stringify(expr)}`);
  const known = new Set<string>(TARGET_LABELS);
  for (const s of selectors) {
    if (PROMETHEUS_SERIES.has(s.metric)) {
      for (const l of s.labels) if (!TARGET_LABELS.has(l)) problems.push(`${where}: ${s.metric} has no label ${l}`);
      continue;
    }
    const name = servedName(s.metric, served);
    if (!name) {
      problems.push(`${where}: ${s.metric} is not served by /metrics`);
      continue;
    }
    const labels = served.labels.get(name) ?? new Set<string>();
    for (const l of labels) known.add(l);
    for (const l of s.labels) if (!labels.has(l) && !TARGET_LABELS.has(l)) problems.push(`${where}: ${name} has no label ${l}`);
  }
  for (const l of grouping) if (!known.has(l)) problems.push(`${where}: grouping by ${l}, which none of its metrics has`);
  return problems;
}

describe("ops: dashboard, alert rules and compose profile match what the server serves", function () {
  this.timeout(60_000);
  const serverOf = useServer();
  let served: Served;

  before(async () => {
    // A table exists and a client sent a bad frame, as on any server that has run a while
    // (diwan_client_faults_total registers with the first fault).
    const room = await sdkClient(serverOf().url, await makeUser("Ops")).create("duel", { mode: "bots" });
    const rec = new Recorded(room);
    await until(() => (room.state as { status?: string } | undefined)?.status === "playing", 10_000, "a table");
    const ws = (room.connection.transport as unknown as { ws: { send(b: Uint8Array): void } }).ws;
    ws.send(new Uint8Array([13, 0xd9])); // a truncated envelope (test/rooms/frames.test.ts)
    await until(() => rec.of("error").length > 0, 5000, "the bad frame answered");
    const text = await (await fetch(`${serverOf().url}/metrics`)).text();
    const types = new Map<string, string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(m[1] as string, m[2] as string);
    const labels = new Map<string, Set<string>>();
    for (const metric of serverOf().metrics.registry.getMetricsAsArray()) {
      const names = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
      labels.set(metric.name, new Set([...names, "service"]));
    }
    served = { types, labels };
    await room.leave();
  });

  it("the PromQL reader finds selectors, label matchers and grouping labels", () => {
    const parts = promqlParts('histogram_quantile(0.99, sum by (le, game) (rate(diwan_x_bucket{game="a",instance=~"$instance"}[$__rate_interval]))) / up > 0.5');
    assert.deepEqual(parts.selectors, [{ metric: "diwan_x_bucket", labels: ["game", "instance"] }, { metric: "up", labels: [] }]);
    assert.deepEqual(parts.grouping, ["le", "game"]);
    // And it catches what it is for.
    const fake: Served = { types: new Map([["diwan_a", "counter"]]), labels: new Map([["diwan_a", new Set(["game", "service"])]]) };
    assert.deepEqual(checkExpr("t", "rate(diwan_a{game=\"x\"}[5m])", fake), []);
    assert.equal(checkExpr("t", "rate(diwan_b[5m])", fake).length, 1, "an unknown metric");
    assert.equal(checkExpr("t", "rate(diwan_a{room=\"x\"}[5m])", fake).length, 1, "an unknown label");
    assert.equal(checkExpr("t", "sum by (route) (rate(diwan_a[5m]))", fake).length, 1, "an unknown grouping label");
  });

  it("ops/grafana/diwan.json: valid JSON, every panel on the provisioned data source, every metric and label served", () => {
    const dashboard = JSON.parse(read("ops/grafana/diwan.json")) as {
      uid: string;
      panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string; datasource?: { uid: string } }[] }[];
      templating: { list: { query: { query: string } }[] };
    };
    const datasources = parse(read("ops/grafana/provisioning/datasources/prometheus.yml")) as { datasources: { uid: string; url: string }[] };
    const uid = datasources.datasources[0]!.uid;
    const problems: string[] = [];
    const graphs = dashboard.panels.filter((p) => p.type !== "row");
    assert.ok(graphs.length >= 20, "panels for API, tables, database, event log, fairness and the process");
    for (const panel of graphs) {
      if (panel.datasource?.uid !== uid) problems.push(`${panel.title}: data source ${panel.datasource?.uid}`);
      assert.ok(panel.targets?.length, `${panel.title} has queries`);
      for (const t of panel.targets ?? []) problems.push(...checkExpr(panel.title, t.expr.replace(/"\$instance"/g, '".*"'), served));
    }
    for (const v of dashboard.templating.list) problems.push(...checkExpr("variable", v.query.query.replace(/^label_values\((.*), \w+\)$/, "$1"), served));
    assert.deepEqual(problems, []);
    // The compose profile provisions the dashboard where the provider looks for it.
    const provider = parse(read("ops/grafana/provisioning/dashboards/diwan.yml")) as { providers: { options: { path: string } }[] };
    assert.equal(provider.providers[0]!.options.path, "/var/lib/grafana/dashboards");
  });

  it("ops/prometheus/alerts.yml: every rule complete, every metric and label served; the operator metrics are all alerted on", () => {
    const rules = parse(read("ops/prometheus/alerts.yml")) as { groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: { severity: string }; annotations: { summary: string; description: string } }[] }[] };
    const problems: string[] = [];
    const names = new Set<string>();
    for (const group of rules.groups) {
      assert.ok(group.name && group.rules.length > 0, `group ${group.name}`);
      for (const rule of group.rules) {
        assert.match(rule.alert, /^Diwan[A-Za-z]+$/);
        assert.ok(!names.has(rule.alert), `${rule.alert} defined once`);
        names.add(rule.alert);
        assert.ok(["page", "warn"].includes(rule.labels?.severity), `${rule.alert} severity`);
        assert.ok(rule.annotations?.summary && rule.annotations.description, `${rule.alert} annotations`);
        if (rule.for !== undefined) assert.match(rule.for, /^\d+[smh]$/, `${rule.alert} for`);
        assert.equal((rule.expr.match(/\(/g) ?? []).length, (rule.expr.match(/\)/g) ?? []).length, `${rule.alert}: balanced parentheses`);
        problems.push(...checkExpr(rule.alert, rule.expr, served));
      }
    }
    assert.deepEqual(problems, []);
    const all = rules.groups.flatMap((g) => g.rules.map((r) => r.expr)).join("\n");
    for (const metric of ["up", "diwan_game_action_handling_seconds", "diwan_http_request_duration_seconds", "diwan_db_pool_waiting", "diwan_recorder_pending_entries", "diwan_fairness_alerts_total"]) {
      assert.ok(all.includes(metric), `an alert on ${metric}`);
    }
  });

  it("prometheus.yml loads the rules and scrapes the game server; the compose profile mounts every file it names", () => {
    const prom = parse(read("ops/prometheus/prometheus.yml")) as { rule_files: string[]; scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] };
    assert.deepEqual(prom.rule_files, ["/etc/prometheus/alerts.yml"]);
    const job = prom.scrape_configs.find((j) => j.job_name === "diwan");
    assert.equal(job?.metrics_path, "/metrics");
    assert.deepEqual(job?.static_configs[0]?.targets, ["diwan:2567"]);

    const compose = parse(read("docker-compose.yml")) as { services: Record<string, { profiles?: string[]; volumes?: string[]; environment?: Record<string, string>; ports?: string[] }> };
    for (const name of ["prometheus", "grafana", "jaeger"]) {
      assert.deepEqual(compose.services[name]?.profiles, ["observability"], `${name} only in the observability profile`);
      for (const volume of compose.services[name]?.volumes ?? []) {
        const host = volume.split(":")[0] as string;
        assert.ok(host.startsWith("./ops/") && existsSync(`${root}${host.slice(2)}`), `${name} mounts ${host}, which exists`);
      }
    }
    const mounts = (compose.services.prometheus?.volumes ?? []).map((v) => v.split(":").slice(0, 2).join(":"));
    assert.ok(mounts.includes("./ops/prometheus/alerts.yml:/etc/prometheus/alerts.yml"));
    assert.equal(compose.services.diwan?.profiles, undefined, "the game server runs without the profile");
    assert.ok("OTEL_EXPORTER_OTLP_ENDPOINT" in (compose.services.diwan?.environment ?? {}));
    assert.ok(compose.services.jaeger?.ports?.includes("4318:4318"), "OTLP/HTTP reachable");
  });
});
