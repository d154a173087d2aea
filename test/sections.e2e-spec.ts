import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { aPublication, aSection, aUser } from './factories/newsroom.factory.js';
import { adminNewsroom, type AdminNewsroom, unique } from './helpers/admin-newsroom.js';

// A publication's section tree, kept by its editors.

describe('admin operations: sections', () => {
  const { newsroom, refusedWithoutWrites } = adminNewsroom();
  let api: AdminNewsroom['api'];
  let pubA: AdminNewsroom['pubA'];
  let pubB: AdminNewsroom['pubB'];
  let tokens: AdminNewsroom['tokens'];
  beforeAll(() => {
    ({ api, pubA, pubB, tokens } = newsroom);
  });

  describe('CreateSection', () => {
    it('makes the slug from the name, and unique within the publication ("World News" twice)', async () => {
      const pub = await aPublication(api.prisma);
      const editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
      const first = await api.operation('CreateSection', { input: { publicationId: pub.id, name: 'World News' } }, editor);
      const second = await api.operation('CreateSection', { input: { publicationId: pub.id, name: 'World News' } }, editor);
      expect(first.errors).toBeUndefined();
      expect(second.errors).toBeUndefined();
      expect(first.data.createSection.slug).toBe('world-news');
      expect(second.data.createSection.slug).toBe('world-news-2');
      // The same name in another publication is free there.
      const elsewhere = await api.operation('CreateSection', { input: { publicationId: pubB.id, name: 'World News' } }, tokens.editorB);
      expect(elsewhere.data.createSection.slug).toBe('world-news');
    });

    it('lets an editor of the publication create a subsection, seen in the public tree', async () => {
      const pub = await aPublication(api.prisma);
      const editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
      const parent = await aSection(api.prisma, pub.id, { slug: 'sport' });
      const { data, errors } = await api.operation(
        'CreateSection',
        { input: { publicationId: pub.id, name: 'Cricket', parentId: parent.id, description: 'Tests, ODIs and T20s' } },
        editor,
      );
      expect(errors).toBeUndefined();
      expect(data.createSection).toEqual({ id: expect.any(String), slug: 'cricket' });
      const read = await api.operation('Publication', { publication: pub.slug });
      const sections = read.data.publication.sections;
      expect(sections.find((s: { slug: string }) => s.slug === 'cricket')).toMatchObject({ parent: { slug: 'sport' }, description: 'Tests, ODIs and T20s' });
      expect(sections.find((s: { slug: string }) => s.slug === 'sport')!.children).toEqual([{ slug: 'cricket', name: 'Cricket' }]);
    });

    it('lets an admin without a membership create a section anywhere', async () => {
      const { errors } = await api.operation('CreateSection', { input: { publicationId: pubB.id, name: `Admin Desk ${unique()}` } }, tokens.admin);
      expect(errors).toBeUndefined();
    });

    it.each(['contributorA', 'copyEditorA', 'productionA'] as const)('refuses %s with FORBIDDEN and writes nothing', async (who) => {
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Not Mine ${unique()}` } }, tokens[who]),
        'FORBIDDEN',
      );
    });

    it("refuses an editor of publication B in publication A's sections with FORBIDDEN", async () => {
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Intruder ${unique()}` } }, tokens.editorB),
        'FORBIDDEN',
      );
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      await refusedWithoutWrites(() => api.operation('CreateSection', { input: { publicationId: pubA.id, name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it('refuses a parent from another publication with BAD_USER_INPUT on input.parentId', async () => {
      const foreign = await aSection(api.prisma, pubB.id);
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Orphan ${unique()}`, parentId: foreign.id } }, tokens.editorA),
        'BAD_USER_INPUT',
        ['input.parentId'],
      );
    });

    it.each([
      ['a slug another section of the publication has', async () => ({ slug: (await aSection(api.prisma, pubA.id)).slug }), ['input.slug']],
      ['a slug with capitals and spaces', async () => ({ slug: 'World News' }), ['input.slug']],
      ['a parent id that is not an id', async () => ({ parentId: "1' OR 1=1--" }), ['input.parentId']],
      ['an empty name', async () => ({ name: '' }), ['input.name']],
      ['a negative position', async () => ({ position: -1 }), ['input.position']],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, overrides, fields) => {
      const given = await overrides();
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Valid ${unique()}`, ...given } }, tokens.editorA),
        'BAD_USER_INPUT',
        fields,
      );
    });

    it('refuses a publication id that is not an id with BAD_USER_INPUT on input.publicationId', async () => {
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: "1' OR 1=1--", name: 'Injected' } }, tokens.admin),
        'BAD_USER_INPUT',
        ['input.publicationId'],
      );
    });
  });

  describe('UpdateSection', () => {
    it('lets an editor of the publication rename a section, keeping its slug', async () => {
      const section = await aSection(api.prisma, pubA.id, { slug: `business-${unique()}`, name: 'Business' });
      const { data, errors } = await api.operation('UpdateSection', { id: section.id, input: { name: 'Business & Finance' } }, tokens.editorA);
      expect(errors).toBeUndefined();
      expect(data.updateSection).toEqual({ id: section.id, slug: section.slug, name: 'Business & Finance' });
    });

    it('moves a section under a parent and back to the top level with parentId null', async () => {
      const parent = await aSection(api.prisma, pubA.id);
      const section = await aSection(api.prisma, pubA.id);
      const moved = await api.operation('UpdateSection', { id: section.id, input: { parentId: parent.id } }, tokens.editorA);
      expect(moved.errors).toBeUndefined();
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).parentId).toBe(parent.id);
      const top = await api.operation('UpdateSection', { id: section.id, input: { parentId: null } }, tokens.editorA);
      expect(top.errors).toBeUndefined();
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).parentId).toBeNull();
    });

    it.each(['contributorA', 'copyEditorA', 'productionA', 'editorB'] as const)('refuses %s with FORBIDDEN and changes nothing', async (who) => {
      const section = await aSection(api.prisma, pubA.id, { name: 'Opinion' });
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { name: 'Hijacked' } }, tokens[who]), 'FORBIDDEN');
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).name).toBe('Opinion');
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      const section = await aSection(api.prisma, pubA.id);
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it('refuses a parent from another publication with BAD_USER_INPUT on input.parentId', async () => {
      const section = await aSection(api.prisma, pubA.id);
      const foreign = await aSection(api.prisma, pubB.id);
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { parentId: foreign.id } }, tokens.editorA), 'BAD_USER_INPUT', [
        'input.parentId',
      ]);
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).parentId).toBeNull();
    });

    it('refuses a parent cycle (a section under its own child, grandchild or itself) with BAD_USER_INPUT on input.parentId', async () => {
      const top = await aSection(api.prisma, pubA.id);
      const child = await aSection(api.prisma, pubA.id, { parentId: top.id });
      const grandchild = await aSection(api.prisma, pubA.id, { parentId: child.id });
      for (const parentId of [child.id, grandchild.id, top.id]) {
        await refusedWithoutWrites(() => api.operation('UpdateSection', { id: top.id, input: { parentId } }, tokens.editorA), 'BAD_USER_INPUT', [
          'input.parentId',
        ]);
      }
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: top.id } })).parentId).toBeNull();
    });

    it('refuses a slug that another section of the publication has with BAD_USER_INPUT on input.slug', async () => {
      const taken = await aSection(api.prisma, pubA.id);
      const section = await aSection(api.prisma, pubA.id);
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { slug: taken.slug } }, tokens.editorA), 'BAD_USER_INPUT', [
        'input.slug',
      ]);
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).slug).toBe(section.slug);
    });

    it('refuses moving a section to another publication: publicationId is not in the input', async () => {
      const section = await aSection(api.prisma, pubA.id);
      await refusedWithoutWrites(
        () => api.graphql(`mutation { updateSection(id: "${section.id}", input: { publicationId: "${pubB.id}" }) { id } }`, {}, tokens.admin),
        'BAD_USER_INPUT',
      );
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).publicationId).toBe(pubA.id);
    });

    it('answers an unknown section id with NOT_FOUND', async () => {
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: randomUUID(), input: { name: 'Ghost' } }, tokens.editorA), 'NOT_FOUND');
    });
  });
});
