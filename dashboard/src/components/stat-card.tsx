import type { ComponentChildren } from 'preact';

export function StatCard({ label, children, hint, testId }: { label: string; children: ComponentChildren; hint?: ComponentChildren; testId?: string }) {
  return (
    <section class="card stat" data-testid={testId} aria-label={label}>
      <h3 class="stat-label">{label}</h3>
      <p class="stat-value">{children}</p>
      {hint !== undefined && <p class="stat-hint">{hint}</p>}
    </section>
  );
}
