import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { tearDownTestRun } = await tsImport('./support/runEnvironment.ts', import.meta.url);
  await tearDownTestRun();
}
