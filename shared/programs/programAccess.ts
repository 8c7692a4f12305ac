import { hasAnyRole, type Principal } from '../auth/principal.js';
import type { Role } from '../routes/types.js';
import type { ProgramRecord } from './program.js';

/**
 * Who may do what with programs. Instructors, trainers and org admins author programs and see every
 * program of their tenant; learners see only active ones; a program's creator always sees their own.
 * A program is changed only by its creator or an org admin.
 */
export const PROGRAM_AUTHOR_ROLES: readonly Role[] = ['instructor', 'trainer', 'org_admin'];

/** True when the principal may create programs and see drafts and archived programs. */
export function isProgramAuthor(principal: Principal): boolean {
  return hasAnyRole(principal, PROGRAM_AUTHOR_ROLES);
}

/** True when the principal may see the program (list, get, use it in a learning path). */
export function canSeeProgram(principal: Principal, program: Pick<ProgramRecord, 'status' | 'createdBy'>): boolean {
  return program.status === 'active' || isProgramAuthor(principal) || program.createdBy === principal.userId;
}

/** True when the principal may update the program. */
export function canChangeProgram(principal: Principal, program: Pick<ProgramRecord, 'createdBy'>): boolean {
  return program.createdBy === principal.userId || principal.roles.includes('org_admin');
}
