import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db/database.js";
import type { UserRow } from "../db/tables.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import type { Role } from "./tokens.js";

/**
 * Accounts: sign-up, login, guests and their upgrade to full accounts, roles.
 * Guests are real users rows (is_guest) so their matches are theirs when they upgrade.
 */

export class AccountError extends Error {
  constructor(
    readonly code: "EMAIL_TAKEN" | "BAD_CREDENTIALS" | "NOT_A_GUEST" | "USER_NOT_FOUND" | "OWN_ROLE",
    message: string,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

/** One spelling per mailbox: surrounding spaces and letter case never make a second account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface SignupInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

export interface PublicUser {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  displayName: string;
  role: Role;
  guest: boolean;
  leaguePoints: number;
  createdAt: string;
}

export function toPublicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    email: u.email,
    firstName: u.first_name,
    lastName: u.last_name,
    displayName: u.display_name,
    role: u.role,
    guest: u.is_guest,
    leaguePoints: u.league_points,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === "23505";

function displayNameOf(firstName: string, lastName: string): string {
  return `${firstName} ${lastName}`.trim();
}

/** Told when an account's tokens are withdrawn, so this process stops honouring them at once. */
export type TokensWithdrawn = (userId: string) => void;

/**
 * No role is ever derived from an e-mail address (addresses are not verified): every account
 * starts as a player; the first admin comes from `npm run create-admin` (ensureAdmin).
 */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly onTokensWithdrawn: TokensWithdrawn = () => {},
  ) {}

  async signup(input: SignupInput): Promise<UserRow> {
    const email = normaliseEmail(input.email);
    const password_hash = await hashPassword(input.password);
    try {
      return await this.db
        .insertInto("users")
        .values({
          email,
          password_hash,
          first_name: input.firstName,
          last_name: input.lastName,
          display_name: displayNameOf(input.firstName, input.lastName),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AccountError("EMAIL_TAKEN", "an account with this e-mail already exists");
      throw err;
    }
  }

  /** Same error and (about) the same time whether the e-mail or the password was wrong. */
  async login(emailInput: string, password: string): Promise<UserRow> {
    const email = normaliseEmail(emailInput);
    const user = await this.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    const ok = await verifyPassword(user?.password_hash, password);
    if (!user || !ok) throw new AccountError("BAD_CREDENTIALS", "e-mail or password is incorrect");
    return user;
  }

  async createGuest(displayName?: string): Promise<UserRow> {
    const name = displayName?.trim() || `Guest ${randomInt(1000, 10_000)}`;
    return this.db
      .insertInto("users")
      .values({ display_name: name, is_guest: true })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Turns a guest into a full account in place: same id, so its matches stay its own. */
  async upgradeGuest(userId: string, input: SignupInput): Promise<UserRow> {
    const user = await this.findById(userId);
    if (!user) throw new AccountError("USER_NOT_FOUND", "user not found");
    if (!user.is_guest) throw new AccountError("NOT_A_GUEST", "this account is already a full account");
    const email = normaliseEmail(input.email);
    const password_hash = await hashPassword(input.password);
    try {
      const updated = await this.db
        .updateTable("users")
        .set({
          email,
          password_hash,
          first_name: input.firstName,
          last_name: input.lastName,
          display_name: displayNameOf(input.firstName, input.lastName),
          is_guest: false,
          league_points: 1000,
          // The guest's tokens (guest=true) stop working: the new session carries the new version.
          token_version: sql<number>`token_version + 1`,
          updated_at: new Date(),
        })
        .where("id", "=", userId)
        .where("is_guest", "=", true)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new AccountError("NOT_A_GUEST", "this account is already a full account");
      this.onTokensWithdrawn(userId);
      return updated;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AccountError("EMAIL_TAKEN", "an account with this e-mail already exists");
      throw err;
    }
  }

  /** `db` lets a caller read inside its own transaction. */
  async findById(id: string, db: Db = this.db): Promise<UserRow | undefined> {
    // Ids come from tokens and URLs; anything that is not a uuid cannot exist (and would make Postgres throw).
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
    return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
  }

  /**
   * Changes a role and withdraws the account's access tokens (they carry the old role), so
   * the change holds on every route and room join within the token-check cache time.
   * `actorId` is the admin making the change: nobody may change his own role.
   */
  async setRole(userId: string, role: Role, actorId?: string): Promise<UserRow> {
    if (actorId !== undefined && actorId === userId) throw new AccountError("OWN_ROLE", "nobody may change his own role");
    const user = await this.db
      .updateTable("users")
      .set({ role, token_version: sql<number>`token_version + 1`, updated_at: new Date() })
      .where("id", "=", userId)
      .returningAll()
      .executeTakeFirst();
    if (!user) throw new AccountError("USER_NOT_FOUND", "user not found");
    this.onTokensWithdrawn(userId);
    return user;
  }

  /** For the create-admin CLI: create an admin, or promote (and optionally re-password) an existing account. */
  async ensureAdmin(input: SignupInput | { email: string; password?: undefined }): Promise<{ user: UserRow; created: boolean }> {
    const existing = await this.findByEmail(input.email);
    if (existing) {
      if (input.password) {
        await this.db
          .updateTable("users")
          .set({ password_hash: await hashPassword(input.password), is_guest: false, updated_at: new Date() })
          .where("id", "=", existing.id)
          .execute();
      }
      return { user: await this.setRole(existing.id, "admin"), created: false };
    }
    if (!input.password) throw new AccountError("USER_NOT_FOUND", "no account with this e-mail; give a password to create one");
    const user = await this.signup(input as SignupInput);
    return { user: await this.setRole(user.id, "admin"), created: true };
  }
}
