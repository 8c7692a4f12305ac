import type { PersonalCourseRecord } from '../../shared/personalCourses/personalCourse.js';

/** Seed 004's snake_case course shape; absent optional fields are null so the shape never varies. */
export function course004(course: PersonalCourseRecord) {
  return {
    id: course.courseId,
    user_id: course.userId,
    title: course.title,
    topic: course.topic,
    description: course.description ?? null,
    current_level: course.currentLevel ?? null,
    target_level: course.targetLevel ?? null,
    goals: course.goals,
    timeline_weeks: course.timelineWeeks ?? null,
    status: course.status,
    preferences: {
      session_length: course.preferences.sessionLength ?? null,
      frequency: course.preferences.frequency ?? null,
      difficulty: course.preferences.difficulty ?? null,
      focus_areas: course.preferences.focusAreas,
    },
    created_at: course.createdAt,
    updated_at: course.updatedAt,
    completed_at: course.completedAt ?? null,
  };
}
