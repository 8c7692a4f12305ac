import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions } from 'esbuild';
import { API_DOCS_BUNDLE_DIR, SWAGGER_UI_FILES } from '../../shared/docs/referencePage.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lambda bundles alias the SDK's credential chain to the environment-only provider (see that module). */
const CREDENTIAL_PROVIDER_ALIAS = { '@aws-sdk/credential-provider-node': join(projectRoot, 'shared/aws/lambdaCredentialProvider.ts') };

/**
 * Modules that a function loads only through a dynamic `import()` and that get a chunk of their own,
 * self-contained (their dependencies bundled into it, not shared with the rest of the function):
 * project files (by path) and packages (by name). esbuild's code splitting puts every module reached
 * both from a function's static graph and from a dynamic chunk into a shared chunk that the entry
 * imports statically; for the S3 and Lambda clients that is much of the SDK's shared core (REST and XML
 * protocols, checksum streams, waiters: ~90 KB), reached through the core's barrel files, which then
 * loaded at every cold start although only those clients use it. A self-contained chunk duplicates the
 * few core modules DynamoDB also uses (bytes in the asset, never in what a cold start loads). A static
 * import of one of these is a build error.
 */
export const SELF_CONTAINED_CHUNKS = ['shared/aws/s3Sdk.ts', '@aws-sdk/client-lambda', '@aws-sdk/client-sfn', '@aws-sdk/client-secrets-manager'];

const isPackage = (chunk: string) => !chunk.endsWith('.ts');
/** `./<name>.mjs`: the file's base name, or the package name's last segment. */
const chunkNameOf = (chunk: string): string => chunk.slice(chunk.lastIndexOf('/') + 1).replace(/\.ts$/, '');

/** Every Node built-in, as an import specifier may name it (`x` or `node:x`; prefix-only ones only as `node:x`). */
const BUILTIN_SPECIFIERS = builtinModules
  .map((name) => (name.startsWith('node:') ? name : `(?:node:)?${name}`))
  .sort((a, b) => b.length - a.length)
  .join('|');
const BUILTIN_IMPORT = new RegExp(`import\\s*((?:[\\w$]+\\s*,\\s*)?(?:\\{[^}]*\\}|\\*\\s*as\\s+[\\w$]+)|[\\w$]+)\\s*from\\s*"(${BUILTIN_SPECIFIERS})"\\s*;?`, 'g');

/**
 * Turns esbuild's `import{a as b}from"node:x";` into `const{a:b}=process.getBuiltinModule("node:x");`
 * (issue 17). An ES import of a built-in builds its module namespace, which reads every export, and
 * some exports are lazy getters that load whole subsystems: node:http's `WebSocket` loads undici
 * (~30 ms), node:crypto's `webcrypto`/`subtle` the Web Crypto stack, node:fs its streams.
 * `getBuiltinModule` returns the CommonJS object and reads nothing. Measured over the six built-ins an
 * API function imports: ~9 ms as ES imports, under 1 ms this way.
 *
 * Each import is blanked in place (spaces of the same length) and its declaration goes to the end of
 * the first line, the banner's, which the source map does not map: every mapped column stays where it
 * was. Imports are hoisted anyway, so declaring the bindings first keeps the module's meaning (a
 * built-in's binding is never re-assigned). Exported for its unit test.
 */
export function hoistBuiltinImports(code: string): string {
  const declarations: string[] = [];
  const blanked = code.replace(BUILTIN_IMPORT, (statement: string, clause: string, name: string) => {
    const module = `process.getBuiltinModule(${JSON.stringify(name.startsWith('node:') ? name : `node:${name}`)})`;
    let rest = clause.trim();
    const defaultName = /^([\w$]+)\s*,/.exec(rest);
    if (defaultName) {
      declarations.push(`const ${defaultName[1]}=${module};`);
      rest = rest.slice(defaultName[0].length).trim();
    }
    if (rest.startsWith('{')) {
      const names = rest
        .slice(1, -1)
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => part.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1:$2'));
      if (names.length) declarations.push(`const{${names.join(',')}}=${module};`);
    } else {
      declarations.push(`const ${rest.replace(/^\*\s*as\s+/, '')}=${module};`);
    }
    return ' '.repeat(statement.length);
  });
  if (!declarations.length) return code;
  const bannerEnd = blanked.indexOf('\n');
  if (bannerEnd < 0 || !blanked.startsWith(BANNER)) throw new Error('a bundle file does not start with the banner line');
  return `${blanked.slice(0, bannerEnd)}${declarations.join('')}${blanked.slice(bannerEnd)}`;
}

/** Every bundle file's first line: a `require` for CommonJS dependencies, without an ES import of node:module. */
const BANNER = "const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);";

export interface LambdaBundleOptions {
  /**
   * Renders report PDFs (issue 15): vega's optional `canvas` import stays external (it is not
   * installed; vega falls back to SVG), and the report fonts are copied to `fonts/` beside index.mjs,
   * where shared/reports/pdfFonts.ts looks for them (pdfkit's built-in AFM fonts are not in a bundle).
   */
  renderReports?: boolean;
  /**
   * Serves the API reference page (issue 22): Swagger UI's files (swagger-ui-dist) and docs/openapi.json
   * are copied to `api-docs/` beside index.mjs, where shared/docs/referencePage.ts looks for them. Files
   * read when the page is opened, not JavaScript a cold start loads.
   */
  apiDocs?: boolean;
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
  const common: BuildOptions = {
    absWorkingDir: projectRoot,
    bundle: true,
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
    banner: { js: BANNER },
    logLevel: 'error',
    ...(options.renderReports ? { external: ['canvas'] } : {}),
  };
  const external = SELF_CONTAINED_CHUNKS.map((chunk) => (isPackage(chunk) ? chunk : join(projectRoot, chunk)));
  buildSync({ ...common, entryPoints: { index: join(projectRoot, entry) }, outdir, splitting: true, external: [...(common.external ?? []), ...external] });
  for (const chunk of linkSelfContainedChunks(outdir)) {
    const name = chunkNameOf(chunk);
    if (isPackage(chunk)) buildSync({ ...common, stdin: { contents: `export * from '${chunk}';`, resolveDir: projectRoot, sourcefile: `${name}-chunk.js` }, outfile: join(outdir, `${name}.mjs`) });
    else buildSync({ ...common, entryPoints: { [name]: join(projectRoot, chunk) }, outdir, splitting: false });
  }
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.mjs'))) {
    const code = readFileSync(join(outdir, file), 'utf8');
    const hoisted = hoistBuiltinImports(code);
    if (hoisted !== code) writeFileSync(join(outdir, file), hoisted);
  }
  if (options.renderReports) {
    mkdirSync(join(outdir, 'fonts'), { recursive: true });
    for (const font of REPORT_FONTS) copyFileSync(join(projectRoot, 'node_modules', '@expo-google-fonts', 'inter', font), join(outdir, 'fonts', font.split('/').pop()!));
  }
  if (options.apiDocs) {
    mkdirSync(join(outdir, API_DOCS_BUNDLE_DIR), { recursive: true });
    for (const file of SWAGGER_UI_FILES) copyFileSync(join(projectRoot, 'node_modules', 'swagger-ui-dist', file), join(outdir, API_DOCS_BUNDLE_DIR, file));
    copyFileSync(join(projectRoot, 'docs', 'openapi.json'), join(outdir, API_DOCS_BUNDLE_DIR, 'openapi.json'));
  }
}

/**
 * Points the bundle's imports of SELF_CONTAINED_CHUNKS (left external: esbuild wrote a package's name
 * as is and a file's path relative to `outdir`) at `./<name>.mjs` and returns the chunks to build. The
 * new specifier is padded with spaces after the string, so every column after it, and so the source
 * map, stays where it was. A static import of one of them is an error: it would load at every cold start
 * (and a package would be missing at run time).
 */
function linkSelfContainedChunks(outdir: string): string[] {
  const used = new Set<string>();
  const chunkOf = (specifier: string) => SELF_CONTAINED_CHUNKS.find((chunk) => (isPackage(chunk) ? specifier === chunk : /^\.\.?\//.test(specifier) && specifier.endsWith(`/${chunk}`)));
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.mjs'))) {
    const code = readFileSync(join(outdir, file), 'utf8');
    let changed = false;
    const linked = code.replace(/(import\(\s*|from\s*|import\s*)"([^"]+)"/g, (match, how: string, specifier: string) => {
      const chunk = chunkOf(specifier);
      if (!chunk) return match;
      if (!how.startsWith('import(')) throw new Error(`${file}: ${chunk} is a self-contained chunk (lib/constructs/lambdaBundle.ts); import it with import(), not statically`);
      const target = `"./${chunkNameOf(chunk)}.mjs"`;
      if (target.length > specifier.length + 2) throw new Error(`${chunk}: its chunk name is longer than the import it replaces; shorten it in lambdaBundle.ts`);
      used.add(chunk);
      changed = true;
      return `${how}${target}${' '.repeat(specifier.length + 2 - target.length)}`;
    });
    if (changed) writeFileSync(join(outdir, file), linked);
  }
  return [...used];
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
      command: ['esbuild', entry, ...(options.renderReports ? ['--external:canvas', '--copy-report-fonts'] : []), ...(options.apiDocs ? ['--copy-api-docs'] : [])],
      local: {
        tryBundle(outputDir) {
          bundleLambda(entry, outputDir, options);
          return true;
        },
      },
    },
  });
}
