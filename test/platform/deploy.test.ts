import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startScriptNodeFlags } from "../../bench/lib/child.js";
import { REPO_ROOT } from "../helpers/processes.js";

/** Docker does not run here: keep the deployment files honest by checking what they run. */
describe("deployment files", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

  it("the Dockerfile runs the install, build and start commands that CI and the README use", () => {
    const dockerfile = readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8");
    const ci = readFileSync(join(REPO_ROOT, ".ci/run"), "utf8");
    assert.match(dockerfile, /^FROM node:22/m);
    assert.match(dockerfile, /RUN npm ci /);
    assert.match(ci, /npm ci /);
    assert.match(dockerfile, /npm run build/);
    assert.match(ci, /npm run build/);
    assert.equal(pkg.scripts.start, "node dist/src/index.js");
    assert.match(dockerfile, /CMD \["node", "dist\/src\/index.js"\]/);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /HEALTHCHECK .*\n?.*\/health/);
  });

  it("the server builds from exactly the files the Dockerfile copies (tools such as scripts/loadtest.ts stay out)", function () {
    this.timeout(240_000);
    const ci = readFileSync(join(REPO_ROOT, ".ci/run"), "utf8");
    assert.match(ci, /^\.ci\/docker-context-build$/m, ".ci/run runs the docker-context build");
    // The list comes from the Dockerfile's build-stage COPY lines, so new COPY lines join it.
    const dockerfile = readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8");
    const buildStage = dockerfile.split(/^FROM /m)[1] ?? "";
    const expected = [...buildStage.matchAll(/^COPY (?!.*--from=)(.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/).filter((a) => !a.startsWith("--")).slice(0, -1));
    const listed = execFileSync(join(REPO_ROOT, ".ci/docker-context-build"), ["--list"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n");
    assert.deepEqual(listed, expected);
    assert.ok(listed.includes("src") && listed.includes("package-lock.json"));
    // The real build in a directory holding only those files (node_modules linked instead of npm ci).
    // .ci/run has just run it on this tree (and stops at its failure): not a second time there.
    if (process.env.DOCKER_CONTEXT_BUILT === "1") {
      console.log("      (the docker-context build itself: .ci/run ran it before the tests)");
    } else {
      const out = execFileSync(join(REPO_ROOT, ".ci/docker-context-build"), [], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_CONTEXT_NODE_MODULES: join(REPO_ROOT, "node_modules") },
        stdio: ["ignore", "pipe", "pipe"],
      });
      assert.match(out, /docker context build: ok/);
    }
    // The operator scripts the image runs are in the production build; the load tool is not.
    const build = JSON.parse(readFileSync(join(REPO_ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] };
    assert.ok(build.include.includes("scripts/create-admin.ts") && !build.include.some((p) => p === "scripts" || p.includes("loadtest") || p.startsWith("bench")));
  });

  function loadEcosystem(env: Record<string, string>): { apps: { name: string; env: Record<string, string> }[] } {
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", "const m = await import('./ecosystem.config.js'); console.log(JSON.stringify(m.default))"],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    return JSON.parse(out) as { apps: { name: string; env: Record<string, string> }[] };
  }

  it("npm start, the Dockerfile, ecosystem.config.js and the load tool's server run with the same Node flags", () => {
    const flags = startScriptNodeFlags(pkg.scripts.start as string);
    // None today (docs/OPERATIONS.md "Node flags": --max-semi-space-size=64 was measured and not kept).
    assert.deepEqual(flags, []);
    assert.deepEqual(startScriptNodeFlags("node --max-semi-space-size=64 --trace-gc dist/src/index.js"), ["--max-semi-space-size=64", "--trace-gc"]);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8"))?.[1];
    assert.deepEqual(JSON.parse(cmd ?? "[]"), ["node", ...flags, "dist/src/index.js"]);
    assert.equal((loadEcosystem({ INSTANCES: "1" }).apps[0] as unknown as Record<string, unknown>).node_args ?? "", flags.join(" "));
    assert.throws(() => startScriptNodeFlags("tsx src/index.ts"), /is not "node \[--flags\] dist\/src\/index.js"/);
  });

  it("ecosystem.config.js gives each process its own PORT and PUBLIC_ADDRESS", () => {
    const { apps } = loadEcosystem({ INSTANCES: "3", REDIS_URL: "redis://127.0.0.1:6379", PUBLIC_HOST: "game.example.com" });
    assert.equal(apps.length, 3);
    assert.deepEqual(
      apps.map((a) => [a.env.PORT, a.env.PUBLIC_ADDRESS]),
      [
        ["2567", "game.example.com:2567"],
        ["2568", "game.example.com:2568"],
        ["2569", "game.example.com:2569"],
      ],
    );
  });

  it("ecosystem.config.js restarts a process that exits, with back-off, and one over its memory limit", () => {
    const { apps } = loadEcosystem({ INSTANCES: "1", MAX_MEMORY: "900M" }) as unknown as { apps: Record<string, unknown>[] };
    const app = apps[0]!;
    assert.equal(app.autorestart, true);
    assert.equal(app.exp_backoff_restart_delay, 100);
    assert.equal(app.min_uptime, "10s");
    assert.equal(app.max_restarts, 15);
    assert.equal(app.max_memory_restart, "900M");
    assert.equal(app.kill_timeout, 30_000);
    assert.equal((loadEcosystem({ INSTANCES: "1" }).apps[0] as unknown as Record<string, unknown>).max_memory_restart, "1500M");
  });

  it("docker-compose.yml restarts the server unless stopped, checks /ready and gives shutdown its time", () => {
    const compose = readFileSync(join(REPO_ROOT, "docker-compose.yml"), "utf8");
    const diwan = compose.split(/^ {2}postgres:$/m)[0] ?? "";
    assert.match(diwan, /^ {4}restart: unless-stopped$/m);
    assert.match(diwan, /^ {4}healthcheck:\n(?:\s+#.*\n)*\s+test: .*\/ready/m);
    assert.match(diwan, /^ {4}stop_grace_period: 30s$/m);
  });

  it("ecosystem.config.js refuses several processes without REDIS_URL", () => {
    assert.throws(() => loadEcosystem({ INSTANCES: "2" }), /REDIS_URL is required/);
    assert.equal(loadEcosystem({ INSTANCES: "1" }).apps.length, 1);
  });
});
