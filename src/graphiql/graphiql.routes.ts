import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// The GraphQL IDE at /graphiql (outside production), from the project's own dependencies:
// React, ReactDOM and GraphiQL's browser bundles served under /graphiql/assets, so that the page
// works with no network beyond this API and under a Content-Security-Policy that names no other
// origin and runs no inline script. (Mercurius's own page loads them from a CDN at run time.)

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const MAP = 'application/json; charset=utf-8';

/** The page's own script and style, served as files: the CSP allows no inline script. */
const START_JS = `'use strict';
// GraphiQL against this API: a JSON POST to /graphql, which the API's CSRF rule lets through,
// asking for application/json by name (a browser's own */* keeps the API's old statuses).
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher: GraphiQL.createFetcher({ url: '/graphql', headers: { accept: 'application/json' } }), defaultEditorToolsVisibility: true }),
);
`;
const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

type Asset = { type: string } & ({ file: string } | { text: string });

/** What /graphiql/assets serves, by name; resolved when the IDE is registered (never in production). */
const assets = (): Record<string, Asset> => ({
  'react.production.min.js': { type: JS, file: join(packageDir('react'), 'umd', 'react.production.min.js') },
  'react-dom.production.min.js': { type: JS, file: join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js') },
  // The bundles' names as GraphiQL ships them, so that their sourceMappingURL comments resolve.
  'graphiql.min.js': { type: JS, file: join(packageDir('graphiql'), 'graphiql.min.js') },
  'graphiql.min.js.map': { type: MAP, file: join(packageDir('graphiql'), 'graphiql.min.js.map') },
  'graphiql.min.css': { type: CSS, file: join(packageDir('graphiql'), 'graphiql.min.css') },
  'graphiql.min.css.map': { type: MAP, file: join(packageDir('graphiql'), 'graphiql.min.css.map') },
  'start.js': { type: JS, text: START_JS },
  'page.css': { type: CSS, text: PAGE_CSS },
});

/**
 * The one inline style GraphiQL 3.8.3 writes: react-remove-scroll-bar's scroll lock while a
 * dialog is open, as it comes out on this page (no margins, no scrollbar). Allowed by its hash;
 * a browser that computes another one (a page with a scrollbar) is refused a lock this page
 * does not need. test/graphiql.e2e-spec.ts opens a dialog and fails when a GraphiQL upgrade
 * changes it.
 */
const SCROLL_LOCK_STYLE = "'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc='";

/**
 * What the page may load: scripts, styles, fonts and images from this origin only (GraphiQL's
 * fonts are data: URLs inside its stylesheet), requests to this origin only, no inline script,
 * no plugins, no frames, no forms, and no framing of the page by another site.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${SCROLL_LOCK_STYLE}`,
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Newsroom CMS · GraphiQL</title>
    <!-- No icon: the browser would otherwise ask for /favicon.ico, a 404. -->
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css" />
    <link rel="stylesheet" href="/graphiql/assets/page.css" />
  </head>
  <body>
    <div id="graphiql">Loading the GraphQL IDE…</div>
    <script src="/graphiql/assets/react.production.min.js"></script>
    <script src="/graphiql/assets/react-dom.production.min.js"></script>
    <script src="/graphiql/assets/graphiql.min.js"></script>
    <script src="/graphiql/assets/start.js"></script>
  </body>
</html>
`;

const SECURITY_HEADERS = {
  'content-security-policy': GRAPHIQL_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** The bytes of an asset and their ETag, read once on first request (the bundle is 3.5 MB: not read at boot). */
const loaded = new Map<string, Promise<{ body: Buffer; etag: string }>>();

function load(name: string, asset: Asset) {
  let entry = loaded.get(name);
  if (!entry) {
    entry = ('text' in asset ? Promise.resolve(Buffer.from(asset.text)) : readFile(asset.file)).then((body) => ({
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    }));
    // A failed read is tried again on the next request rather than kept.
    entry.catch(() => loaded.delete(name));
    loaded.set(name, entry);
  }
  return entry;
}

/** Adds /graphiql and its assets (createApp, outside production only). */
export function registerGraphiQL(app: FastifyInstance, path = '/graphiql'): void {
  const served = assets();
  app.get(path, async (_request, reply) => {
    void reply.headers({ ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    return PAGE;
  });
  app.get(`${path}/assets/:name`, async (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) => {
    const asset = Object.hasOwn(served, request.params.name) ? served[request.params.name] : undefined;
    if (!asset) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'No such asset' });
    const { body, etag } = await load(request.params.name, asset);
    // Revalidated on every load (a dependency upgrade changes the bytes, not the name): a 304 costs nothing.
    void reply.headers({ ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache', etag });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(body);
  });
}
