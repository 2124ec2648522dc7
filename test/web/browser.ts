import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { WEB_DIR } from "../../src/http/web.router.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { useServer } from "../helpers/tables.js";

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) against a real Diwan server
 * serving the built web client. The build is (re)made here when dist/web is missing or older than
 * its sources, so `npm test` alone is enough.
 */

/** The page's document, for functions evaluated in the browser (the test tsconfig has no DOM lib). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };

export const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(WEB_DIR, "..", "..");
export const ARTIFACTS = join(ROOT, "test-artifacts", "web");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function ensureWebBuild(): void {
  const index = join(WEB_DIR, "index.html");
  const sources = [join(ROOT, "web"), join(ROOT, "clients", "ts")];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", join(ROOT, "web", "vite.config.ts"), "--logLevel", "error"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Skip the calling suite when Chromium is not installed (.ci/run installs it, so CI never skips). */
export function requireChromium(ctx: Mocha.Context): void {
  if (!existsSync(CHROMIUM)) {
    console.log(`      (skipped: ${CHROMIUM} is missing; apt-get install -y chromium, as .ci/run does)`);
    ctx.skip();
  }
}

/**
 * The server of a browser suite, started only once Chromium is known to be there and the web
 * client is built: the server decides when it starts whether it has a client to serve (a
 * server started before the first build of a fresh clone answers every page with 503).
 */
export function useWebServer(overrides: Record<string, string> = {}): () => DiwanServer {
  before(function () {
    requireChromium(this);
    ensureWebBuild();
  });
  return useServer(overrides);
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };

export async function newPlayer(browser: Browser, base: string, options: { locale?: string; viewport?: { width: number; height: number }; name?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.locale ?? "en-US", viewport: options.viewport ?? DESKTOP, baseURL: base });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto("/play");
  if (options.name) await page.fill("form input", options.name);
  await page.click("[data-testid=guest]");
  await page.waitForSelector("[data-testid=vs-bots]");
  return { context, page };
}

/** Open the vs-bots table from the lobby with a low target so a match is a few hands long. */
export async function startVsBots(page: Page, target = 16): Promise<string> {
  await page.fill("[data-testid=target]", String(target));
  await page.click("[data-testid=vs-bots]");
  await page.waitForURL(/\/play\/table\//);
  await page.waitForSelector(".baloot");
  return new URL(page.url()).pathname.split("/").pop() as string;
}

export async function seq(page: Page): Promise<number> {
  return Number(await page.getAttribute("[data-testid=table]", "data-seq"));
}

/**
 * One move of ours if it is our turn: a legal card (the first enabled), else a call (Sun or Hokum
 * before passing, so hands get played). Waits until the state moved on. Returns false when it
 * was not our turn.
 */
export async function playOnce(page: Page): Promise<boolean> {
  const before = await seq(page);
  const card = page.locator(".hand-card:not([disabled])").first();
  if (await card.count()) {
    await card.click();
  } else {
    const calls = page.locator(".calls .call");
    const n = await calls.count();
    if (n === 0) return false;
    const actions = await calls.evaluateAll((els) => els.map((e) => e.getAttribute("data-action") ?? ""));
    const preferred = actions.findIndex((a) => a.includes('"SUN"') || a.includes('"HOKUM"'));
    await calls.nth(preferred >= 0 ? preferred : 0).click();
  }
  await page.waitForFunction(
    (prev) => Number(document.querySelector("[data-testid=table]")?.getAttribute("data-seq")) > prev || !!document.querySelector("[data-testid=notices]"),
    before,
  );
  return true;
}

/** Wait until it is our turn or the match ended; true when a move is offered. */
export async function waitForTurn(page: Page): Promise<boolean> {
  await page.waitForSelector(".calls .call, .hand-card:not([disabled]), [data-testid=result]");
  return (await page.locator("[data-testid=result]").count()) === 0;
}

export async function noRefusals(page: Page): Promise<string[]> {
  return page.locator("[data-testid=notices] .notice").allTextContents();
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
