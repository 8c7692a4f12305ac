import { createGroupHandler } from '../../shared/http/createGroupHandler.js';
import { ROUTES } from '../../shared/routes/routeTable.js';
import { health, ready } from './health.js';

/** Lambda entry of the system group (health, readiness, catch-all 404). */
export const handler = createGroupHandler('system', ROUTES, {
  'system.health': health,
  'system.ready': ready,
});
