import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildMysfitsApp } from '../lib/app.js';
import { SERVICES } from '../lib/names.js';
import { REPO_ROOT, serviceImage } from '../lib/service-images.js';
import { readSettings } from '../lib/settings.js';
import { cdkJsonContext } from './helpers.js';

interface DockerAsset {
  source: { directory: string; dockerFile: string; platform: string };
}

describe('service images', () => {
  it('are built from the repository root with each service Dockerfile, context trimmed', () => {
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
      const staged = join(outdir, source.directory);
      expect(existsSync(join(staged, source.dockerFile))).toBe(true);
      expect(existsSync(join(staged, 'package.json'))).toBe(true);
      for (const excluded of ['node_modules', 'infra', '.git', 'dist']) {
        expect(existsSync(join(staged, excluded)), excluded).toBe(false);
      }
    }
  });

  it('fail synth with a clear message when a Dockerfile is missing', () => {
    expect(() => serviceImage(join(REPO_ROOT, 'docs'), SERVICES.like)).toThrow(
      /Dockerfile not found .*services\/like\/Dockerfile/,
    );
  });
});
