import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { DockerImageAsset } from 'aws-cdk-lib/aws-ecr-assets';
import { describe, expect, it } from 'vitest';
import { buildMysfitsApp } from '../lib/app.js';
import { SERVICES } from '../lib/names.js';
import { REPO_ROOT, serviceImage, serviceImageOptions } from '../lib/service-images.js';
import { readSettings } from '../lib/settings.js';
import { cdkJsonContext } from './helpers.js';

interface DockerAsset {
  source: { directory: string; dockerFile: string; platform: string };
}

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** A small repository with the real Dockerfiles and their allow-lists, docs, src and infra. */
function sampleRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'mysfits-repo-'));
  for (const spec of Object.values(SERVICES)) {
    for (const file of [spec.dockerfile, `${spec.dockerfile}.dockerignore`]) {
      cpSync(join(REPO_ROOT, file), join(root, file));
    }
  }
  const files = {
    'package.json': '{"type":"module"}',
    'package-lock.json': '{}',
    'tsconfig.json': '{}',
    'services/shared/logger.ts': 'export {};',
    'services/like/main.ts': 'export {};',
    'services/mysfits/main.ts': 'export {};',
    'docs/lab.md': '# lab',
    'README.md': '# readme',
    'src/cli/main.ts': 'export {};',
    'infra/lib/app.ts': 'export {};',
    'node_modules/x/index.js': '',
  };
  for (const [file, text] of Object.entries(files)) write(root, file, text);
  return root;
}

/** The asset hash of each service image staged from `root` into `outdir`. */
function imageHashes(root: string, outdir?: string): Record<string, string> {
  const app = new App(outdir ? { outdir } : {});
  const stack = new Stack(app, 'Images');
  Validations.of(stack).acknowledge({
    id: 'CloudFormation-Validate::F0001',
    reason: 'A stack of image assets only, never deployed.',
  });
  const hashes: Record<string, string> = {};
  for (const spec of Object.values(SERVICES)) {
    const asset = new DockerImageAsset(stack, spec.name, {
      directory: root,
      ...serviceImageOptions(root, spec),
    });
    hashes[spec.name] = asset.assetHash;
  }
  if (outdir) app.synth();
  return hashes;
}

describe('service images', () => {
  it('stage only what each Dockerfile copies, from the repository root', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mysfits-assets-'));
    const app = new App({ context: cdkJsonContext(), outdir });
    buildMysfitsApp(app, readSettings(app.node, {}));
    app.synth();
    const manifest = JSON.parse(
      readFileSync(join(outdir, 'MysfitsDr-us-west-2.assets.json'), 'utf8'),
    );
    const images = Object.values(manifest.dockerImages) as DockerAsset[];
    expect(images.map((i) => i.source.dockerFile).sort()).toEqual([
      'services/like/Dockerfile',
      'services/mysfits/Dockerfile',
    ]);
    for (const { source } of images) {
      expect(source.platform).toBe('linux/amd64');
      const own = source.dockerFile.split('/')[1]!;
      const staged = filesUnder(join(outdir, source.directory));
      expect(staged).toContain(source.dockerFile);
      for (const file of staged) {
        expect(file).toMatch(
          new RegExp(
            `^(package\\.json|package-lock\\.json|tsconfig\\.json|services/(shared|${own})/)`,
          ),
        );
      }
      expect(staged).toContain('services/shared/xray.ts');
      expect(staged.filter((f) => f.endsWith('.dockerignore'))).toEqual([]);
    }
  });

  it('keep their hash when a file outside the staged paths changes', () => {
    const root = sampleRepo();
    const before = imageHashes(root);
    write(root, 'docs/lab.md', '# lab, edited');
    write(root, 'docs/new-page.md', '# new');
    write(root, 'README.md', '# readme, edited');
    write(root, 'src/cli/main.ts', 'export const x = 1;');
    write(root, 'infra/cdk.out/manifest.json', '{}');
    write(root, 'reports/drill.html', '<html>');
    expect(imageHashes(root)).toEqual(before);
  });

  it('change only the image whose files changed', () => {
    const root = sampleRepo();
    const before = imageHashes(root);
    write(root, 'services/like/main.ts', 'export const like = 1;');
    const afterLike = imageHashes(root);
    expect(afterLike['mysfits-core']).toBe(before['mysfits-core']);
    expect(afterLike['mysfits-like']).not.toBe(before['mysfits-like']);
    write(root, 'services/shared/logger.ts', 'export const log = 1;');
    const afterShared = imageHashes(root);
    expect(afterShared['mysfits-core']).not.toBe(afterLike['mysfits-core']);
    expect(afterShared['mysfits-like']).not.toBe(afterLike['mysfits-like']);
  });

  it('do not recurse into a cdk.out inside the repository', () => {
    const root = sampleRepo();
    const outdir = join(root, 'cdk.out');
    const first = imageHashes(root, outdir);
    // A second synth into the same folder, now full of staged assets, stages the same.
    expect(imageHashes(root, outdir)).toEqual(first);
    for (const dir of readdirSync(outdir).filter((d) => d.startsWith('asset.'))) {
      const staged = filesUnder(join(outdir, dir));
      expect(staged.some((f) => f.startsWith('cdk.out'))).toBe(false);
      expect(staged.some((f) => f.startsWith('node_modules'))).toBe(false);
    }
  });

  it('fail synth with a clear message when a Dockerfile or its allow-list is missing', () => {
    expect(() => serviceImage(join(REPO_ROOT, 'docs'), SERVICES.like)).toThrow(
      /Dockerfile not found .*services\/like\/Dockerfile/,
    );
    const root = sampleRepo();
    write(root, 'services/like/Dockerfile.dockerignore', 'node_modules\n');
    expect(() => serviceImageOptions(root, SERVICES.like)).toThrow(/must start with "\*"/);
    const bare = mkdtempSync(join(tmpdir(), 'mysfits-repo-'));
    write(bare, 'services/like/Dockerfile', 'FROM scratch');
    expect(() => serviceImageOptions(bare, SERVICES.like)).toThrow(
      /Dockerfile\.dockerignore not found/,
    );
    expect(existsSync(join(REPO_ROOT, 'services/like/Dockerfile.dockerignore'))).toBe(true);
  });
});
