/**
 * Entry point of the Mysfits ("core") service: `node dist/services/mysfits/main.js`.
 * Environment: see services/README.md.
 */
import { runService } from '../shared/service-main.js';
import { mysfitsRoutes } from './routes.js';

await runService('mysfits', (ctx) => mysfitsRoutes(ctx));
