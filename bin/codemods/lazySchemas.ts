/**
 * Codemod (issue 17): wraps every top-level zod schema constant in `lazySchema(() => …)`
 * (shared/schemas/lazySchema.ts), so a Lambda builds only the schemas its invocation uses.
 *
 *   npx tsx bin/codemods/lazySchemas.ts            # rewrite shared/ and lambdas/ in place
 *   npx tsx bin/codemods/lazySchemas.ts --check    # list what it would change; exit 1 if anything
 *   npx tsx bin/codemods/lazySchemas.ts shared/x   # only these folders or files
 *
 * Re-runnable: a constant already wrapped is left alone, so it can be run on code merged from other
 * branches. What it wraps: a top-level `const` (exported or not) whose initializer's type is a zod schema
 * (it has `_zod`) or an object literal of schemas only (fields spread into several objects), found with
 * the TypeScript checker, so helper calls that return a schema
 * (`localDateRangeSchema(366)`) are wrapped too and functions, literals and `as const` lists are not.
 * It only inserts `lazySchema(() => ` and `)` around the initializer and adds the import; formatting
 * and comments stay as they were.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HELPER = join(root, 'shared', 'schemas', 'lazySchema.ts');

const args = process.argv.slice(2);
const check = args.includes('--check');
const targets = args.filter((a) => !a.startsWith('--')).map((a) => resolve(root, a));
const roots = targets.length > 0 ? targets : [join(root, 'shared'), join(root, 'lambdas')];

const inTargets = (file: string) => roots.some((r) => file === r || file.startsWith(r.endsWith(sep) ? r : r + sep));

const configPath = join(root, 'tsconfig.json');
const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
const checker = program.getTypeChecker();

interface Edit {
  start: number;
  end: number;
  name: string;
  /** An object literal needs parentheses to be an arrow function's value. */
  parens: boolean;
}

function isZodSchema(node: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(node);
  return type.getProperty('_zod') !== undefined && type.getCallSignatures().length === 0;
}

/** An object literal of schemas only (shared fields spread into several `z.object`s). */
function isSchemaFields(node: ts.Expression): boolean {
  if (!ts.isObjectLiteralExpression(node) || node.properties.length === 0) return false;
  const props = checker.getTypeAtLocation(node).getProperties();
  return props.length > 0 && props.every((p) => checker.getTypeOfSymbolAtLocation(p, node).getProperty('_zod') !== undefined);
}

function isLazyCall(node: ts.Expression): boolean {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'lazySchema';
}

function editsOf(source: ts.SourceFile): Edit[] {
  const edits: Edit[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (!init || !ts.isIdentifier(declaration.name)) continue;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init) || isLazyCall(init)) continue;
      // A bare alias of another constant (`const a = b`) costs nothing to evaluate.
      if (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init)) continue;
      if (!isZodSchema(init) && !isSchemaFields(init)) continue;
      edits.push({ start: init.getStart(source), end: init.getEnd(), name: declaration.name.text, parens: ts.isObjectLiteralExpression(init) });
    }
  }
  return edits;
}

function importLine(file: string): string {
  let spec = relative(dirname(file), HELPER).split(sep).join('/').replace(/\.ts$/, '.js');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return `import { lazySchema } from '${spec}';\n`;
}

function apply(file: string, text: string, source: ts.SourceFile, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    const [open, close] = edit.parens ? ['(', ')'] : ['', ''];
    out = `${out.slice(0, edit.start)}lazySchema(() => ${open}${out.slice(edit.start, edit.end)}${close})${out.slice(edit.end)}`;
  }
  const hasImport = source.statements.some(
    (s) => ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings) && s.importClause.namedBindings.elements.some((e) => e.name.text === 'lazySchema'),
  );
  if (!hasImport) {
    const imports = source.statements.filter(ts.isImportDeclaration);
    const at = imports.length > 0 ? imports[imports.length - 1]!.getEnd() : 0;
    const insert = imports.length > 0 ? `\n${importLine(file).trimEnd()}` : importLine(file);
    out = `${out.slice(0, at)}${insert}${out.slice(at)}`;
  }
  return out;
}

let changed = 0;
for (const source of program.getSourceFiles()) {
  const file = resolve(source.fileName);
  if (source.isDeclarationFile || file === HELPER || !inTargets(file) || file.includes(`${sep}node_modules${sep}`)) continue;
  if (!existsSync(file) || !statSync(file).isFile()) continue;
  const edits = editsOf(source);
  if (edits.length === 0) continue;
  changed += 1;
  const rel = relative(root, file);
  if (check) {
    console.log(`${rel}: ${edits.map((e) => e.name).join(', ')}`);
    continue;
  }
  writeFileSync(file, apply(file, readFileSync(file, 'utf8'), source, edits));
  console.log(`${rel}: wrapped ${edits.length} (${edits.map((e) => e.name).join(', ')})`);
}
console.log(check ? `${changed} file(s) would change` : `${changed} file(s) changed`);
if (check && changed > 0) process.exitCode = 1;
