import * as z from 'zod';
import { lazySchema } from '../schemas/lazySchema.js';

/**
 * A generated quiz's validation (seed 002 "Generate Quiz Questions"): exactly `question_count`
 * questions, each of one of the requested types and every requested type present (when there are at
 * least as many questions as types), distinct non-empty options (true/false: exactly "True", "False"),
 * and `correct_answer` a 0-based index inside the options. Points are not the model's to choose: every
 * question is worth QUIZ_RULES.pointsPerQuestion (quizService.ts).
 */
export const QUESTION_TYPES = ['multiple_choice', 'true_false'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUIZ_RULES = { maxQuestions: 20, pointsPerQuestion: 10, passPercent: 70, minutesPerQuestion: 2 } as const;

const question = lazySchema(() => z.object({
  type: z.enum(QUESTION_TYPES),
  question: z.string().trim().min(1).max(1000),
  options: z.array(z.string().trim().min(1).max(300)).min(2).max(6),
  correct_answer: z.number().int().min(0),
  explanation: z.string().trim().max(2000).default(''),
}));

export type GeneratedQuestion = z.output<typeof question>;

/** The tool's input schema for the model (the shape, without the request-specific counts). */
export const quizToolShape = lazySchema(() => z.object({ questions: z.array(question) }));

export function quizOutputSchema(count: number, types: readonly QuestionType[]) {
  return z.object({ questions: z.array(question).length(count, `Exactly ${count} questions`) }).superRefine((quiz, ctx) => {
    quiz.questions.forEach((q, i) => {
      if (!types.includes(q.type)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'type'], message: `Type ${q.type} was not requested (${types.join(', ')})` });
      if (q.correct_answer >= q.options.length) ctx.addIssue({ code: 'custom', path: ['questions', i, 'correct_answer'], message: `Index ${q.correct_answer} is outside the ${q.options.length} options` });
      if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'Options must be distinct' });
      if (q.type === 'true_false' && (q.options.length !== 2 || q.options[0] !== 'True' || q.options[1] !== 'False')) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'A true/false question has the options ["True", "False"]' });
      }
    });
    if (quiz.questions.length >= types.length) {
      for (const type of types) if (!quiz.questions.some((q) => q.type === type)) ctx.addIssue({ code: 'custom', path: ['questions'], message: `No question of the requested type ${type}` });
    }
  });
}
