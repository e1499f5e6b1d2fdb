import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IgnoreMode } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { ServiceSpec } from './names.js';

/** The repository root: the Docker build context of both services. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What the image build of `spec` may see, as Docker ignore patterns relative to `directory`:
 * the lines of the Dockerfile's own `<Dockerfile>.dockerignore` (the allow-list that
 * `docker build` reads too, so CDK and a plain Docker build stage the same files), then the
 * Dockerfile itself (CDK must stage it; the allow-list leaves it out of Docker's context).
 * Throws naming the file when the ignore file is missing: without it the whole repository,
 * cdk.out included, would be staged.
 */
export function assetExcludes(directory: string, spec: ServiceSpec): string[] {
  const ignoreFile = join(directory, `${spec.dockerfile}.dockerignore`);
  if (!existsSync(ignoreFile)) {
    throw new Error(
      `${spec.name}: ${ignoreFile} not found; it lists what the image build uses ` +
        `(an allow-list starting with "*"), and CDK stages exactly that`,
    );
  }
  const patterns = readFileSync(ignoreFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (patterns[0] !== '*') {
    throw new Error(
      `${spec.name}: ${ignoreFile} must start with "*" and then allow ("!path") only what ` +
        `the Dockerfile copies; it starts with "${patterns[0] ?? ''}"`,
    );
  }
  return [...patterns, `!${spec.dockerfile}`];
}

/**
 * The container image of a service, built by `cdk deploy` (not by synth, which only stages
 * the context) from `directory` with the service's Dockerfile, for linux/amd64. Only what
 * {@link assetExcludes} allows is staged and hashed: a change elsewhere (docs, the CLI,
 * the other service, a cdk.out anywhere in the repository) leaves the image as it is.
 */
export function serviceImage(directory: string, spec: ServiceSpec): ecs.ContainerImage {
  return ecs.ContainerImage.fromAsset(directory, serviceImageOptions(directory, spec));
}

/** The asset options {@link serviceImage} uses (also for tests that hash an image alone). */
export function serviceImageOptions(directory: string, spec: ServiceSpec): ecs.AssetImageProps {
  const dockerfile = join(directory, spec.dockerfile);
  if (!existsSync(dockerfile)) {
    throw new Error(
      `${spec.name}: Dockerfile not found at ${dockerfile}; the image is built from the ` +
        `repository root with "${spec.dockerfile}"`,
    );
  }
  return {
    file: spec.dockerfile,
    exclude: assetExcludes(directory, spec),
    ignoreMode: IgnoreMode.DOCKER,
    platform: Platform.LINUX_AMD64,
  };
}
