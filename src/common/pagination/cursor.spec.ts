import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const position = { at: new Date('2021-04-05T12:55:53.000Z'), id: '01a21f9d-a6c5-76fa-9220-0c83d1f0ae01' };

describe('cursors', () => {
  it('round-trip a position of their list', () => {
    expect(decodeCursor('front:1', encodeCursor('front:1', position))).toEqual(position);
  });

  it.each([
    ['another list', encodeCursor('tag:1', position)],
    ['random base64', Buffer.from('[1,2,3]').toString('base64url')],
    ['a forged id', Buffer.from(JSON.stringify(['x', position.at.toISOString(), "1' OR 1=1"])).toString('base64url')],
    ['padding and symbols', 'abc=='],
    ['an empty string', ''],
    ['an edited date out of range', encodeCursor('front:1', { ...position, at: new Date(-8.64e15) })],
  ])('refuse %s with BAD_USER_INPUT', (_name, cursor) => {
    expect(() => decodeCursor('front:1', cursor)).toThrow(DomainError);
    try {
      decodeCursor('front:1', cursor);
    } catch (error) {
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).details.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
    }
  });
});
