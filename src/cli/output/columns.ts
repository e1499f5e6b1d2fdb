/** Aligned text columns for terminal output, with colour codes ignored when measuring width. */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The width of a string as a terminal shows it (colour codes take no room). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Pads `text` on the right to `width` visible characters. */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/** Lays rows out in columns separated by `gap` spaces; the last column is not padded. */
export function renderColumns(rows: readonly (readonly string[])[], gap = 2): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : padVisible(cell, widths[i]! + gap)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
