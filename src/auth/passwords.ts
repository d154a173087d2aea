import argon2 from 'argon2';

// argon2id with the library's defaults (64 MiB, 3 passes).
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verified when the account does not exist, so that a wrong address takes as long as a
// wrong password and the timing tells nothing.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword('not-a-real-password');
  try {
    return await argon2.verify(hash ?? (await decoy), password);
  } catch {
    return false;
  }
}
