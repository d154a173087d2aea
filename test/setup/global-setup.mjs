// Jest loads global setup outside its module system (no moduleNameMapper, no ESM
// transform), so the TypeScript sources it needs are loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { provision } = await tsImport('./provision.ts', import.meta.url);
  await provision();
}
