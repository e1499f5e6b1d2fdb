/**
 * Entry point of the Like service: `node dist/services/like/main.js`.
 * Environment: see services/README.md (adds CHAOSMODE and CHAOS_SEED to the common set).
 */
import { runService } from '../shared/service-main.js';
import { likeRoutes } from './routes.js';

await runService('like', (ctx) => likeRoutes(ctx));
