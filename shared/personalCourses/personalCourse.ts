import type { FrequencyPattern } from './frequency.js';
import type { SkillLevel } from './skillLevels.js';

/**
 * A learner's personal course (seed 004 "Course Management"): a private learning plan owned by its
 * creator, stored in the creator's item collection (`T#<tenant>#U#<user>#PCOURSES`, sk `PC#<id>`),
 * so another user's course is not found by construction. Stored in camelCase; the API shows the
 * seed's snake_case.
 */
export const COURSE_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

export const COURSE_DIFFICULTIES = ['easy', 'moderate', 'challenging'] as const;
export type CourseDifficulty = (typeof COURSE_DIFFICULTIES)[number];

export interface CoursePreferences {
  /** Minutes per session. */
  sessionLength?: number;
  frequency?: FrequencyPattern;
  difficulty?: CourseDifficulty;
  focusAreas: string[];
}

export interface PersonalCourseRecord {
  courseId: string;
  userId: string;
  title: string;
  topic: string;
  description?: string;
  currentLevel?: SkillLevel;
  targetLevel?: SkillLevel;
  goals: string[];
  timelineWeeks?: number;
  status: CourseStatus;
  preferences: CoursePreferences;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
}

/**
 * Limits of personal courses. Text limits are in UTF-8 bytes (equal to characters for ASCII) because
 * they exist to bound the stored item: with at most `coursesPerUser` courses of at most ~5 KB each, a
 * user's whole course collection stays under DynamoDB's 1 MB Query page, so listing is always exactly
 * one Query (test/unit/personalCourseLimits.test.ts checks the worst case).
 */
export const PERSONAL_COURSE_LIMITS = {
  coursesPerUser: 200,
  topicBytes: 200,
  titleBytes: 200,
  descriptionBytes: 2000,
  goals: 10,
  goalBytes: 100,
  focusAreas: 10,
  focusAreaBytes: 50,
  minSessionMinutes: 5,
  maxSessionMinutes: 240,
  maxTimelineWeeks: 520,
} as const;
