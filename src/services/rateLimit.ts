import type { Redis } from "ioredis";

/**
 * Fixed-window rate limits. In memory per process by default; with Redis the counters are
 * shared, so a limit holds however many processes serve the clients. Used by the auth routes
 * (per IP, per account) and exported for the room layer (table creation per user).
 */

export interface RateLimitResult {
  ok: boolean;
  /** Seconds until the window resets (whole seconds, at least 1 when refused). */
  retryAfterS: number;
  remaining: number;
}

export interface RateLimiter {
  /** Counts one hit for `key` and says whether it is within the limit. */
  take(key: string): Promise<RateLimitResult>;
  /** Forget a key (e.g. tests, or an admin unblocking an account). */
  reset(key: string): Promise<void>;
}

export interface RateLimiterOptions {
  windowMs: number;
  max: number;
  /** Namespaces the keys (one limiter per purpose). */
  name: string;
  /** Shared counters across processes when given. */
  redis?: Redis | undefined;
  now?: () => number;
}

function resultFor(count: number, max: number, msLeft: number): RateLimitResult {
  const ok = count <= max;
  return { ok, remaining: Math.max(0, max - count), retryAfterS: Math.max(1, Math.ceil(msLeft / 1000)) };
}

class MemoryLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(private readonly options: RateLimiterOptions) {}

  async take(key: string): Promise<RateLimitResult> {
    return this.takeSync(key);
  }

  takeSync(key: string): RateLimitResult {
    const now = (this.options.now ?? Date.now)();
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.options.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return resultFor(w.count, this.options.max, w.resetAt - now);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  /** Expired windows are dropped at most once per window so the map cannot grow without bound. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.options.windowMs) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

// INCR and set the expiry on the first hit atomically; returns [count, ms left].
const TAKE_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

class RedisLimiter implements RateLimiter {
  private readonly fallback: MemoryLimiter;

  constructor(
    private readonly options: RateLimiterOptions,
    private readonly redis: Redis,
  ) {
    this.fallback = new MemoryLimiter(options);
  }

  private redisKey(key: string): string {
    return `diwan:rl:${this.options.name}:${key}`;
  }

  async take(key: string): Promise<RateLimitResult> {
    try {
      const [count, ttl] = (await this.redis.eval(TAKE_SCRIPT, 1, this.redisKey(key), String(this.options.windowMs))) as [number, number];
      return resultFor(count, this.options.max, ttl);
    } catch {
      // Redis away: limit per process rather than refusing every login.
      return this.fallback.takeSync(key);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    await this.redis.del(this.redisKey(key)).catch(() => 0);
  }
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (options.windowMs <= 0 || options.max < 1) throw new RangeError("rate limiter needs windowMs > 0 and max >= 1");
  return options.redis ? new RedisLimiter(options, options.redis) : new MemoryLimiter(options);
}

/** The per-user table creation limit from TABLE_RATE_LIMIT_PER_MIN, for the room layer. */
export function createTableCreationLimiter(
  config: { tableRateLimitPerMin: number },
  redis: Redis | undefined,
): RateLimiter {
  return createRateLimiter({ name: "tables", windowMs: 60_000, max: config.tableRateLimitPerMin, redis });
}
