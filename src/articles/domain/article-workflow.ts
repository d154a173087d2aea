import type { StaffRole } from '../../auth/domain/roles.js';
import { DomainError, forbidden, invalidTransition } from '../../common/errors/domain-error.js';

// The editorial workflow, as data. Nothing else in the code decides which
// status an article may move to, who may move it, or what a move requires.

export const ARTICLE_STATUSES = ['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'PRINTED', 'SPIKED', 'RETRACTED'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Who may take a move: roles, the article's own writers, the scheduler. */
export type Actor = StaffRole | 'WRITER' | 'SCHEDULER';

export type Requirement = 'COMMENT' | 'FUTURE_PUBLISH_AT' | 'COMPLETE_COPY' | 'PLACEMENT';

export interface Move {
  name: string;
  from: readonly ArticleStatus[];
  to: ArticleStatus;
  who: readonly Actor[];
  requires: readonly Requirement[];
  /** Taken only by marking a print edition printed, never by transitionArticle. */
  viaEdition?: true;
}

export const WORKFLOW: readonly Move[] = [
  { name: 'submit', from: ['DRAFT'], to: 'SUBMITTED', who: ['WRITER', 'COPY_EDITOR', 'EDITOR'], requires: ['COMPLETE_COPY'] },
  { name: 'return', from: ['SUBMITTED', 'EDITED'], to: 'DRAFT', who: ['COPY_EDITOR', 'EDITOR'], requires: ['COMMENT'] },
  { name: 'copy edit done', from: ['SUBMITTED'], to: 'EDITED', who: ['COPY_EDITOR', 'EDITOR'], requires: [] },
  { name: 'approve', from: ['SUBMITTED', 'EDITED'], to: 'APPROVED', who: ['EDITOR'], requires: [] },
  { name: 'schedule', from: ['APPROVED'], to: 'SCHEDULED', who: ['EDITOR'], requires: ['FUTURE_PUBLISH_AT'] },
  { name: 'unschedule', from: ['SCHEDULED'], to: 'APPROVED', who: ['EDITOR'], requires: [] },
  { name: 'publish', from: ['APPROVED', 'SCHEDULED'], to: 'PUBLISHED', who: ['EDITOR', 'SCHEDULER'], requires: [] },
  {
    name: 'edition printed',
    from: ['APPROVED', 'SCHEDULED', 'PUBLISHED'],
    to: 'PRINTED',
    who: ['PRODUCTION', 'EDITOR'],
    requires: ['PLACEMENT'],
    viaEdition: true,
  },
  {
    name: 'spike',
    from: ['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SCHEDULED'],
    to: 'SPIKED',
    who: ['EDITOR'],
    requires: ['COMMENT'],
  },
  { name: 'restore', from: ['SPIKED'], to: 'DRAFT', who: ['EDITOR'], requires: [] },
  { name: 'retract', from: ['PUBLISHED', 'PRINTED'], to: 'RETRACTED', who: ['EDITOR'], requires: ['COMMENT'] },
  { name: 'republish', from: ['RETRACTED'], to: 'PUBLISHED', who: ['EDITOR'], requires: [] },
];

/** The one asking, as the workflow sees them for one article. */
export interface WorkflowViewer {
  /** Their role in the article's publication, if any. */
  role: StaffRole | null;
  isAdmin: boolean;
  /** They created the article or are the user of one of its authors. */
  isWriter: boolean;
  isScheduler?: boolean;
}

/** What a move is checked against. */
export interface MoveRequest {
  comment?: string | null;
  publishAt?: Date | null;
  now: Date;
  /** headline, body, section and at least one author are present. */
  copyComplete?: boolean;
  /** The article is placed in the edition being printed. */
  placed?: boolean;
}

export function findMove(from: ArticleStatus, to: ArticleStatus): Move | undefined {
  return WORKFLOW.find((move) => move.to === to && move.from.includes(from));
}

/** Whether the viewer is among a move's actors (an admin may take any move a person may). */
export function mayTake(move: Move, viewer: WorkflowViewer): boolean {
  if (viewer.isScheduler) return move.who.includes('SCHEDULER');
  if (viewer.isAdmin) return move.who.some((actor) => actor !== 'SCHEDULER');
  if (viewer.role === null) return false;
  if (move.who.includes(viewer.role)) return true;
  // WRITER: the article's own writers, whatever their (non-production) role.
  return move.who.includes('WRITER') && viewer.isWriter && viewer.role !== 'PRODUCTION';
}

/** The statuses the viewer may move the article to now through transitionArticle. */
export function allowedMoves(status: ArticleStatus, viewer: WorkflowViewer): ArticleStatus[] {
  return WORKFLOW.filter((move) => !move.viaEdition && move.from.includes(status) && mayTake(move, viewer)).map((move) => move.to);
}

/** What a move still needs, named by the domain; the caller says which input it came from. */
export interface MissingRequirement {
  requirement: Requirement;
  message: string;
}

/** A move the table allows the viewer, refused for what it lacks (BAD_USER_INPUT). */
export class MissingRequirements extends DomainError {
  constructor(readonly missing: MissingRequirement[]) {
    super('BAD_USER_INPUT', missing.map((m) => `${REQUIREMENT_NAMES[m.requirement]} ${m.message}`).join('; '), {
      fields: missing.map((m) => ({ field: REQUIREMENT_NAMES[m.requirement], message: m.message })),
    });
  }
}

const REQUIREMENT_NAMES: Record<Requirement, string> = {
  COMMENT: 'comment',
  FUTURE_PUBLISH_AT: 'publishAt',
  COMPLETE_COPY: 'copy',
  PLACEMENT: 'placement',
};

/**
 * Checks a requested move and returns it. Throws INVALID_TRANSITION when the table has no
 * such move (or it is taken only by printing an edition), FORBIDDEN when the viewer may not
 * take it, MissingRequirements when a requirement is missing.
 */
export function assertCanMove(
  status: ArticleStatus,
  to: ArticleStatus,
  viewer: WorkflowViewer,
  request: MoveRequest,
  options: { viaEdition?: boolean } = {},
): Move {
  const move = findMove(status, to);
  if (!move || Boolean(move.viaEdition) !== Boolean(options.viaEdition)) {
    const allowed = allowedMoves(status, viewer);
    const hint = move?.viaEdition ? ': an article is printed by marking its print edition printed' : '';
    throw invalidTransition(`An article cannot move from ${status} to ${to}${hint}`, allowed);
  }
  if (!mayTake(move, viewer)) {
    throw forbidden(`You may not ${move.name} this article`);
  }
  const missing = move.requires.flatMap((requirement) => missingFor(requirement, request));
  if (missing.length > 0) throw new MissingRequirements(missing);
  return move;
}

function missingFor(requirement: Requirement, request: MoveRequest): MissingRequirement[] {
  const lacking = (message: string) => [{ requirement, message }];
  switch (requirement) {
    case 'COMMENT':
      return request.comment?.trim() ? [] : lacking('is required for this move');
    case 'FUTURE_PUBLISH_AT':
      if (!request.publishAt) return lacking('is required to schedule');
      return request.publishAt.getTime() > request.now.getTime() ? [] : lacking('must be in the future');
    case 'COMPLETE_COPY':
      return request.copyComplete ? [] : lacking('needs a headline, a body, a section and at least one author to be submitted');
    case 'PLACEMENT':
      return request.placed ? [] : lacking('the article is not placed in this edition');
  }
}

/** What a move changes besides the status: its timestamps, as written with the move. */
export interface MoveEffects {
  status: ArticleStatus;
  submittedAt?: Date;
  approvedAt?: Date;
  publishedAt?: Date | null;
  printedAt?: Date;
  scheduledFor?: Date | null;
  retractedAt?: Date | null;
  retractionReason?: string | null;
}

/**
 * The effects of moving `article` to `to` at `now`, whoever makes the move (an editor, the
 * scheduler, printing): the one place that says which timestamps a move sets.
 */
export function effectsOf(
  article: { status: ArticleStatus; publishedAt: Date | null; scheduledFor: Date | null },
  to: ArticleStatus,
  request: { comment?: string | null; publishAt?: Date | null },
  now: Date,
): MoveEffects {
  const wasScheduled = article.status === 'SCHEDULED';
  switch (to) {
    case 'SUBMITTED':
      return { status: to, submittedAt: now };
    case 'APPROVED':
      return wasScheduled ? { status: to, scheduledFor: null, publishedAt: null } : { status: to, approvedAt: now };
    case 'SCHEDULED':
      // publishedAt carries the time the story goes public: from then on it is listed.
      return { status: to, scheduledFor: request.publishAt!, publishedAt: request.publishAt! };
    case 'PUBLISHED':
      if (article.status === 'RETRACTED') return { status: to, retractedAt: null, retractionReason: null };
      // A scheduled story whose time has passed has been public since then.
      if (wasScheduled && article.scheduledFor && article.scheduledFor.getTime() <= now.getTime()) return { status: to, scheduledFor: null };
      return { status: to, publishedAt: now, scheduledFor: null };
    case 'RETRACTED':
      return { status: to, retractedAt: now, retractionReason: request.comment!.trim() };
    case 'SPIKED':
      return wasScheduled ? { status: to, scheduledFor: null, publishedAt: null } : { status: to };
    case 'PRINTED': {
      // Printing puts online at once whatever was not online yet (a scheduled story included).
      const online = article.publishedAt !== null && article.publishedAt.getTime() <= now.getTime();
      return { status: to, printedAt: now, scheduledFor: null, ...(online ? {} : { publishedAt: now }) };
    }
    case 'DRAFT':
    case 'EDITED':
      return { status: to };
  }
}

/** Who may change an article's content in a given status: a contributor their own draft, a copy editor what is submitted or edited, an editor all but spiked and retracted. */
export function mayEdit(status: ArticleStatus, viewer: WorkflowViewer): boolean {
  if (status === 'SPIKED' || status === 'RETRACTED') return false;
  if (viewer.isAdmin || viewer.role === 'EDITOR') return true;
  if (viewer.role === 'COPY_EDITOR') return status === 'SUBMITTED' || status === 'EDITED' || (status === 'DRAFT' && viewer.isWriter);
  if (viewer.role === 'CONTRIBUTOR') return status === 'DRAFT' && viewer.isWriter;
  return false;
}

// What the public may see: PUBLISHED and PRINTED articles, and SCHEDULED ones whose time
// has come (publishedAt is set to the scheduled time when an article is scheduled), so a
// late scheduler never delays a story. RETRACTED articles are reachable by slug as a
// tombstone but never listed.
export const PUBLIC_STATUSES: readonly ArticleStatus[] = ['PUBLISHED', 'PRINTED', 'SCHEDULED'];
export const TOMBSTONE_STATUS: ArticleStatus = 'RETRACTED';

/** A SCHEDULED article whose time has come is, for every purpose, published. */
export function isDueScheduled(status: ArticleStatus, scheduledFor: Date | null, now: Date): boolean {
  return status === 'SCHEDULED' && scheduledFor !== null && scheduledFor.getTime() <= now.getTime();
}

/** The statuses from which a move to `to` exists (e.g. what may be placed on a page: PRINTED). */
export function statusesMovingTo(to: ArticleStatus): ArticleStatus[] {
  return [...new Set(WORKFLOW.filter((move) => move.to === to).flatMap((move) => move.from))];
}

// A correction amends what the public has read: only public articles take one.
export const CORRECTABLE_STATUSES: readonly ArticleStatus[] = ['PUBLISHED', 'PRINTED', 'RETRACTED'];
