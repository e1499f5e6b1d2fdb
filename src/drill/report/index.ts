/**
 * The drill report: Markdown and self-contained HTML renderings of a run's journal, and
 * writing both next to each other; the run's JUnit XML results.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DrillJournal } from '../journal.js';
import { renderHtmlReport } from './html.js';
import { renderJunit, type JunitOptions } from './junit.js';
import { renderMarkdownReport } from './markdown.js';

export { renderHtmlReport } from './html.js';
export { renderMarkdownReport } from './markdown.js';
export { renderJunit, type JunitOptions } from './junit.js';

/**
 * Renders `journal` and writes `<dir>/<baseName>.md` and `<dir>/<baseName>.html` (creating
 * `dir`), replacing files of those names; resolves to the absolute paths written.
 */
export async function writeReports(
  journal: DrillJournal,
  dir: string,
  baseName: string,
): Promise<{ markdown: string; html: string }> {
  const markdown = resolve(dir, `${baseName}.md`);
  const html = resolve(dir, `${baseName}.html`);
  const [md, page] = [renderMarkdownReport(journal), renderHtmlReport(journal)];
  await mkdir(resolve(dir), { recursive: true });
  await Promise.all([writeFile(markdown, md, 'utf8'), writeFile(html, page, 'utf8')]);
  return { markdown, html };
}

/** Renders `journal` as JUnit XML into `path` (creating its folder); resolves to the absolute path. */
export async function writeJunit(
  journal: DrillJournal,
  path: string,
  options: JunitOptions = {},
): Promise<string> {
  const file = resolve(path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderJunit(journal, options), 'utf8');
  return file;
}
