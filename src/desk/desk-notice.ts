// What the live desk tells every instance through PostgreSQL (NOTIFY on DESK_CHANNEL, sent in
// the writing transaction, so heard only once it commits): which article changed and how, or
// whose sessions ended. Ids and numbers only: NOTIFY payloads must stay under 8000 bytes, and
// each subscriber loads the article as it may see it.

export const DESK_CHANNEL = 'newsroom_desk';

export const DESK_CHANGE_KINDS = ['CREATED', 'SAVED', 'MOVED'] as const;
export type DeskChangeKind = (typeof DESK_CHANGE_KINDS)[number];

/** A change to an article: a new draft, a content save or a workflow move, at its new version. */
export interface ArticleChanged {
  kind: DeskChangeKind;
  articleId: string;
  publicationId: string;
  version: number;
  at: Date;
}

export type DeskNotice = ({ type: 'article' } & ArticleChanged) | { type: 'sessions-ended'; userId: string };

export function encodeNotice(notice: DeskNotice): string {
  return JSON.stringify(notice.type === 'article' ? { ...notice, at: notice.at.toISOString() } : notice);
}

/** The notice a payload holds; null for anything else (never trusted further than its shape). */
export function decodeNotice(payload: string | undefined): DeskNotice | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(payload ?? '') as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (value.type === 'sessions-ended') return typeof value.userId === 'string' ? { type: 'sessions-ended', userId: value.userId } : null;
  const { kind, articleId, publicationId, version, at } = value;
  const when = typeof at === 'string' ? new Date(at) : null;
  if (
    value.type !== 'article' ||
    !DESK_CHANGE_KINDS.includes(kind as DeskChangeKind) ||
    typeof articleId !== 'string' ||
    typeof publicationId !== 'string' ||
    typeof version !== 'number' ||
    !when ||
    Number.isNaN(when.getTime())
  ) {
    return null;
  }
  return { type: 'article', kind: kind as DeskChangeKind, articleId, publicationId, version, at: when };
}
