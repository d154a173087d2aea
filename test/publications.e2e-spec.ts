import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { aPublication } from './factories/newsroom.factory.js';
import { adminNewsroom, type AdminNewsroom, unique } from './helpers/admin-newsroom.js';

// Creating and changing publications and their mastheads: admins only, each refusal writing nothing.

describe('admin operations: publications', () => {
  const { newsroom, refusedWithoutWrites } = adminNewsroom();
  let api: AdminNewsroom['api'];
  let pubA: AdminNewsroom['pubA'];
  let pubB: AdminNewsroom['pubB'];
  let tokens: AdminNewsroom['tokens'];
  beforeAll(() => {
    ({ api, pubA, pubB, tokens } = newsroom);
  });

  describe('CreatePublication', () => {
    const input = (overrides: Record<string, unknown> = {}) => ({
      slug: `the-independent-${unique()}`,
      name: 'The Independent',
      timeZone: 'Asia/Dhaka',
      url: 'https://www.theindependentbd.com',
      ...overrides,
    });

    it('lets an admin create a publication with its masthead and offices in order', async () => {
      const given = input({
        tagline: 'The voice of the people',
        masthead: {
          editor: 'M. Shamsur Rahman',
          publisher: 'Independent Publications Ltd',
          offices: [
            { label: 'Editorial', address: 'Beximco Media Complex, Dhaka' },
            { label: 'Commercial', address: 'Tejgaon, Dhaka' },
          ],
        },
      });
      const { data, errors } = await api.operation('CreatePublication', { input: given }, tokens.admin);
      expect(errors).toBeUndefined();
      expect(data.createPublication).toEqual({ id: expect.any(String), slug: given.slug });

      const read = await api.operation('Publication', { publication: given.slug });
      expect(read.data.publication).toMatchObject({
        id: data.createPublication.id,
        name: 'The Independent',
        tagline: 'The voice of the people',
        url: 'https://www.theindependentbd.com',
        timeZone: 'Asia/Dhaka',
        masthead: {
          editor: 'M. Shamsur Rahman',
          publisher: 'Independent Publications Ltd',
          printer: null,
          offices: [
            { label: 'Editorial', address: 'Beximco Media Complex, Dhaka' },
            { label: 'Commercial', address: 'Tejgaon, Dhaka' },
          ],
        },
        sections: [],
      });
    });

    it('refuses an editor with FORBIDDEN and writes nothing', async () => {
      const given = input();
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: given }, tokens.editorA), 'FORBIDDEN');
      expect(await api.prisma.publication.count({ where: { slug: given.slug } })).toBe(0);
    });

    it('refuses an anonymous request with UNAUTHENTICATED and writes nothing', async () => {
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: input() }), 'UNAUTHENTICATED');
    });

    it('refuses a slug that another publication has with BAD_USER_INPUT on input.slug', async () => {
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: input({ slug: pubA.slug }) }, tokens.admin), 'BAD_USER_INPUT', [
        'input.slug',
      ]);
    });

    it.each([
      ['a time zone that does not exist', { timeZone: 'Mars/Olympus_Mons' }, ['input.timeZone']],
      ['a time zone that is not IANA', { timeZone: 'not a zone' }, ['input.timeZone']],
      ['a javascript: URL', { url: 'javascript:alert(1)' }, ['input.url']],
      ['an ftp URL', { url: 'ftp://example.com/paper' }, ['input.url']],
      ['a URL without a scheme', { url: 'www.example.com' }, ['input.url']],
      ['a slug with spaces and capitals', { slug: 'The Daily Star' }, ['input.slug']],
      ['a slug that is SQL', { slug: "x' OR 1=1--" }, ['input.slug']],
      ['a bad time zone and a bad URL at once', { timeZone: 'Nowhere/Nothing', url: 'not a url' }, ['input.timeZone', 'input.url']],
      ['a 10 kB name', { name: 'x'.repeat(10_000) }, ['input.name']],
      ['an office without a label', { masthead: { offices: [{ label: '', address: '1 Main Road' }] } }, ['input.masthead.offices.0.label']],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, overrides, fields) => {
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: input(overrides) }, tokens.admin), 'BAD_USER_INPUT', fields);
    });
  });

  describe('UpdatePublication', () => {
    it('lets an admin rename a publication, leaving what was not given as it was', async () => {
      const pub = await aPublication(api.prisma, { timeZone: 'Europe/London' });
      const { data, errors } = await api.operation('UpdatePublication', { id: pub.id, input: { name: 'The Evening Post' } }, tokens.admin);
      expect(errors).toBeUndefined();
      expect(data.updatePublication).toEqual({ id: pub.id, name: 'The Evening Post' });
      expect(await api.prisma.publication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
        slug: pub.slug,
        name: 'The Evening Post',
        timeZone: 'Europe/London',
      });
    });

    it('replaces only the masthead fields given, keeping the offices when none are given', async () => {
      const slug = `masthead-${unique()}`;
      const created = await api.operation(
        'CreatePublication',
        {
          input: {
            slug,
            name: 'Masthead Test',
            timeZone: 'UTC',
            masthead: { editor: 'Old Editor', publisher: 'The Publisher', offices: [{ label: 'Head office', address: '1 Main Road' }] },
          },
        },
        tokens.admin,
      );
      const id = created.data.createPublication.id;
      const updated = await api.operation('UpdatePublication', { id, input: { masthead: { editor: 'New Editor' } } }, tokens.admin);
      expect(updated.errors).toBeUndefined();
      const read = await api.operation('Publication', { publication: slug });
      expect(read.data.publication.masthead).toMatchObject({
        editor: 'New Editor',
        publisher: 'The Publisher',
        offices: [{ label: 'Head office', address: '1 Main Road' }],
      });
    });

    it('refuses an editor of that very publication with FORBIDDEN and keeps its name', async () => {
      const before = await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } });
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: pubA.id, input: { name: 'Taken Over' } }, tokens.editorA), 'FORBIDDEN');
      expect(await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } })).toEqual(before);
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: pubA.id, input: { name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it.each([
      ['a slug that another publication has', () => ({ slug: pubB.slug }), ['input.slug']],
      ['a time zone that does not exist', () => ({ timeZone: 'Atlantis/Capital' }), ['input.timeZone']],
      ['a javascript: URL', () => ({ url: 'javascript:alert(document.cookie)' }), ['input.url']],
      ['an empty name', () => ({ name: '' }), ['input.name']],
    ])('refuses %s with BAD_USER_INPUT naming the field, changing nothing', async (_name, given, fields) => {
      const before = await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } });
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: pubA.id, input: given() }, tokens.admin), 'BAD_USER_INPUT', fields);
      expect(await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } })).toEqual(before);
    });

    it('answers an unknown publication id with NOT_FOUND', async () => {
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: randomUUID(), input: { name: 'Ghost' } }, tokens.admin), 'NOT_FOUND');
    });
  });
});
