import { useI18n } from '../i18n/i18n.js';

/** Spent of a cap, as an accessible progress bar; amber from 80%, red at 100%. */
export function BudgetBar({ label, spent, cap }: { label: string; spent: string; cap: string }) {
  const { t, fmt } = useI18n();
  const ratio = Number(cap) > 0 ? Number(spent) / Number(cap) : 0;
  const pct = Math.min(100, Math.round(ratio * 1000) / 10);
  const tone = ratio >= 1 ? 'bad' : ratio >= 0.8 ? 'warn' : 'good';
  return (
    <div class="budget">
      <div class="budget-head">
        <span>{label}</span>
        <span>
          {t('overview.ofCap', { spent: fmt.inr(spent), cap: fmt.inr(cap) })} · {fmt.pct(ratio)}
        </span>
      </div>
      <div class={`bar bar-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${fmt.inr(spent)} / ${fmt.inr(cap)}`}>
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
