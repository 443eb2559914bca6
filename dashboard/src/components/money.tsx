import { useI18n } from '../i18n/i18n.js';

/**
 * An amount in ₹, formatted for the current locale. The exact decimal from the API stays in the
 * `value` attribute (and the tooltip), so the rounding for display never hides what was charged.
 */
export function Money({ value, testId }: { value: string | number | null | undefined; testId?: string }) {
  const { fmt } = useI18n();
  const exact = value === null || value === undefined ? '' : String(value);
  return (
    <data class="money" value={exact} title={exact ? `₹${exact}` : undefined} data-testid={testId}>
      {fmt.inr(value)}
    </data>
  );
}
