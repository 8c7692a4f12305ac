// `npm run token -- --user <id> --tenant <id> --role <role> [--role <role>] [--member <tenant>:<role>]
//                   [--email <e>] [--expires-in <seconds>] [--operator]`
// `--operator` adds the platform operator role (claim `cairn:platform`), as the Cognito trigger does for
// members of the `cairn-platform-operators` group; see docs/api.md "Platform operators".
// Prints only a token, on stdout, signed with the local issuer key that `npm start` uses.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tenantIdSchema } from '../shared/auth/principal.js';
import { ROLES, type Role } from '../shared/routes/types.js';
import { loadIssuerKeys, mintToken } from './local/localIssuer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    tenant: { type: 'string' },
    role: { type: 'string', multiple: true },
    member: { type: 'string', multiple: true },
    email: { type: 'string' },
    'expires-in': { type: 'string' },
    operator: { type: 'boolean' },
  },
  strict: true,
});

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
if (!values.user) fail('--user <id> is required');
if (!values.tenant || !tenantIdSchema.safeParse(values.tenant).success) fail('--tenant <id> is required (letters, digits, - and _)');
const roles = (values.role ?? ['learner']).flatMap((r) => r.split(','));
const badRole = roles.find((r) => !isRole(r));
if (badRole) fail(`unknown role "${badRole}"; roles are ${ROLES.join(', ')}`);
const memberships: Record<string, Role[]> = {};
for (const entry of values.member ?? []) {
  const [tenant, role] = entry.split(':');
  if (!tenant || !role || !isRole(role) || !tenantIdSchema.safeParse(tenant).success) fail(`--member expects <tenant>:<role>, got "${entry}"`);
  (memberships[tenant] ??= []).push(role);
}
const expiresIn = values['expires-in'] === undefined ? 3600 : Number(values['expires-in']);
if (!Number.isInteger(expiresIn)) fail('--expires-in must be whole seconds');

const keys = loadIssuerKeys(join(root, '.data', 'issuer'));
if (!keys) fail('no local issuer key yet: run `npm start` once first');

process.stdout.write(
  `${mintToken(keys, {
    userId: values.user,
    tenantId: values.tenant,
    roles: roles as Role[],
    ...(Object.keys(memberships).length > 0 ? { memberships } : {}),
    ...(values.email ? { email: values.email } : {}),
    ...(values.operator ? { platformRoles: ['operator' as const] } : {}),
    expiresInSeconds: expiresIn,
  })}\n`,
);
