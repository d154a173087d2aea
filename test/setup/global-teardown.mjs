import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { deprovision } = await tsImport('./deprovision.ts', import.meta.url);
  await deprovision();
}
