/**
 * Formatting shared by the Markdown and HTML reports: durations and numbers for people,
 * instants in UTC, and escaping of the journal's (user-supplied) text for each format.
 * Pure: no clock, no locale (the same journal always renders to the same bytes).
 */

/** `text` safe as HTML text or as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * `text` as literal Markdown inline text: CommonMark punctuation that could start markup
 * (emphasis, links, code, raw HTML, entities, table pipes) is backslash-escaped, and line
 * breaks become spaces so the text stays in its paragraph or table cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`)
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();
}

/**
 * Multi-line `text` as literal Markdown paragraphs: each line escaped as `escapeMarkdown`
 * does, with a line-start list, heading or quote marker escaped too; blank lines kept.
 */
export function escapeMarkdownBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      escapeMarkdown(line)
        .replace(/^[#+=-]/, (m) => `\\${m}`)
        .replace(/^(\d+)([.)])/, (_m, n: string, p: string) => `${n}\\${p}`),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `text` cut to `max` characters, with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A duration in ms for people: `850 ms`, `4.4 s`, `1 min 12 s`, `2 h 5 min`; negative
 * durations get a leading `-`. `null` (not measured) renders as `fallback`.
 */
export function formatDuration(ms: number | null, fallback = 'not measured'): string {
  if (ms === null || !Number.isFinite(ms)) return fallback;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) {
    const s = seconds % 60;
    return s === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${s} s`;
  }
  const minutes = Math.round(ms / 60_000);
  const m = minutes % 60;
  return m === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${m} min`;
}

/** A moment on the run's time axis (ms since start) as `0 s`, `+4.4 s`, `+1 min 12 s`. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '0 s';
  return ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`;
}

/** Seconds for an axis tick: `0`, `2.5`, `90` (no unit; the axis says `s`). */
export function formatSecondsTick(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}

/** A ratio 0–1 as a percentage with at most two decimals: `99.5 %`; null → `fallback`. */
export function formatPercent(ratio: number | null, fallback = 'n/a'): string {
  if (ratio === null || !Number.isFinite(ratio)) return fallback;
  return `${Number((ratio * 100).toFixed(2))} %`;
}

/** A count with comma thousands separators (`12,345`), whatever the machine's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A count with its noun, singular or plural: `1 write`, `3 writes`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** An ISO-8601 instant as `2025-06-01 12:00:03.250 UTC`; text that is not a date is returned as is. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString().replace('T', ' ').replace('Z', '');
  return `${text.endsWith('.000') ? text.slice(0, -4) : text} UTC`;
}

/** Yes/no for a boolean, for tables. */
export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** ✔ or ✘ (with a word, so it reads without colour and in plain text). */
export function tick(met: boolean): string {
  return met ? '✔ met' : '✘ missed';
}
