import type { GroupBy, UsageRow } from '../api/types.js';
import type { I18n } from '../i18n/i18n.js';

/** Display names for usage groups and receipt fields, in the current language. */

export function modeLabel(t: I18n['t'], mode: string | null): string {
  switch (mode) {
    case 'fresh':
      return t('mode.fresh');
    case 'exact_cache':
      return t('mode.exact_cache');
    case 'canonical_cache':
      return t('mode.canonical_cache');
    default:
      return mode ?? t('usage.unknown');
  }
}

export function groupLabel(t: I18n['t'], groupBy: GroupBy, row: Pick<UsageRow, 'group' | 'name'>, fmt?: I18n['fmt']): string {
  if (row.group === null) return t('usage.unknown');
  if (groupBy === 'serve_mode') return modeLabel(t, row.group);
  if (groupBy === 'day' && fmt) return fmt.day(row.group);
  if (row.name) return row.name;
  return row.group;
}

export const shortId = (id: string) => (id.length > 16 ? `${id.slice(0, 10)}…${id.slice(-4)}` : id);
