import type { RequestHandler } from "express";

/**
 * Deprecation signals for HTTP routes (docs/API_VERSIONING.md): `Deprecation` (RFC 9745, the
 * moment the route became deprecated as `@<unix seconds>`), `Sunset` (RFC 8594, the HTTP date
 * after which it may stop working; only once a date is decided) and `Link` to the route that
 * replaces it and to the policy.
 */
export interface DeprecationInfo {
  /** When the route became deprecated (ISO date or date-time). */
  since: string;
  /** When it may be removed (ISO date or date-time); omitted until decided. */
  sunset?: string;
  /** The replacement, as a path of this API (e.g. /players/{id}/stats). */
  successor?: string;
}

/** The interactive docs: deprecated operations are marked there, with the policy in the API description. */
export const DEPRECATION_POLICY = "/docs";

function instant(iso: string, what: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`deprecation: ${what} is not a date: ${JSON.stringify(iso)}`);
  return d;
}

/** The response headers for a deprecated route. Throws on dates that do not parse (a programming error). */
export function deprecationHeaders(info: DeprecationInfo): Record<string, string> {
  const since = instant(info.since, "since");
  const headers: Record<string, string> = { Deprecation: `@${Math.floor(since.getTime() / 1000)}` };
  if (info.sunset !== undefined) {
    const sunset = instant(info.sunset, "sunset");
    if (sunset <= since) throw new RangeError("deprecation: sunset must come after since");
    headers.Sunset = sunset.toUTCString();
  }
  const links = [`<${DEPRECATION_POLICY}>; rel="deprecation"`];
  if (info.successor) links.unshift(`<${info.successor}>; rel="successor-version"`);
  headers.Link = links.join(", ");
  return headers;
}

/** Middleware that marks every response of a route (errors included) as deprecated. */
export function deprecated(info: DeprecationInfo): RequestHandler {
  const headers = deprecationHeaders(info);
  return (_req, res, next) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    next();
  };
}
