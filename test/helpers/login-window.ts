import { LOGIN_LIMITS } from '../../src/auth/auth.service.js';

// Failed sign-ins are counted per fixed window: a test that counts them must not straddle
// the end of one, or the count would start again half way.
export async function awayFromWindowEnd(marginMs = 20_000): Promise<void> {
  const left = LOGIN_LIMITS.windowMs - (Date.now() % LOGIN_LIMITS.windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}
