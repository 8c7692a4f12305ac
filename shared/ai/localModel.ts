import { createHash } from 'node:crypto';
import type { ContextDocument, ModelPort, ModelReply, ModelRequest, StreamEvent } from './modelPort.js';
import { tokenize } from './textTokens.js';

/**
 * The local provider: no language model. It answers by *retrieval* over the documents the context
 * assembly selected (the course's own lesson text, the caller's own memories), ranks passages by
 * shared words weighted by rarity (a small TF-IDF), and says so in every answer ("Retrieved from the
 * course material — no language model is configured"). Structured tasks are built from the same
 * passages by fixed rules (quiz questions from sentences, hints by level, curricula from a template)
 * and labelled the same way. Deterministic: the same request gives the same answer, which is what
 * `npm start` and the tests need. It never claims to be a model: its id is `local-retrieval`.
 */
export const LOCAL_MODEL_ID = 'local-retrieval';
export const RETRIEVAL_LABEL = 'Retrieved from the course material (no language model is configured here):';

export interface Passage {
  documentId: string;
  title: string;
  text: string;
  score: number;
}

/** Sentences of every document, scored against the query by TF-IDF overlap; best first, ties in document order. */
export function rankPassages(documents: readonly ContextDocument[], query: string): Passage[] {
  const passages = documents.flatMap((doc) =>
    splitSentences(doc.text).map((text) => ({ documentId: doc.id, title: doc.title, text, tokens: new Set(tokenize(`${doc.title} ${text}`)) })),
  );
  const df = new Map<string, number>();
  for (const passage of passages) for (const token of passage.tokens) df.set(token, (df.get(token) ?? 0) + 1);
  const queryTokens = new Set(tokenize(query));
  return passages
    .map((passage, index) => {
      let score = 0;
      for (const token of queryTokens) if (passage.tokens.has(token)) score += Math.log(1 + passages.length / (df.get(token) ?? 1));
      return { documentId: passage.documentId, title: passage.title, text: passage.text, score, index };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ index: _index, ...passage }) => passage);
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const countTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function answerText(request: ModelRequest): { text: string; used: string[] } {
  const relevant = rankPassages(request.documents.filter((d) => d.kind !== 'memory'), request.query).filter((p) => p.score > 0).slice(0, 2);
  if (relevant.length === 0) {
    return { text: `${RETRIEVAL_LABEL} nothing in this course's material matches your question. Try naming a lesson or a term it uses.`, used: [] };
  }
  return { text: `${RETRIEVAL_LABEL} ${relevant.map((p) => `"${p.text}" (${p.title})`).join(' ')}`, used: [...new Set(relevant.map((p) => p.documentId))] };
}

/** Stable pseudo-random integer from a string (for deterministic option order). */
function stableInt(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

function quizFrom(request: ModelRequest): unknown {
  const args = request.toolArgs ?? {};
  const count = Number(args.question_count ?? 5);
  const types = (args.question_types as string[] | undefined) ?? ['multiple_choice'];
  const difficulty = String(args.difficulty ?? 'intermediate');
  const topics = ((args.topics as string[] | undefined) ?? []).join(' ');
  const passages = rankPassages(request.documents, `${topics} ${request.query}`);
  const sentences = passages.map((p) => p.text).filter((t) => tokenize(t).length >= 3);
  const vocabulary = [...new Set(sentences.flatMap((s) => tokenize(s)).filter((t) => t.length > 4))].sort();
  const questions = [];
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length] as string;
    const sentence = sentences.length > 0 ? (sentences[i % sentences.length] as string) : `${topics || 'This lesson'} has no text to ask about yet.`;
    if (type === 'true_false') {
      const terms = tokenize(sentence).filter((t) => t.length > 4);
      const swap = vocabulary.find((v) => !terms.includes(v));
      const makeFalse = i % 2 === 1 && terms.length > 0 && swap !== undefined;
      const statement = makeFalse ? sentence.replace(new RegExp(`\\b${terms[0]}\\w*`, 'i'), swap as string) : sentence;
      questions.push({ type, question: `True or false (from the lesson text): ${statement}`, options: ['True', 'False'], correct_answer: makeFalse ? 1 : 0, explanation: `The lesson says: "${sentence}"`, difficulty, points: 10 });
    } else {
      const terms = tokenize(sentence).filter((t) => t.length > 4);
      const answer = terms.sort((a, b) => b.length - a.length || a.localeCompare(b))[0] ?? 'none';
      const distractors = vocabulary.filter((v) => v !== answer).sort((a, b) => stableInt(`${i}:${a}`) - stableInt(`${i}:${b}`)).slice(0, 3);
      const fillers = ['none of these', 'all of these', 'not covered'];
      while (distractors.length < 3) distractors.push(fillers[distractors.length] as string);
      const options = [answer, ...distractors].sort((a, b) => stableInt(`${i}|${a}`) - stableInt(`${i}|${b}`));
      const blanked = sentence.replace(new RegExp(`\\b${answer}\\w*`, 'i'), '_____');
      questions.push({ type: 'multiple_choice', question: `Fill the blank (from the lesson text): ${blanked}`, options, correct_answer: options.indexOf(answer), explanation: `The lesson says: "${sentence}"`, difficulty, points: 10 });
    }
  }
  return { questions };
}

const HINT_LEVELS = ['basic', 'intermediate', 'advanced'] as const;

function hintFrom(request: ModelRequest): unknown {
  const args = request.toolArgs ?? {};
  const previous = ((args.previous_hints as string[] | undefined) ?? []).join(' \n ');
  const level = HINT_LEVELS[Math.min(Number(args.level_index ?? 0), HINT_LEVELS.length - 1)] as string;
  const fresh = rankPassages(request.documents, `${String(args.concept ?? '')} ${request.query}`).filter((p) => !previous.includes(p.text));
  const take = level === 'basic' ? 1 : level === 'intermediate' ? 1 : 2;
  const chosen = fresh.slice(0, take);
  const hint = chosen.length > 0
    ? `${RETRIEVAL_LABEL} ${chosen.map((p) => `"${p.text}" (${p.title})`).join(' ')}`
    : `${RETRIEVAL_LABEL} the lesson has no further text about "${String(args.concept ?? '')}"; revisit the lesson itself.`;
  return { hint, level, related_examples: [] };
}

function curriculumFrom(request: ModelRequest): unknown {
  const args = request.toolArgs ?? {};
  const topic = String(args.topic ?? 'the topic');
  const goals = ((args.goals as string[] | undefined) ?? []).filter(Boolean);
  const minutes = Number(args.session_minutes ?? 30);
  const themes = goals.length > 0 ? goals : ['foundations', 'practice', 'review'];
  return {
    structure: themes.map((theme, i) => {
      const id = `s${i + 1}`;
      return {
        id,
        title: `${i + 1}. ${capitalise(theme)}`,
        type: 'section',
        estimatedDuration: 0,
        prerequisites: i > 0 ? [`s${i}`] : [],
        learningObjectives: [`${capitalise(theme)} in ${topic}`],
        children: [
          { id: `${id}-lesson`, title: `Learn: ${theme}`, type: 'lesson', estimatedDuration: minutes, prerequisites: [], learningObjectives: [`Understand ${theme}`], children: [] },
          { id: `${id}-practice`, title: `Practise: ${theme}`, type: 'practice', estimatedDuration: minutes, prerequisites: [`${id}-lesson`], learningObjectives: [`Apply ${theme}`], children: [] },
          { id: `${id}-quiz`, title: `Check: ${theme}`, type: 'quiz', estimatedDuration: Math.max(5, Math.round(minutes / 3)), prerequisites: [`${id}-practice`], learningObjectives: [`Show ${theme}`], children: [] },
        ],
      };
    }),
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const TOOLS: Record<string, (request: ModelRequest) => unknown> = { emit_quiz: quizFrom, emit_hint: hintFrom, emit_curriculum: curriculumFrom };

export function localModel(): ModelPort {
  const converse = async (request: ModelRequest): Promise<ModelReply> => {
    const promptTokens = countTokens(request.system + request.messages.map((m) => m.text).join('\n'));
    if (request.tool) {
      const build = TOOLS[request.tool.name];
      if (!build) throw new Error(`The local provider has no rule for tool ${request.tool.name}`);
      const toolInput = build(request);
      return { text: '', toolInput, usage: { inputTokens: promptTokens, outputTokens: countTokens(JSON.stringify(toolInput)) }, modelId: LOCAL_MODEL_ID, usedDocumentIds: request.documents.map((d) => d.id) };
    }
    const { text, used } = answerText(request);
    return { text, usage: { inputTokens: promptTokens, outputTokens: countTokens(text) }, modelId: LOCAL_MODEL_ID, usedDocumentIds: used };
  };
  return {
    modelId: LOCAL_MODEL_ID,
    kind: 'local',
    converse,
    converseStream: async function* (request: ModelRequest): AsyncIterable<StreamEvent> {
      const reply = await converse(request);
      // Word by word, each piece with its leading space, as a model's token deltas arrive.
      for (const piece of reply.text.match(/\s*\S+/g) ?? []) yield { type: 'text', text: piece };
      yield { type: 'done', usage: reply.usage, modelId: reply.modelId, ...(reply.usedDocumentIds ? { usedDocumentIds: reply.usedDocumentIds } : {}) };
    },
  };
}
