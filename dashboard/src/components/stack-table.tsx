import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A table that becomes a list of label/value cards at phone width (CSS in styles.css): each
 * cell is given its column header as `data-label`, shown in front of the value.
 */
export function StackTable({ testId, children }: { testId?: string; children: ComponentChildren }) {
  const table = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const el = table.current;
    if (!el) return;
    const labels = [...el.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    for (const row of el.querySelectorAll('tbody tr, tfoot tr')) {
      [...row.children].forEach((cell, i) => {
        const label = labels[i] ?? '';
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
      });
    }
  });
  return (
    <table class="stack" ref={table} data-testid={testId}>
      {children}
    </table>
  );
}
