import * as z from 'zod';
import { lazySchema } from './lazySchema.js';

/**
 * The xAPI 1.0.3 statement (IEEE 9274.1.1 / ADL xAPI-Spec 1.0.3, Part Two §2.4) as a strict zod
 * schema: the statement requirements Cairn emits and accepts. Every property the spec does not define
 * is refused (the spec: an LRS rejects a statement with unrecognised properties), and the spec's
 * MUSTs that a shape alone cannot say are refinements:
 * - an Agent has exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account);
 * - an identified Group has exactly one IFI, an anonymous Group lists its members;
 * - a score's raw lies within min and max, min < max, scaled in [-1, 1];
 * - `context.revision` and `context.platform` only when the object is an Activity;
 * - ids are RFC 4122 UUIDs, verb and activity ids IRIs, homePage an IRL, durations ISO 8601,
 *   timestamps ISO 8601 date-times with a zone, `version` 1.0.x.
 * SubStatements are outside Cairn's subset (refused with a validation error naming object.objectType).
 */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon and no white space (RFC 3987's shape, not every production). */
const IRI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const IRL_PATTERN = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
/** ISO 8601 durations as xAPI uses them (PnYnMnDTnHnMnS, or PnW). */
const DURATION_PATTERN = /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$|^P\d+W$/;

const uuid = lazySchema(() => z.string().regex(UUID_PATTERN, 'Must be a UUID (RFC 4122)'));
const iri = lazySchema(() => z.string().max(2048).regex(IRI_PATTERN, 'Must be an absolute IRI'));
const irl = lazySchema(() => z.string().max(2048).regex(IRL_PATTERN, 'Must be an http(s) IRL'));
const languageMap = lazySchema(() => z.record(z.string().regex(LANGUAGE_TAG, 'Must be an RFC 5646 language tag'), z.string().max(4096)));
const extensions = lazySchema(() => z.record(z.string().regex(IRI_PATTERN, 'Extension keys must be IRIs'), z.unknown()));
const timestamp = lazySchema(() => z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 date-time with a time zone' }));

const account = lazySchema(() => z.object({ homePage: irl, name: z.string().min(1).max(256) }).strict());

const ifiFields = {
  mbox: z.string().regex(/^mailto:[^\s@]+@[^\s@]+$/, 'Must be a mailto: IRI').optional(),
  mbox_sha1sum: z.string().regex(/^[0-9a-f]{40}$/i, 'Must be a hex SHA-1').optional(),
  openid: z.string().regex(IRI_PATTERN, 'Must be a URI').optional(),
  account: account.optional(),
};

const ifiCount = (value: Record<string, unknown>) => ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => value[k] !== undefined).length;

export const xapiAgent = lazySchema(() =>
  z
    .object({ objectType: z.literal('Agent').optional(), name: z.string().max(256).optional(), ...ifiFields })
    .strict()
    .refine((agent) => ifiCount(agent) === 1, { message: 'An Agent has exactly one of mbox, mbox_sha1sum, openid, account' })
    .meta({ id: 'XapiAgent' }),
);

export const xapiGroup = lazySchema(() =>
  z
    .object({ objectType: z.literal('Group'), name: z.string().max(256).optional(), member: z.array(xapiAgent).max(100).optional(), ...ifiFields })
    .strict()
    .refine((group) => ifiCount(group) === 1 || (ifiCount(group) === 0 && (group.member?.length ?? 0) > 0), {
      message: 'A Group has exactly one IFI, or none and a member list',
    })
    .refine((group) => ifiCount(group) <= 1, { message: 'A Group has at most one IFI' })
    .meta({ id: 'XapiGroup' }),
);

const actor = lazySchema(() => z.union([xapiAgent, xapiGroup]));

export const xapiVerb = lazySchema(() => z.object({ id: iri, display: languageMap.optional() }).strict());

const interactionComponent = lazySchema(() => z.object({ id: z.string().min(1).max(256), description: languageMap.optional() }).strict());

const activityDefinition = lazySchema(() =>
  z
    .object({
      name: languageMap.optional(),
      description: languageMap.optional(),
      type: iri.optional(),
      moreInfo: irl.optional(),
      extensions: extensions.optional(),
      interactionType: z.enum(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']).optional(),
      correctResponsesPattern: z.array(z.string()).optional(),
      choices: z.array(interactionComponent).optional(),
      scale: z.array(interactionComponent).optional(),
      source: z.array(interactionComponent).optional(),
      target: z.array(interactionComponent).optional(),
      steps: z.array(interactionComponent).optional(),
    })
    .strict(),
);

export const xapiActivity = lazySchema(() => z.object({ objectType: z.literal('Activity').optional(), id: iri, definition: activityDefinition.optional() }).strict().meta({ id: 'XapiActivity' }));

const statementRef = lazySchema(() => z.object({ objectType: z.literal('StatementRef'), id: uuid }).strict());

const statementObject = lazySchema(() =>
  z.union([xapiActivity, xapiAgent.and(z.object({ objectType: z.literal('Agent') }).loose()), xapiGroup, statementRef]),
);

export const xapiScore = lazySchema(() =>
  z
    .object({ scaled: z.number().min(-1).max(1).optional(), raw: z.number().optional(), min: z.number().optional(), max: z.number().optional() })
    .strict()
    .refine((s) => s.min === undefined || s.max === undefined || s.min < s.max, { message: 'score.min must be less than score.max', path: ['min'] })
    .refine((s) => s.raw === undefined || ((s.min === undefined || s.raw >= s.min) && (s.max === undefined || s.raw <= s.max)), {
      message: 'score.raw must lie between score.min and score.max',
      path: ['raw'],
    }),
);

export const xapiResult = lazySchema(() =>
  z
    .object({
      score: xapiScore.optional(),
      success: z.boolean().optional(),
      completion: z.boolean().optional(),
      response: z.string().max(4096).optional(),
      duration: z.string().regex(DURATION_PATTERN, 'Must be an ISO 8601 duration').optional(),
      extensions: extensions.optional(),
    })
    .strict()
    .meta({ id: 'XapiResult' }),
);

const contextActivityList = lazySchema(() => z.union([xapiActivity, z.array(xapiActivity).max(50)]));

export const xapiContext = lazySchema(() =>
  z
    .object({
      registration: uuid.optional(),
      instructor: actor.optional(),
      team: xapiGroup.optional(),
      contextActivities: z
        .object({ parent: contextActivityList.optional(), grouping: contextActivityList.optional(), category: contextActivityList.optional(), other: contextActivityList.optional() })
        .strict()
        .optional(),
      revision: z.string().max(256).optional(),
      platform: z.string().max(256).optional(),
      language: z.string().regex(LANGUAGE_TAG).optional(),
      statement: statementRef.optional(),
      extensions: extensions.optional(),
    })
    .strict()
    .meta({ id: 'XapiContext' }),
);

const attachment = lazySchema(() =>
  z
    .object({
      usageType: iri,
      display: languageMap,
      description: languageMap.optional(),
      contentType: z.string().min(1).max(256),
      length: z.number().int().min(0),
      sha2: z.string().regex(/^[0-9a-f]{56,128}$/i),
      fileUrl: irl.optional(),
    })
    .strict(),
);

/** One xAPI 1.0.3 statement (see the module comment for the rules beyond its shape). */
export const xapiStatement = lazySchema(() =>
  z
    .object({
      id: uuid.optional(),
      actor,
      verb: xapiVerb,
      object: statementObject,
      result: xapiResult.optional(),
      context: xapiContext.optional(),
      timestamp: timestamp.optional(),
      stored: timestamp.optional(),
      authority: actor.optional(),
      version: z.string().regex(/^1\.0(\.\d+)?$/, 'Only xAPI 1.0.x statements').optional(),
      attachments: z.array(attachment).max(10).optional(),
    })
    .strict()
    .superRefine((statement, ctx) => {
      const objectType = (statement.object as { objectType?: string }).objectType ?? 'Activity';
      if (objectType !== 'Activity' && (statement.context?.revision !== undefined || statement.context?.platform !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['context'], message: 'context.revision and context.platform are only allowed when the object is an Activity' });
      }
    })
    .meta({ id: 'XapiStatement' }),
);

export type XapiStatement = z.output<typeof xapiStatement>;
export type XapiAgent = z.output<typeof xapiAgent>;
