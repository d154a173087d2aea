/** The longest text each article input takes (and so the most a response field can hold). */
export const LIMITS = { headline: 300, standfirst: 1_000, body: 500_000, authorNote: 1_000, tags: 30, tag: 60, authors: 20, comment: 2_000 } as const;
