import type { CourseStatus } from './personalCourse.js';

/**
 * The status lifecycle of a personal course: `draft` (created; seed 004 shows `generating` while an
 * AI builds the outline — Cairn has no AI generation yet, so a course starts as `draft`) → `active`
 * ⇄ `paused`, and → `completed` only through `POST /api/courses/{id}/complete`, which stamps
 * `completed_at`. An edit (PATCH) may request `active` or `paused`; the rule below is enforced as a
 * condition on the stored status, so two concurrent edits cannot jump the lifecycle.
 */
export const EDITABLE_STATUSES = ['active', 'paused'] as const;
export type EditableStatus = (typeof EDITABLE_STATUSES)[number];

const SOURCES: Record<EditableStatus, readonly CourseStatus[]> = {
  active: ['draft', 'paused'],
  paused: ['active'],
};

/**
 * The stored statuses from which an edit may move a course to `target`, including `target` itself
 * (asking for the status the course already has is a no-op, so a retried PATCH succeeds).
 */
export function statusesAllowingEditTo(target: EditableStatus): CourseStatus[] {
  return [...SOURCES[target], target];
}

