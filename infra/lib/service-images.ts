import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IgnoreMode } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { ServiceSpec } from './names.js';

/** The repository root: the Docker build context of both services. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What never goes into the build context (Docker ignore syntax, relative to the root):
 * dependencies and build output are rebuilt inside the image, `infra/` holds cdk.out (the
 * staging target itself), the rest is local state.
 */
export const ASSET_EXCLUDES = [
  '.git',
  '**/node_modules',
  '**/dist',
  'infra',
  'coverage',
  'reports',
  '.mysfits-dr',
  '**/*.log',
];

/**
 * The container image of a service, built by `cdk deploy` (not by synth, which only stages
 * the context) from `directory` with the service's Dockerfile, for linux/amd64.
 */
export function serviceImage(directory: string, spec: ServiceSpec): ecs.ContainerImage {
  const dockerfile = join(directory, spec.dockerfile);
  if (!existsSync(dockerfile)) {
    throw new Error(
      `${spec.name}: Dockerfile not found at ${dockerfile}; the image is built from the ` +
        `repository root with "${spec.dockerfile}"`,
    );
  }
  return ecs.ContainerImage.fromAsset(directory, {
    file: spec.dockerfile,
    exclude: ASSET_EXCLUDES,
    ignoreMode: IgnoreMode.DOCKER,
    platform: Platform.LINUX_AMD64,
  });
}
