import type { CourseRecord, CourseTree, LessonRecord, SectionRecord } from './course.js';
import { averageRating, durationHours, priceOf } from './course.js';
import type { InstructorProfile } from './catalogService.js';

/** Seed 002 shapes (snake_case) of catalog records; fields are only ever added to the seed's. */

export function courseSummaryOf(course: CourseRecord) {
  return {
    id: course.courseId,
    title: course.title,
    slug: course.slug,
    description: course.description,
    thumbnail_url: course.thumbnailUrl ?? null,
    instructor: { id: course.instructor.id, name: course.instructor.name, avatar_url: course.instructor.avatarUrl ?? null },
    category: course.category ?? null,
    difficulty: course.difficulty,
    duration_hours: durationHours(course.durationMinutes),
    price: priceOf(course.priceCents),
    currency: course.currency,
    rating: averageRating(course),
    reviews_count: course.reviewsCount,
    students_count: course.studentsCount,
    sections_count: course.sectionsCount,
    lessons_count: course.lessonsCount,
    tags: course.tags,
    skills: course.skills,
    status: course.status,
    created_at: course.createdAt,
    updated_at: course.updatedAt,
  };
}

export function lessonOf(lesson: LessonRecord, withContent = true) {
  return {
    id: lesson.lessonId,
    section_id: lesson.sectionId,
    title: lesson.title,
    description: lesson.description ?? null,
    type: lesson.type,
    order: lesson.order,
    duration_minutes: lesson.durationMinutes,
    prerequisites: lesson.prerequisites,
    skills: lesson.skills,
    is_preview: lesson.isPreview,
    content_url: withContent ? (lesson.contentUrl ?? null) : null,
    max_score: lesson.maxScore ?? null,
    pass_score: lesson.passScore ?? null,
    created_at: lesson.createdAt,
    updated_at: lesson.updatedAt,
  };
}

/** A section as the instructor's content routes show it (seed: `media_count`, `total_duration_minutes`). */
export function sectionOf(courseId: string, section: SectionRecord, lessons: readonly LessonRecord[]) {
  const own = lessons.filter((l) => l.sectionId === section.sectionId);
  return {
    id: section.sectionId,
    course_id: courseId,
    title: section.title,
    description: section.description ?? null,
    order: section.order,
    is_published: section.isPublished,
    media_count: own.length,
    lessons_count: own.length,
    total_duration_minutes: own.reduce((sum, l) => sum + l.durationMinutes, 0),
    created_at: section.createdAt,
    updated_at: section.updatedAt,
  };
}

/**
 * The detail page. The public sees published sections and their lessons (content URLs only of preview
 * lessons); the course's authors see every section, content and the draft status.
 */
export function courseDetailOf(tree: CourseTree, instructor: InstructorProfile, asAuthor: boolean) {
  const { course, detail } = tree;
  const sections = asAuthor ? tree.sections : tree.sections.filter((s) => s.isPublished);
  return {
    ...courseSummaryOf(course),
    detailed_description: detail.detailedDescription ?? null,
    preview_video_url: detail.previewVideoUrl ?? null,
    instructor: {
      id: instructor.id,
      name: instructor.name,
      avatar_url: instructor.avatarUrl ?? null,
      bio: instructor.bio ?? null,
      courses_count: instructor.coursesCount,
      students_count: instructor.studentsCount,
      rating: null,
    },
    sections: sections.map((section) => {
      const lessons = tree.lessons.filter((l) => l.sectionId === section.sectionId);
      return {
        id: section.sectionId,
        title: section.title,
        description: section.description ?? null,
        order: section.order,
        duration_minutes: lessons.reduce((sum, l) => sum + l.durationMinutes, 0),
        lessons_count: lessons.length,
        is_preview: lessons.some((l) => l.isPreview),
        is_published: section.isPublished,
        lessons: lessons.map((l) => lessonOf(l, asAuthor || l.isPreview)),
      };
    }),
    requirements: detail.requirements,
    objectives: detail.objectives,
    target_audience: detail.targetAudience,
    prerequisites: course.prerequisites,
    enforce_sequence: course.enforceSequence,
    published_at: course.publishedAt ?? null,
  };
}
