import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";
import { buildOpenApiDocument } from "./openapi.js";

/**
 * GET /openapi.json and interactive docs at /docs (Swagger UI from the swagger-ui-dist package,
 * served from node_modules: no CDN, works offline). The page loads only same-origin scripts.
 */

const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve("swagger-ui-dist/package.json"));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Diwan API</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true });\n`;

export function docsRouter(): Router {
  const router = Router();
  // Built on first request, not at start-up (start-up time matters more than the first docs hit).
  let document: Record<string, unknown> | undefined;
  router.get("/openapi.json", (_req, res) => {
    document ??= buildOpenApiDocument();
    res.json(document);
  });
  router.get("/docs", (_req, res) => {
    res.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    res.type("html").send(PAGE);
  });
  router.get("/docs/init.js", (_req, res) => {
    res.type("application/javascript").send(INIT);
  });
  router.use("/docs/assets", express.static(swaggerDir, { index: false, maxAge: "1h" }));
  return router;
}
