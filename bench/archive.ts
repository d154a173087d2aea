// The benchmark's archive: a deterministic newsroom, every article made from its number
// alone (so --articles N always makes the same archive, and a part of it the same part).

/** A small, fast, seedable generator (mulberry32): the same seed, the same numbers. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'government minister election parliament budget economy market trade export import bank price inflation growth ' +
  'city council road bridge river flood rain heat harvest farmers rice jute garment factory workers wages union ' +
  'school students teachers exam university health hospital doctors vaccine patients clinic court judge lawyer ' +
  'police arrest case report inquiry committee policy plan project contract tender investment power gas energy ' +
  'solar grid water supply port ship cargo rail train bus traffic accident safety fire building housing land ' +
  'village district division capital people public families children women youth community leaders party ' +
  'opposition protest rally talks agreement deal summit visit foreign relations region border security army ' +
  'cricket football match team players coach series win loss goal tournament season league final captain ' +
  'film music festival book art culture history museum heritage language writer poet theatre award ' +
  'technology internet mobile digital data startup software online service network phone users platform ' +
  'climate environment forest coast cyclone storm drought pollution air waste plastic river delta island ' +
  'said says will would could should also however while after before during since under over between among ' +
  'new old first last next many more most several other same major local national international official ' +
  'year month week day time today yesterday morning evening night season decade period moment ' +
  'the of and to in for on with at by from as that this which who what when where how'
).split(' ');
const STOP = WORDS.slice(WORDS.indexOf('said'));
const CONTENT = WORDS.slice(0, WORDS.indexOf('said'));
// Rare words: each in about one story in ten thousand (the "rare word" search).
const RARE = ['zeppelin', 'quokka', 'marzipan', 'obsidian', 'kerosene', 'saxophone', 'lighthouse', 'origami'];
const TAGS = Array.from({ length: 400 }, (_, i) => `${CONTENT[i % CONTENT.length]}${i >= CONTENT.length ? `-${Math.floor(i / CONTENT.length)}` : ''}`);
const FIRST =
  'Nadia Arif Rina Omar Tareq Farhana Kamal Sadia Imran Nusrat Rafiq Shirin Jamal Ayesha Hasan Tania Sohel Mitu Karim Lubna Anis Dilruba Babul Shapla Mahmud Rupa Zahid Lipi Faruk Munni'.split(
    ' ',
  );
const LAST = 'Rahman Hasan Chowdhury Ahmed Islam Hossain Khan Akter Sarkar Das Roy Begum Uddin Alam Siddique Karim Haque Mia Sultana Kabir'.split(' ');

const titleCase = (text: string) => text.replace(/(^|[\s-])(\w)/g, (_, space: string, letter: string) => `${space}${letter.toUpperCase()}`);

export const ARCHIVE = {
  publications: [
    { slug: 'bench-daily', name: 'The Bench Daily', url: 'https://daily.bench.test' },
    { slug: 'bench-weekly', name: 'The Bench Weekly', url: 'https://weekly.bench.test' },
    { slug: 'bench-evening', name: 'The Bench Evening', url: 'https://evening.bench.test' },
  ],
  /** Top sections and their subsections (slugs). */
  sections: [
    ['news', ['politics', 'cities', 'courts', 'education']],
    ['business', ['markets', 'trade', 'energy']],
    ['world', ['asia', 'europe', 'americas']],
    ['sport', ['cricket', 'football']],
    ['opinion', ['editorial', 'letters']],
    ['culture', ['books', 'film']],
    ['science', []],
    ['technology', []],
    ['health', []],
    ['environment', []],
    ['lifestyle', []],
    ['obituaries', []],
  ] as [string, string[]][],
  title: (slug: string) => titleCase(slug.replace(/-/g, ' ')),
  author(i: number) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    return {
      slug: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${i}`,
      name,
      bio: `${name} reports for the group on ${CONTENT[i % CONTENT.length]} and ${CONTENT[(i * 7) % CONTENT.length]}.`,
    };
  },
  /** Words that the Search scenarios look for. */
  commonWord: 'government',
  rareWord: RARE[0],
};

export interface ArticlePlan {
  id: string;
  publicationId: string;
  sectionId: string;
  slug: string;
  headline: string;
  standfirst: string;
  bodyHtml: string;
  bodyText: string;
  wordCount: number;
  authorNote: string | null;
  tags: string[];
  status: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  printedAt: Date | null;
  scheduledFor: Date | null;
  retractedAt: Date | null;
  retractionReason: string | null;
  authorIds: string[];
}

interface Context {
  publications: { id: string }[];
  sections: { id: string; publicationId: string }[];
  authors: { id: string }[];
}

const sectionsOf = new Map<string, { id: string; publicationId: string }[]>();
const DAY = 86_400_000;
// The newest story was published an hour before this, the oldest ten years earlier.
const NOW = Date.UTC(2026, 10, 30, 12);

/** Article `n` of `total`: older numbers are older stories. */
export function articlePlan(n: number, total: number, { publications, sections, authors }: Context): ArticlePlan {
  const random = mulberry32(n * 2654435761 + 1013904223);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  // Zipf-ish: a few tags and words are everywhere, most are rare.
  const skewed = <T>(list: readonly T[]) => list[Math.floor(list.length * random() ** 3)];

  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  // Most stories are the daily's.
  const publication = random() < 0.8 ? publications[0] : pick(publications.slice(1));
  let ofPublication = sectionsOf.get(publication.id);
  if (!ofPublication) sectionsOf.set(publication.id, (ofPublication = sections.filter((s) => s.publicationId === publication.id)));
  const section = skewed(ofPublication);
  const headline = titleCase(words(random, 6 + Math.floor(random() * 7)));
  // A body of 250 to 600 words, from the pool of sentences (writing each anew would take
  // longer than storing it).
  const paragraphs = Array.from({ length: 4 + Math.floor(random() * 6) }, () =>
    Array.from({ length: 3 + Math.floor(random() * 3) }, () => pick(sentencePool())).join(' '),
  );
  if (random() < 0.0004 * RARE.length) paragraphs[0] = `${paragraphs[0]} The ${pick(RARE)} was there too.`;
  const bodyText = paragraphs.join('\n');
  const byline = Array.from(new Set(Array.from({ length: 1 + Math.floor(random() ** 2 * 3) }, () => pick(authors).id)));

  const roll = random();
  const status =
    roll < 0.86
      ? 'PUBLISHED'
      : roll < 0.9
        ? 'PRINTED'
        : roll < 0.93
          ? 'DRAFT'
          : roll < 0.95
            ? 'SUBMITTED'
            : roll < 0.96
              ? 'APPROVED'
              : roll < 0.975
                ? 'SCHEDULED'
                : roll < 0.99
                  ? 'SPIKED'
                  : 'RETRACTED';
  const age = ((total - n) / total) * 3650 * DAY + random() * 3_600_000;
  const created = new Date(NOW - age - DAY);
  const online = status === 'PUBLISHED' || status === 'PRINTED' || status === 'RETRACTED';
  const scheduledFor = status === 'SCHEDULED' ? new Date(Date.now() + (1 + random() * 30) * DAY) : null;
  const publishedAt = online ? new Date(NOW - age) : scheduledFor;
  return {
    id,
    publicationId: publication.id,
    sectionId: section.id,
    slug: `${headline
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 70)}-${n}`,
    headline,
    standfirst: sentence(random, 15 + Math.floor(random() * 15)),
    bodyHtml: paragraphs.map((p) => `<p>${p}</p>`).join('\n'),
    bodyText,
    wordCount: bodyText.split(/\s+/).length,
    authorNote: random() < 0.1 ? `The writer is a ${pick(CONTENT)} correspondent.` : null,
    tags: Array.from(new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => skewed(TAGS)))),
    status,
    createdAt: created,
    updatedAt: new Date(created.getTime() + random() * DAY),
    publishedAt,
    printedAt: status === 'PRINTED' ? new Date(NOW - age + DAY / 2) : null,
    scheduledFor,
    retractedAt: status === 'RETRACTED' ? new Date(NOW - age + DAY) : null,
    retractionReason: status === 'RETRACTED' ? 'The story did not stand up.' : null,
    authorIds: byline,
  };
}

function words(random: () => number, count: number): string {
  return Array.from({ length: count }, () =>
    random() < 0.35 ? STOP[Math.floor(random() * STOP.length)] : CONTENT[Math.floor(CONTENT.length * random() ** 3)],
  ).join(' ');
}

function sentence(random: () => number, count: number): string {
  const text = words(random, count);
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

let pool: string[] | undefined;

/** 20,000 sentences of 10 to 24 words, the same every time. */
function sentencePool(): string[] {
  if (!pool) {
    const random = mulberry32(42);
    pool = Array.from({ length: 20_000 }, () => sentence(random, 10 + Math.floor(random() * 15)));
  }
  return pool;
}
