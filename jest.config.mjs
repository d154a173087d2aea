// Jest runs the sources as ES modules (Nest 12 is ESM-only): node --experimental-vm-modules,
// ts-jest with useESM, and `.js` import suffixes mapped back to the TypeScript files.
const CJS_FROM_ESM = ['content-disposition', 'htmlparser2', 'domhandler', 'domutils', 'entities', 'dom-serializer', 'domelementtype'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // CommonJS packages that require() ESM-only ones (@fastify/static: content-disposition;
    // sanitize-html: htmlparser2 and its family). Node 20 can; jest's loader cannot before
    // Node 24.9, so those ESM packages are compiled to CommonJS for the tests.
    [`/node_modules/(${CJS_FROM_ESM.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${CJS_FROM_ESM.join('|')})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
};
