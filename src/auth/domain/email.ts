/** An address as accounts are keyed by it: one address, one account, whatever its case or spacing. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
