import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router, type Response } from "express";

/**
 * Serves the built web client (`npm run build:web` → dist/web) at `/`.
 * Registered after every API router, so it never answers an API path: hashed assets under
 * /assets are cached for a year, index.html is never cached, and only the client's own routes
 * (`/` and `/play/...`) fall back to index.html; anything else stays a JSON 404.
 */

/** The project root: the nearest folder above this module holding package.json (src/… or dist/src/…). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("web router: no package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const WEB_DIR = join(projectRoot(), "dist", "web");

/** Client-side routes answered with index.html (the client's router takes over from there). */
const CLIENT_ROUTES = ["/", "/play", "/play/*rest"];

const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

function sendIndex(dir: string, res: Response): void {
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("Content-Security-Policy", CSP);
  res.sendFile(join(dir, "index.html"));
}

export function webRouter(dir: string = WEB_DIR): Router {
  const router = Router();
  const built = existsSync(join(dir, "index.html"));
  if (!built) {
    for (const path of CLIENT_ROUTES) {
      router.get(path, (_req, res) => {
        res.status(503).type("text/plain").send("The web client is not built: run `npm run build:web` (npm start does it).\n");
      });
    }
    return router;
  }
  // Vite names every asset after its content hash: safe to cache forever.
  router.use("/assets", express.static(join(dir, "assets"), { immutable: true, maxAge: "1y", index: false, fallthrough: true }));
  for (const path of CLIENT_ROUTES) router.get(path, (_req, res) => sendIndex(dir, res));
  // Other top-level files of the build (icons): short cache, no directory listing, no index.
  router.use(
    express.static(dir, {
      index: false,
      maxAge: "1h",
      setHeaders: (res, path) => {
        if (path.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
      },
    }),
  );
  return router;
}
