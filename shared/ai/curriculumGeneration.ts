import * as z from 'zod';
import { NotFoundError } from '../http/errors.js';
import { getCurriculum, saveCurriculum } from '../personalCourses/curriculumRepository.js';
import { buildCurriculum, type CurriculumNode, type CurriculumNodeInput } from '../personalCourses/curriculumTree.js';
import { getPersonalCourse } from '../personalCourses/personalCourseRepository.js';
import type * as s from '../schemas/chat.js';
import { curriculumNodeInput, structureInput } from '../schemas/personalCourses.js';
import { meteredAiRequest } from './aiRequest.js';
import { personalCourseContext, type Caller } from './contextAssembly.js';
import { aiModels } from './modelProvider.js';
import { SYSTEM_PROMPTS, delimitedUserTurn } from './promptAssembly.js';
import { generateStructured, toolSchema } from './structuredOutput.js';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * `POST /api/curriculum/generate` (seed 004 Curriculum Builder): the model proposes a curriculum tree
 * for one of the caller's personal courses; the tree must pass the same rules as a hand-written one
 * (the PUT route's schema and buildCurriculum: unique ids, depth ≤ 6, ≤ 500 nodes, prerequisites inside
 * the tree, no cycle through prerequisites and containment). A tree that fails gets one repair attempt
 * with the issues, then 502 AI_INVALID_OUTPUT. A valid tree is saved as the next version with the
 * curriculum's optimistic check (a concurrent edit → 409, nothing saved).
 */
const generatedTree = lazySchema(() => z.object({ structure: structureInput }).superRefine((value, ctx) => {
  const built = buildCurriculum(value.structure as CurriculumNodeInput[]);
  if (!built.ok) for (const issue of built.issues) ctx.addIssue({ code: 'custom', path: ['structure', ...issue.path], message: `${issue.code}: ${issue.message}` });
}));

const toolShape = lazySchema(() => z.object({ structure: z.array(curriculumNodeInput) }));

function outline(nodes: readonly CurriculumNode[]): string[] {
  return nodes.map((node) => `${node.path}. ${node.title}`);
}

export async function generateCurriculum(caller: Caller, input: z.output<typeof s.curriculumGenerateBody>, meta: { requestId: string; route: string; now: Date }) {
  const course = await getPersonalCourse(caller, input.course_id);
  if (!course) throw new NotFoundError('Course not found');
  const current = await getCurriculum(caller, course.courseId);
  const goals = input.goals ?? course.goals;
  const minutes = input.session_minutes ?? course.preferences.sessionLength ?? 30;
  const { chat } = await aiModels();
  const { documents } = await personalCourseContext(caller, course);
  const task =
    `Design the curriculum of "${course.title}" (topic: ${course.topic}; level ${course.currentLevel ?? 'unspecified'} → ${course.targetLevel ?? 'unspecified'}; ` +
    `${course.timelineWeeks ? `${course.timelineWeeks} weeks; ` : ''}sessions of ${minutes} minutes; goals: ${goals.join(', ') || 'none given'}).`;
  const { result, usage } = await meteredAiRequest({ ...caller, route: meta.route, requestId: meta.requestId, now: meta.now }, async () => {
    const out = await generateStructured(
      chat,
      {
        system: SYSTEM_PROMPTS.curriculum,
        messages: [{ role: 'user', text: delimitedUserTurn({ documents, task, userText: goals.join('; ') || course.topic }) }],
        documents,
        query: `${course.topic} ${goals.join(' ')}`,
        tool: { name: 'emit_curriculum', description: 'Return the curriculum tree', inputSchema: toolSchema(toolShape) },
        toolArgs: { topic: course.topic, goals, session_minutes: minutes },
        maxTokens: 8192,
        temperature: 0.2,
      },
      generatedTree,
      'curriculum',
    );
    return { result: out.value, replies: out.replies };
  });
  const built = buildCurriculum(result.structure as CurriculumNodeInput[]);
  if (!built.ok) throw new Error('A validated curriculum failed buildCurriculum');
  const saved = await saveCurriculum(caller, course.courseId, current.version, built.structure, built.summary, meta.now);
  return {
    courseId: course.courseId,
    status: 'ready' as const,
    version: saved.version,
    preview: { outline: outline(built.structure), estimatedDuration: built.summary.totalEstimatedDuration, moduleCount: built.structure.length },
    nodeCount: built.summary.nodeCount,
    usage,
    source: chat.kind === 'local' ? ('retrieval' as const) : ('model' as const),
  };
}
