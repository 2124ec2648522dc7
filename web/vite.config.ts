import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

/** First-load budget for the gzipped JavaScript index.html pulls in (issue 11). */
const BUDGET_KB = 250;

/** Prints the gzipped size of the JavaScript the first page load fetches, and fails over budget. */
function firstLoadBudget(): Plugin {
  let outDir = "";
  return {
    name: "diwan-first-load-budget",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const html = readFileSync(join(outDir, "index.html"), "utf8");
      const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
      const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0);
      const kb = bytes / 1024;
      console.log(`first-load JS: ${kb.toFixed(1)} KiB gzipped in ${scripts.length} file(s) (budget ${BUDGET_KB} KiB)`);
      if (kb > BUDGET_KB) throw new Error(`first-load JS ${kb.toFixed(1)} KiB gzipped is over the ${BUDGET_KB} KiB budget`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: join(import.meta.dirname, "..", "dist", "web"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  plugins: [firstLoadBudget()],
});
