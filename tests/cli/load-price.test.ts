// How the recorder splits loading time among files: examples, and properties over generated
// timelines (what is split adds up to the loading stretches, no more, and nested loading is never
// more than the span it is nested in).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPrices, type EvaluationSpan, type LoadMark } from '../../src/cli/load-price.js';

const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);

describe('loadPrices', () => {
  it('gives each stretch to the file of the mark that opens it, and the linking before evaluation to the whole burst', () => {
    const marks: LoadMark[] = [
      { at: 0, file: 'a', kind: 'load' },
      { at: 2, file: 'a', kind: 'loaded' },
      { at: 5, file: 'a', kind: 'linking' },
      { at: 6, file: 'b', kind: 'load' },
      { at: 7, file: 'b', kind: 'loaded' },
      { at: 10, file: 'b', kind: 'linking' },
    ];
    // Linking from 10 to 14, then b and a evaluate.
    const spans: EvaluationSpan[] = [
      { start: 14, end: 20 },
      { start: 15, end: 18 },
    ];
    const { byFile, nested } = loadPrices(marks, spans);
    expect(Object.fromEntries(byFile)).toEqual({ a: 6 + 2, b: 4 + 2 });
    expect(nested).toEqual([0, 0]);
  });

  it('gives the stretch after a file’s read source to that file when nothing else is marked before evaluation', () => {
    // b is CommonJS: after its source is read the loader scans it for its exports, and no mark
    // follows before the graph evaluates.
    const { byFile } = loadPrices(
      [
        { at: 0, file: 'a', kind: 'load' },
        { at: 1, file: 'a', kind: 'loaded' },
        { at: 2, file: 'a', kind: 'linking' },
        { at: 3, file: 'b', kind: 'load' },
        { at: 4, file: 'b', kind: 'loaded' },
      ],
      [{ start: 40, end: 41 }],
    );
    expect(Object.fromEntries(byFile)).toEqual({ a: 3, b: 1 + 36 });
  });

  it('gives no file the stretches that loading a marker module opens', () => {
    const { byFile } = loadPrices(
      [
        { at: 0, file: 'a', kind: 'loaded' },
        { at: 3, file: '', kind: 'tracing' },
        { at: 5, file: '', kind: 'tracing' },
        { at: 9, file: 'a', kind: 'linking' },
      ],
      [{ start: 10, end: 11 }],
    );
    expect(Object.fromEntries(byFile)).toEqual({ a: 3 + 1 });
  });

  it('gives no file the time after a resolution that found its module loaded already', () => {
    const { byFile, nested } = loadPrices(
      [
        { at: 0, file: 'a', kind: 'linking' },
        { at: 1, file: 'a', kind: 'cached' },
      ],
      [
        { start: 0, end: 9000 },
        { start: 5000, end: 5001 },
      ],
    );
    expect(Object.fromEntries(byFile)).toEqual({ a: 1 });
    // What the open span runs after it stays its own.
    expect(nested).toEqual([1, 0]);
  });

  it('counts no time after evaluation starts or ends before the next mark', () => {
    const { byFile } = loadPrices(
      [
        { at: 0, file: 'a', kind: 'loaded' },
        { at: 30, file: 'b', kind: 'loaded' },
      ],
      [{ start: 1, end: 20 }],
    );
    // a: 0 to 1; b's stretch ends at the end of the timeline.
    expect(Object.fromEntries(byFile)).toEqual({ a: 1 });
  });

  it('reports loading inside an open span as nested in the innermost one', () => {
    const { byFile, nested } = loadPrices(
      [
        { at: 12, file: 'esm', kind: 'load' },
        { at: 13, file: 'esm', kind: 'loaded' },
      ],
      [
        { start: 0, end: 40 },
        { start: 10, end: 30 },
        { start: 16, end: 20 },
      ],
    );
    // Loading from 12 to 16, where the span that starts at 16 is its evaluation.
    expect(Object.fromEntries(byFile)).toEqual({ esm: 4 });
    expect(nested).toEqual([0, 4, 0]);
  });

  it('counts only the busy time where the main thread waited for the loader’s thread', () => {
    const { byFile } = loadPrices(
      [
        { at: 0, file: 'a', kind: 'load' },
        { at: 10, file: 'b', kind: 'load' },
      ],
      [{ start: 20, end: 21 }],
      [
        { at: 0, idleMs: 0 },
        { at: 20, idleMs: 8 },
      ],
    );
    // 10 ms of which 4 idle, then the linking's 6 busy ms shared.
    expect(byFile.get('a')).toBeCloseTo(6 + 3);
    expect(byFile.get('b')).toBeCloseTo(3);
  });

  it('takes a whole stretch of loading from the open span, its waits for the loader’s thread included', () => {
    const { byFile, nested } = loadPrices(
      [
        { at: 10, file: 'esm', kind: 'load' },
        { at: 20, file: '', kind: 'tracing' },
        { at: 22, file: 'esm', kind: 'linking' },
      ],
      [
        { start: 0, end: 50 },
        { start: 30, end: 40 },
      ],
      [
        { at: 0, idleMs: 0 },
        { at: 30, idleMs: 10 },
      ],
    );
    // 20 ms of loading, a third of it idle; the marker's 2 ms are tracing's.
    expect(byFile.get('esm')).toBeCloseTo((10 + 8) * (2 / 3));
    expect(nested[0]).toBeCloseTo(20);
  });

  /** Spans nested as evaluation frames are, and marks between them. */
  const timeline = fc
    .record({
      spans: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 40 })), { maxLength: 8 }),
      marks: fc.array(
        fc.record({ at: fc.integer({ min: 0, max: 150 }), file: fc.constantFrom('a', 'b', 'c', 'd'), kind: fc.constantFrom('load' as const, 'loaded' as const, 'linking' as const, 'tracing' as const, 'cached' as const),
        }),
        { maxLength: 20 },
      ),
    })
    .map(({ spans, marks }) => {
      // Nest each span inside the one before it when they overlap, as frames are.
      const nestedSpans: EvaluationSpan[] = [];
      for (const [start, length] of [...spans].sort((a, b) => a[0] - b[0])) {
        const outer = nestedSpans.findLast((span) => span.start <= start && start < span.end);
        nestedSpans.push({ start, end: outer ? Math.min(outer.end, start + length) : start + length });
      }
      return { spans: nestedSpans, marks: marks as LoadMark[] };
    });

  it('splits no more than the stretches that follow marks, up to the last point in time', () => {
    fc.assert(
      fc.property(timeline, ({ spans, marks }) => {
        const { byFile, nested } = loadPrices(marks, spans);
        const points = [...marks.map((mark) => mark.at), ...spans.flatMap((span) => [span.start, span.end])];
        const last = Math.max(0, ...points);
        const first = Math.min(last, ...marks.map((mark) => mark.at));
        expect(sum(byFile.values())).toBeLessThanOrEqual(last - first + 1e-9);
        for (const ms of byFile.values()) expect(ms).toBeGreaterThanOrEqual(0);
        nested.forEach((ms, index) => {
          const span = spans[index] as EvaluationSpan;
          expect(ms).toBeLessThanOrEqual(span.end - span.start + 1e-9);
        });
        expect(sum(nested)).toBeLessThanOrEqual(last - first + 1e-9);
        // Without idle samples, the loading nested in spans is charged to files too, unless tracing opened it.
        if (marks.every((mark) => mark.kind !== 'tracing' && mark.kind !== 'cached')) expect(sum(nested)).toBeLessThanOrEqual(sum(byFile.values()) + 1e-9);
      }),
    );
  });

  it('splits every stretch between marks with no span in between, exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 100, noNaN: true }), file: fc.constantFrom('a', 'b', 'c') }), { minLength: 1, maxLength: 20 }), (raw) => {
        const marks = raw.map((mark): LoadMark => ({ ...mark, kind: 'loaded' }));
        const times = marks.map((mark) => mark.at);
        const end = Math.max(...times) + 5;
        const { byFile } = loadPrices(marks, [{ start: end, end: end + 1 }]);
        // Every moment from the first mark to the evaluation belongs to one file.
        expect(sum(byFile.values())).toBeCloseTo(end - Math.min(...times), 6);
      }),
    );
  });

  it('counts, with idle samples, the busy time of the whole loading, however the marks fall', () => {
    const samples = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 10 })
      .map((steps) => {
        // Idle time only grows, and never faster than time passes.
        let at = 0;
        let idleMs = 0;
        return steps.map(([gap, share]) => {
          at += gap;
          idleMs += (gap * share) / 10;
          return { at, idleMs };
        });
      });
    fc.assert(
      fc.property(samples, fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 12 }), (idle, times) => {
        const marks = times.map((at): LoadMark => ({ at, file: `f${at % 3}`, kind: 'loaded' }));
        const end = Math.max(...times) + 1;
        const { byFile } = loadPrices(marks, [{ start: end, end: end + 1 }], idle);
        const idleBy = (at: number): number => {
          const after = idle.findIndex((sample) => sample.at >= at);
          if (after === -1) return (idle.at(-1) as { idleMs: number }).idleMs;
          const next = idle[after] as { at: number; idleMs: number };
          const previous = idle[after - 1];
          if (!previous || next.at === previous.at) return next.idleMs;
          return previous.idleMs + ((next.idleMs - previous.idleMs) * (at - previous.at)) / (next.at - previous.at);
        };
        const first = Math.min(...times);
        expect(sum(byFile.values())).toBeCloseTo(end - first - (idleBy(end) - idleBy(first)), 6);
      }),
    );
  });
});
