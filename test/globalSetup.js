// Jest loads global setup natively (no moduleNameMapper), so the TypeScript is loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { setUpTestRun } = await tsImport('./support/runEnvironment.ts', import.meta.url);
  await setUpTestRun();
}
