/** Pieces of drill journals shared by the report tests (unit and browser). */
import type { SeriesPoint } from '../../src/drill/journal.js';

/** 60 buckets of 1 s: us-west-2 serves until 20 s, 4 s of failures, then us-east-1. */
export function outageSeries(): Record<string, SeriesPoint[]> {
  const west: SeriesPoint[] = [];
  const east: SeriesPoint[] = [];
  const unserved: SeriesPoint[] = [];
  for (let i = 0; i < 60; i++) {
    const t = i * 1000;
    west.push({ t, ok: i < 20 ? 20 : 0, failed: i >= 20 && i < 22 ? 5 : 0 });
    east.push({ t, ok: i >= 24 ? 20 : i >= 22 ? 8 : 0, failed: 0 });
    unserved.push({ t, ok: 0, failed: i >= 20 && i < 24 ? 10 : 0 });
  }
  return { 'us-west-2': west, 'us-east-1': east, unserved };
}
