import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { SYSTEM_ROUTES } from '../../shared/routes/systemRoutes.js';
import { docsAsset, docsPage, openApi } from './apiDocs.js';
import { health, ready } from './health.js';

/** Lambda entry of the system group (health, readiness, the API reference page, catch-all 404). */
export const handler = createGroupHandler('system', SYSTEM_ROUTES, {
  'system.health': health,
  'system.ready': ready,
  'system.openApi': openApi,
  'system.docs': docsPage,
  'system.docsAsset': docsAsset,
});
