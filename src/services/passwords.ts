import argon2 from "argon2";

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4): OWASP-level cost. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verified against when the account does not exist, so a wrong e-mail costs the same time as a
// wrong password and timing does not reveal which one was wrong.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword("not-a-real-password-0000");
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
