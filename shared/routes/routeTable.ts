import { ACHIEVEMENT_ROUTES } from './achievementRoutes.js';
import { ANALYTICS_DASHBOARD_ROUTES } from './analyticsDashboardRoutes.js';
import { ANALYTICS_PROCESSING_ROUTES } from './analyticsProcessingRoutes.js';
import { ASSISTANT_ROUTES } from './assistantRoutes.js';
import { AUTHORING_ROUTES, CATALOG_ROUTES } from './catalogRoutes.js';
import { CERTIFICATE_ROUTES } from './certificateRoutes.js';
import { CHAT_ROUTES } from './chatRoutes.js';
import { CHAT_STREAM_ROUTES } from './chatStreamRoutes.js';
import { AUTH_WEBHOOK_ROUTES } from './authWebhookRoutes.js';
import { COMPARISON_ROUTES } from './comparisonRoutes.js';
import { ENROLLMENT_ROUTES } from './enrollmentRoutes.js';
import { ENROLLMENT_READ_ROUTES } from './enrollmentReadRoutes.js';
import { STREAK_ROUTES } from './gamificationRoutes.js';
import { IDENTITY_ROUTES } from './identityRoutes.js';
import { INTEGRATION_ROUTES } from './integrationRoutes.js';
import { LEADERBOARD_ROUTES } from './leaderboardRoutes.js';
import { LEARNER_ANALYTICS_ROUTES } from './learnerAnalyticsRoutes.js';
import { MEDIA_ROUTES } from './mediaRoutes.js';
import { CONTENT_ROUTES } from './contentRoutes.js';
import { NOTIFICATION_ROUTES } from './notificationRoutes.js';
import { ORGANIZATION_ROUTES } from './organizationRoutes.js';
import { PAYMENT_ROUTES } from './paymentRoutes.js';
import { PERSONAL_COURSE_ROUTES } from './personalCourseRoutes.js';
import { PROGRAM_ROUTES } from './programRoutes.js';
import { PROGRESS_ROUTES } from './progressRoutes.js';
import { REPORT_ROUTES } from './reportRoutes.js';
import { SESSION_ROUTES } from './sessionRoutes.js';
import { REFLECTION_ROUTES } from './reflectionRoutes.js';
import { REVIEW_ROUTES } from './reviewRoutes.js';
import { SKILL_ROUTES } from './skillRoutes.js';
import { SYSTEM_ROUTES } from './systemRoutes.js';
import { ORG_ANALYTICS_ROUTES } from './orgAnalyticsRoutes.js';
import { TRAINER_ANALYTICS_ROUTES } from './trainerAnalyticsRoutes.js';
import type { EndpointGroup, RouteDefinition } from './types.js';
import { XAPI_ROUTES } from './xapiRoutes.js';

/**
 * The route table: the single source of truth for every endpoint (DESIGN §4). CDK creates one API
 * route per entry and one Lambda per group; the Lambda routers, the local server, the OpenAPI
 * document and the authorization test matrix all read this list. Add a group's routes here.
 */
export const ENDPOINT_GROUPS: EndpointGroup[] = [
  { name: 'system', description: 'Health, readiness, the API reference page and the catch-all 404', memoryMb: 256, timeoutSeconds: 10, bundlesApiDocs: true },
  { name: 'identity', description: 'Accounts on Cognito: sign-up, sign-in, refresh, sign-out, profile and preferences; data export and account erasure (issue 20)', memoryMb: 512, timeoutSeconds: 15, grants: ['cognitoSignUp', 'documentFiles'] },
  { name: 'organizations', description: 'Organizations (tenants): creation, members and roles', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'catalog', description: 'Public course catalog (seed 002): list, search, detail, categories', memoryMb: 1024, timeoutSeconds: 10 },
  { name: 'authoring', description: 'Course authoring (seed 002): courses, sections, lessons, publishing, categories', memoryMb: 512, timeoutSeconds: 15 },
  { name: 'personalCourses', description: 'Personal courses and the curriculum builder (seed 004)', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'programs', description: 'Seed 000 programs API and learning-path validator', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'progress', description: 'Progress engine: tutorial progress (seed 001), block completions and milestones (seed 000), course progress (seed 002)', memoryMb: 1024, timeoutSeconds: 10 , grants: ['documentFiles'] },
  { name: 'achievements', description: 'Achievement definitions (seed 000 §3): create, list with rarity, update, archive', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'sessions', description: 'Learning sessions and progress logs (seed 004), written through the progress engine', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'gamification', description: 'Gamification (issue 6): streaks in the learner\'s time zone (seeds 003, 004)', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'leaderboards', description: 'Leaderboards (seed 003): pages of the materialised weekly, monthly and all-time boards', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'notifications', description: 'In-app notifications (seed 002): list with unread count, mark as read', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'enrollments', description: 'Enrollment reads (seed 002): the learner\'s enrollments and enrolled courses with progress; program enrollment (seed 000 §2)', memoryMb: 512, timeoutSeconds: 10 , grants: ['documentFiles'] },
  { name: 'enrollment', description: 'Enroll in a course (seed 002): free at once, paid through the payment-then-enroll saga; confirm a payment intent; saga request status', memoryMb: 512, timeoutSeconds: 15 , grants: ['documentFiles'] },
  { name: 'payments', description: 'Payments (seed 002): payment intents, payment history, coupons, the Stripe webhook', memoryMb: 512, timeoutSeconds: 15 , grants: ['documentFiles'] },
  { name: 'analytics', description: 'Analytics dashboard (seed 000 §8) from the nightly aggregates', memoryMb: 1024, timeoutSeconds: 10 },
  { name: 'learnerAnalytics', description: 'Learner analytics (seed 002 learning, seed 004 progress analytics, seed 003 §2 velocity, engagement, performance, content effectiveness): nightly aggregates plus live activity', memoryMb: 1024, timeoutSeconds: 10 },
  { name: 'skills', description: 'Skills and mastery (issue 16): the skills taxonomy, seed 000 §7 mastery assessment, seed 003 §2 skill gap and mastery, from the nightly mastery summaries', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'reviews', description: 'Course reviews (issue 16): enrolled learners rate a course once and may change it; the course\'s rating and reviews_count move in the same transaction', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'reflections', description: 'Reflections (issue 20, seed 002): puzzles, notes and questions on a course or lesson, private or shared with the course\'s enrolled learners and instructors', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'authWebhooks', description: 'Account lifecycle webhook (issue 20, seed 002): signed identity-provider events of tenants with an external IdP, and the org admin\'s signing-secret routes', memoryMb: 512, timeoutSeconds: 10, grants: ['authWebhookKey'] },
  { name: 'integration', description: 'Integration management (issue 20, seed 003 §8): platform operators probe DynamoDB, Cognito, Stripe, Bedrock, S3 and Step Functions, read breaker status and recorded call metrics, reset breakers; mock payloads outside prod', memoryMb: 512, timeoutSeconds: 15, grants: ['bedrock', 'integrationProbes'] },
  { name: 'comparison', description: 'Comparison analytics (issue 16, seed 003 §5): peer comparison from the nightly peer table under k-anonymity (k = 10) and a differencing guard', memoryMb: 1024, timeoutSeconds: 10 },
  { name: 'trainerAnalytics', description: 'Trainer analytics (issue 16, seed 003 §3): course performance of a trainer\'s courses from the nightly course rollups', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'orgAnalytics', description: 'Organization analytics (issue 16, seed 003 §4): learning velocity, strategic alignment, department analytics, learning culture from the nightly org learner table, peer table and rollup', memoryMb: 1024, timeoutSeconds: 10 },
  { name: 'analyticsProcessing', description: 'Background analytics cron (seed 000 §10): an org admin reprocesses a date; process status', memoryMb: 512, timeoutSeconds: 10 },
  { name: 'assistant', description: 'AI assistant (seed 002): chat send, hints, quiz generation and saving, plan limits; Bedrock or the local provider', memoryMb: 1024, timeoutSeconds: 29, grants: ['bedrock'] },
  { name: 'chat', description: 'AI chat and memory (seed 004): course chat with auto-logging, history, memory store and retrieval, curriculum generation', memoryMb: 1024, timeoutSeconds: 29, grants: ['bedrock'] },
  { name: 'chatStream', description: 'AI chat answer as server-sent events (seed 004), served by a streaming Lambda Function URL', memoryMb: 1024, timeoutSeconds: 120, grants: ['bedrock'] },
  { name: 'certificates', description: 'Certificates (issue 23): the learner\'s certificates, one certificate with its presigned PDF, public verification, revocation, the public-verification switch', memoryMb: 1024, timeoutSeconds: 15, grants: ['documentFiles'] },
  { name: 'reports', description: 'Automated reports (seed 000 §9): JSON, CSV and PDF progress reports in S3, background runs over 500 learners, schedules', memoryMb: 1769, timeoutSeconds: 29, grants: ['reportsBucket'] },
  { name: 'media', description: 'Media library (seed 002): direct-to-S3 uploads with presigned URLs, verified and measured (ffprobe/ffmpeg, pdf-lib), section assignment, protected playback', memoryMb: 1024, timeoutSeconds: 29, grants: ['mediaBucket'] },
  { name: 'xapi', description: 'xAPI (issue 22): the statements resource (statements in, mapped onto the progress engine) and the org admin\'s LRS endpoints and Basic credentials', memoryMb: 1024, timeoutSeconds: 15, grants: ['xapiKey'] },
  { name: 'content', description: 'Personal-course content (seed 004): notes and file uploads, a course\'s resources, external imports through the SSRF-safe fetcher', memoryMb: 1024, timeoutSeconds: 29, grants: ['mediaBucket'] },
];

export const ROUTES: RouteDefinition[] = [...SYSTEM_ROUTES, ...IDENTITY_ROUTES, ...ORGANIZATION_ROUTES, ...CATALOG_ROUTES, ...AUTHORING_ROUTES, ...PROGRAM_ROUTES, ...PERSONAL_COURSE_ROUTES, ...PROGRESS_ROUTES, ...SESSION_ROUTES, ...ACHIEVEMENT_ROUTES, ...STREAK_ROUTES, ...LEADERBOARD_ROUTES, ...NOTIFICATION_ROUTES, ...ENROLLMENT_ROUTES, ...PAYMENT_ROUTES, ...ENROLLMENT_READ_ROUTES, ...ANALYTICS_DASHBOARD_ROUTES, ...LEARNER_ANALYTICS_ROUTES, ...ANALYTICS_PROCESSING_ROUTES, ...REPORT_ROUTES, ...SKILL_ROUTES, ...REVIEW_ROUTES, ...COMPARISON_ROUTES, ...TRAINER_ANALYTICS_ROUTES, ...ORG_ANALYTICS_ROUTES, ...MEDIA_ROUTES, ...CONTENT_ROUTES, ...CERTIFICATE_ROUTES, ...ASSISTANT_ROUTES, ...CHAT_ROUTES, ...CHAT_STREAM_ROUTES, ...REFLECTION_ROUTES, ...AUTH_WEBHOOK_ROUTES, ...XAPI_ROUTES, ...INTEGRATION_ROUTES];
