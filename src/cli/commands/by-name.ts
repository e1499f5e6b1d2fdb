/**
 * The command modules a run needs, by the top-level command it names: that command's module
 * alone when argv names one (loading and building every other command costs a few ms of each
 * start-up), else every command (index.ts), so help, suggestions and errors list them all.
 */
import type { CommandRegistrar } from '../program.js';

/** Each top-level command's module, imported on use (`failover` and `failback` share one). */
export const registrarLoaders: Readonly<Record<string, () => Promise<CommandRegistrar>>> = {
  init: async () => (await import('./init.js')).registerInit,
  status: async () => (await import('./status.js')).registerStatus,
  traffic: async () => (await import('./traffic.js')).registerTraffic,
  failover: async () => (await import('./failover.js')).registerFailover,
  failback: async () => (await import('./failover.js')).registerFailover,
  history: async () => (await import('./history.js')).registerHistory,
  lock: async () => (await import('./lock.js')).registerLock,
  drill: async () => (await import('./drill.js')).registerDrill,
  config: async () => (await import('./config.js')).registerConfig,
  'iam-policy': async () => (await import('./iam-policy.js')).registerIamPolicy,
  lab: async () => (await import('./lab.js')).registerLab,
  metrics: async () => (await import('./metrics.js')).registerMetrics,
  replication: async () => (await import('./replication.js')).registerReplication,
  schema: async () => (await import('./schema.js')).registerSchema,
};

/** The registrars to build the program from for a run of the top-level command `name`. */
export async function registrarsFor(
  name: string | undefined,
): Promise<readonly CommandRegistrar[]> {
  if (name !== undefined && Object.hasOwn(registrarLoaders, name)) {
    return [await registrarLoaders[name]!()];
  }
  return (await import('./index.js')).registrars;
}
