import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain-error.js';
import { ARTICLE_STATUSES, allowedMoves, assertCanMove, mayEdit, type ArticleStatus, type WorkflowViewer } from './article-workflow.js';
import type { StaffRole } from '../../auth/domain/roles.js';

// The workflow table, move by move and role by role: no Nest, no database.

const now = new Date('2026-01-01T12:00:00Z');
const future = new Date('2026-01-02T12:00:00Z');
const past = new Date('2025-12-31T12:00:00Z');
const complete = { now, comment: 'a reason', publishAt: future, copyComplete: true, placed: true };

const as = (role: StaffRole | null, extra: Partial<WorkflowViewer> = {}): WorkflowViewer => ({ role, isAdmin: false, isWriter: false, ...extra });
const WRITER = as('CONTRIBUTOR', { isWriter: true });
const CONTRIBUTOR = as('CONTRIBUTOR');
const COPY_EDITOR = as('COPY_EDITOR');
const EDITOR = as('EDITOR');
const PRODUCTION = as('PRODUCTION');
const ADMIN = as(null, { isAdmin: true });
const SCHEDULER = as(null, { isScheduler: true });
const OUTSIDER = as(null);

const viewers = { WRITER, CONTRIBUTOR, COPY_EDITOR, EDITOR, PRODUCTION, ADMIN, SCHEDULER, OUTSIDER };
type Who = keyof typeof viewers;

// Every move of the table: from, to, and who may take it. Everyone else gets FORBIDDEN.
const TABLE: [ArticleStatus, ArticleStatus, Who[]][] = [
  ['DRAFT', 'SUBMITTED', ['WRITER', 'COPY_EDITOR', 'EDITOR', 'ADMIN']],
  ['SUBMITTED', 'DRAFT', ['COPY_EDITOR', 'EDITOR', 'ADMIN']],
  ['EDITED', 'DRAFT', ['COPY_EDITOR', 'EDITOR', 'ADMIN']],
  ['SUBMITTED', 'EDITED', ['COPY_EDITOR', 'EDITOR', 'ADMIN']],
  ['SUBMITTED', 'APPROVED', ['EDITOR', 'ADMIN']],
  ['EDITED', 'APPROVED', ['EDITOR', 'ADMIN']],
  ['APPROVED', 'SCHEDULED', ['EDITOR', 'ADMIN']],
  ['SCHEDULED', 'APPROVED', ['EDITOR', 'ADMIN']],
  ['APPROVED', 'PUBLISHED', ['EDITOR', 'ADMIN', 'SCHEDULER']],
  ['SCHEDULED', 'PUBLISHED', ['EDITOR', 'ADMIN', 'SCHEDULER']],
  ...(['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SCHEDULED'] as const).map((from): [ArticleStatus, ArticleStatus, Who[]] => [
    from,
    'SPIKED',
    ['EDITOR', 'ADMIN'],
  ]),
  ['SPIKED', 'DRAFT', ['EDITOR', 'ADMIN']],
  ['PUBLISHED', 'RETRACTED', ['EDITOR', 'ADMIN']],
  ['PRINTED', 'RETRACTED', ['EDITOR', 'ADMIN']],
  ['RETRACTED', 'PUBLISHED', ['EDITOR', 'ADMIN']],
];
const WHO = Object.keys(viewers) as Who[];

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('the workflow table', () => {
  const cases = TABLE.flatMap(([from, to, who]) => WHO.map((viewer) => [from, to, viewer, who.includes(viewer) ? 'OK' : 'FORBIDDEN'] as const));

  it.each(cases)('%s → %s by %s: %s', (from, to, viewer, expected) => {
    expect(codeOf(() => assertCanMove(from, to, viewers[viewer], complete))).toBe(expected);
  });

  const printable = ['APPROVED', 'SCHEDULED', 'PUBLISHED'];
  const moves = new Set([...TABLE.map(([from, to]) => `${from}>${to}`), ...printable.map((from) => `${from}>PRINTED`)]);
  const missing = ARTICLE_STATUSES.flatMap((from) => ARTICLE_STATUSES.filter((to) => !moves.has(`${from}>${to}`)).map((to) => [from, to] as const));

  it.each(missing)('has no move %s → %s: INVALID_TRANSITION, even for an admin', (from, to) => {
    expect(codeOf(() => assertCanMove(from, to, ADMIN, complete))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertCanMove(from, to, ADMIN, complete, { viaEdition: true }))).toBe('INVALID_TRANSITION');
  });

  it.each(['APPROVED', 'SCHEDULED', 'PUBLISHED'] as const)('prints %s only through an edition', (from) => {
    expect(codeOf(() => assertCanMove(from, 'PRINTED', EDITOR, complete))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertCanMove(from, 'PRINTED', PRODUCTION, complete, { viaEdition: true }))).toBe('OK');
    expect(codeOf(() => assertCanMove(from, 'PRINTED', EDITOR, complete, { viaEdition: true }))).toBe('OK');
    expect(codeOf(() => assertCanMove(from, 'PRINTED', COPY_EDITOR, complete, { viaEdition: true }))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanMove(from, 'PRINTED', PRODUCTION, { ...complete, placed: false }, { viaEdition: true }))).toBe('BAD_USER_INPUT');
  });

  it('tells what is allowed with INVALID_TRANSITION', () => {
    try {
      assertCanMove('DRAFT', 'PRINTED', EDITOR, complete);
      throw new Error('no error');
    } catch (error) {
      expect((error as DomainError).details.allowed).toEqual(['SUBMITTED', 'SPIKED']);
    }
  });

  it.each([
    ['SUBMITTED', 'DRAFT'],
    ['EDITED', 'DRAFT'],
    ['APPROVED', 'SPIKED'],
    ['PUBLISHED', 'RETRACTED'],
  ] as const)('requires a comment to move %s → %s', (from, to) => {
    for (const comment of [undefined, null, '', '   ']) {
      expect(codeOf(() => assertCanMove(from, to, EDITOR, { ...complete, comment }))).toBe('BAD_USER_INPUT');
    }
  });

  it('requires a publishAt in the future to schedule', () => {
    expect(codeOf(() => assertCanMove('APPROVED', 'SCHEDULED', EDITOR, { ...complete, publishAt: past }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertCanMove('APPROVED', 'SCHEDULED', EDITOR, { ...complete, publishAt: now }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertCanMove('APPROVED', 'SCHEDULED', EDITOR, { ...complete, publishAt: null }))).toBe('BAD_USER_INPUT');
  });

  it('requires complete copy to submit', () => {
    expect(codeOf(() => assertCanMove('DRAFT', 'SUBMITTED', WRITER, { ...complete, copyComplete: false }))).toBe('BAD_USER_INPUT');
  });

  it('checks the role before the requirements', () => {
    expect(codeOf(() => assertCanMove('PUBLISHED', 'RETRACTED', COPY_EDITOR, { now }))).toBe('FORBIDDEN');
  });

  it.each([
    ['DRAFT', WRITER, ['SUBMITTED']],
    ['DRAFT', CONTRIBUTOR, []],
    ['SUBMITTED', COPY_EDITOR, ['DRAFT', 'EDITED']],
    ['APPROVED', EDITOR, ['SCHEDULED', 'PUBLISHED', 'SPIKED']],
    ['PUBLISHED', EDITOR, ['RETRACTED']],
    ['APPROVED', PRODUCTION, []],
    ['PRINTED', EDITOR, ['RETRACTED']],
    ['SPIKED', OUTSIDER, []],
  ] as const)('offers for %s the moves the viewer may make', (status, viewer, expected) => {
    expect(allowedMoves(status, viewer)).toEqual(expected);
  });
});

describe('who may edit content', () => {
  const EDITS: [Who, ArticleStatus[]][] = [
    ['WRITER', ['DRAFT']],
    ['CONTRIBUTOR', []],
    ['COPY_EDITOR', ['SUBMITTED', 'EDITED']],
    ['EDITOR', ['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'PRINTED']],
    ['ADMIN', ['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'PRINTED']],
    ['PRODUCTION', []],
    ['OUTSIDER', []],
  ];
  const cases = EDITS.flatMap(([who, allowed]) => ARTICLE_STATUSES.map((status) => [who, status, allowed.includes(status)] as const));

  it.each(cases)('%s editing a %s article: %s', (who, status, expected) => {
    expect(mayEdit(status, viewers[who])).toBe(expected);
  });

  it('lets a copy editor edit their own draft', () => {
    expect(mayEdit('DRAFT', as('COPY_EDITOR', { isWriter: true }))).toBe(true);
  });
});
