/**
 * The catalog's content structure (issue 4): course → sections → lessons. Progress percentages,
 * prerequisites and analytics are all computed against these records, so they are modelled once here.
 * Money is kept in minor units (cents) so no arithmetic ever rounds; the API shows decimals.
 */
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const LESSON_TYPES = ['video', 'reading', 'quiz', 'practice', 'milestone'] as const;
export type LessonType = (typeof LESSON_TYPES)[number];

export type CourseStatus = 'draft' | 'published';

export interface CategoryRef {
  id: string;
  name: string;
  slug: string;
}

export interface InstructorRef {
  id: string;
  name: string;
  avatarUrl?: string;
}

/** The course record: everything the public list shows, plus status and the optimistic-lock version. */
export interface CourseRecord {
  tenantId: string;
  courseId: string;
  slug: string;
  title: string;
  description: string;
  thumbnailUrl?: string;
  /** The primary instructor (creator) as shown in the catalog. */
  instructor: InstructorRef;
  /** Everyone who may author the course: the creator plus co-instructors. */
  instructorIds: string[];
  category?: CategoryRef;
  difficulty: Difficulty;
  priceCents: number;
  currency: string;
  tags: string[];
  skills: string[];
  /** Catalog course ids a learner should complete first (edges of the tenant's course graph). */
  prerequisites: string[];
  /** When true, a lesson can only be completed after its prerequisites (progress engine). */
  enforceSequence: boolean;
  status: CourseStatus;
  /** Counts over published sections only: what a learner sees. Recomputed on every structural write. */
  sectionsCount: number;
  lessonsCount: number;
  durationMinutes: number;
  /** Counted by enrollments (atomic ADD); a course with enrollments cannot be deleted. */
  studentsCount: number;
  ratingSum: number;
  reviewsCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
}

/** The long-form texts of a course, a separate item so catalog lists never read them. */
export interface CourseDetailRecord {
  detailedDescription?: string;
  previewVideoUrl?: string;
  requirements: string[];
  objectives: string[];
  targetAudience: string[];
}

export interface SectionRecord {
  sectionId: string;
  title: string;
  description?: string;
  /** 1-based position inside the course, contiguous. */
  order: number;
  isPublished: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LessonRecord {
  lessonId: string;
  sectionId: string;
  title: string;
  description?: string;
  type: LessonType;
  /** 1-based position inside its section, contiguous. */
  order: number;
  durationMinutes: number;
  /** Lesson ids of the same course that must be completed first; the graph is kept acyclic. */
  prerequisites: string[];
  skills: string[];
  isPreview: boolean;
  contentUrl?: string;
  /** Quizzes: the maximum score and the score that passes. */
  maxScore?: number;
  passScore?: number;
  createdAt: string;
  updatedAt: string;
}

/** A whole course as one Query of its item collection returns it. */
export interface CourseTree {
  course: CourseRecord;
  detail: CourseDetailRecord;
  sections: SectionRecord[];
  lessons: LessonRecord[];
}

/** Catalog limits: they keep every authoring write inside one DynamoDB transaction (100 items). */
export const COURSE_LIMITS = {
  sectionsPerCourse: 50,
  lessonsPerSection: 40,
  lessonsPerCourse: 300,
  prerequisitesPerItem: 20,
  coInstructors: 10,
} as const;

/** Average rating (1 decimal) or null while the course has no reviews. */
export function averageRating(course: Pick<CourseRecord, 'ratingSum' | 'reviewsCount'>): number | null {
  return course.reviewsCount > 0 ? Math.round((course.ratingSum / course.reviewsCount) * 10) / 10 : null;
}

/** Hours with one decimal, as the catalog shows durations. */
export function durationHours(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

/** Decimal price from minor units. */
export function priceOf(cents: number): number {
  return cents / 100;
}
