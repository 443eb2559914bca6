/**
 * The Devanagari web font (bundled, so Hindi renders on machines without a Devanagari system
 * font). It is loaded before Hindi text is first rendered: Chromium can keep showing boxes for
 * text laid out while the font was still loading, and canvas (charts) never waits for fonts.
 */
let loading: Promise<void> | null = null;

export function loadDevanagari(): Promise<void> {
  loading ??= Promise.all([400, 600].map((weight) => document.fonts?.load(`${weight} 16px "Noto Sans Devanagari"`, 'हिन्दी'))).then(
    () => undefined,
    () => undefined,
  );
  // Never hold the page back for long: a slow font still arrives and swaps in.
  return Promise.race([loading, new Promise<void>((resolve) => setTimeout(resolve, 1500))]);
}
