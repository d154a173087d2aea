import { isPublicAddress } from './webhook-targets.js';
import { eventsOfMove } from './webhook-outbox.service.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::7f00:1',
    '::127.0.0.1',
    'fe80::1',
    'fd00::1',
    'fc00::1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    '2001::1',
    'ff02::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '::ffff:93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '2a00:1450:4001:80e::200e'])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('eventsOfMove', () => {
  it('reports a story going online, printed, or taken back', () => {
    expect(eventsOfMove('PUBLISHED', false)).toEqual(['ARTICLE_PUBLISHED']);
    expect(eventsOfMove('PUBLISHED', true)).toEqual(['ARTICLE_PUBLISHED']);
    // Printed before it was online: it goes online with its edition.
    expect(eventsOfMove('PRINTED', false)).toEqual(['ARTICLE_PUBLISHED', 'ARTICLE_PRINTED']);
    expect(eventsOfMove('PRINTED', true)).toEqual(['ARTICLE_PRINTED']);
    expect(eventsOfMove('RETRACTED', true)).toEqual(['ARTICLE_UNPUBLISHED']);
    expect(eventsOfMove('SUBMITTED', false)).toEqual([]);
    expect(eventsOfMove('SCHEDULED', false)).toEqual([]);
    expect(eventsOfMove('APPROVED', false)).toEqual([]);
  });
});
