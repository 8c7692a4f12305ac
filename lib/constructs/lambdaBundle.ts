import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lambda bundles alias the SDK's credential chain to the environment-only provider (see that module). */
const CREDENTIAL_PROVIDER_ALIAS = { '@aws-sdk/credential-provider-node': join(projectRoot, 'shared/aws/lambdaCredentialProvider.ts') };

export interface LambdaBundleOptions {
  /**
   * Renders report PDFs (issue 15): vega's optional `canvas` import stays external (it is not
   * installed; vega falls back to SVG), and the report fonts are copied to `fonts/` beside index.mjs,
   * where shared/reports/pdfFonts.ts looks for them (pdfkit's built-in AFM fonts are not in a bundle).
   */
  renderReports?: boolean;
}

/** The TTFs a report-rendering bundle carries (shared/reports/pdfFonts.ts REPORT_FONT_FILES). */
export const REPORT_FONTS = ['400Regular/Inter_400Regular.ttf', '600SemiBold/Inter_600SemiBold.ttf'];

/**
 * Bundles one Lambda entry into `outdir` with esbuild (issue 17): minified ESM for Node 24, AWS SDK
 * included, code splitting on, so a dynamic `import()` (Stripe, the Step Functions client, …) becomes
 * its own chunk that only the routes calling it load. `index.mjs` is the entry; external source maps
 * without sources sit beside every file. A `require` is provided for the CommonJS dependencies that
 * call it.
 */
export function bundleLambda(entry: string, outdir: string, options: LambdaBundleOptions = {}): void {
  buildSync({
    absWorkingDir: projectRoot,
    entryPoints: { index: join(projectRoot, entry) },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    alias: CREDENTIAL_PROVIDER_ALIAS,
    banner: { js: "import { createRequire as __cairnCreateRequire } from 'node:module'; const require = __cairnCreateRequire(import.meta.url);" },
    logLevel: 'error',
    ...(options.renderReports ? { external: ['canvas'] } : {}),
  });
  if (options.renderReports) {
    mkdirSync(join(outdir, 'fonts'), { recursive: true });
    for (const font of REPORT_FONTS) copyFileSync(join(projectRoot, 'node_modules', '@expo-google-fonts', 'inter', font), join(outdir, 'fonts', font.split('/').pop()!));
  }
}

/**
 * The Lambda code asset of an entry: bundled locally at synth (no Docker; the image is never pulled),
 * hashed on the output like NodejsFunction, skipped with the stack when bundling is not required.
 */
export function lambdaBundleCode(entry: string, options: LambdaBundleOptions = {}): Code {
  return Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      // Never run (local bundling always succeeds), but part of the asset cache key: without the entry (and options)
      // here, CDK would reuse the first function's bundle for every function in the app.
      command: ['esbuild', entry, ...(options.renderReports ? ['--external:canvas', '--copy-report-fonts'] : [])],
      local: {
        tryBundle(outputDir) {
          bundleLambda(entry, outputDir, options);
          return true;
        },
      },
    },
  });
}
