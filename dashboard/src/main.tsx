import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.js';
import { loadDevanagari } from './i18n/fonts.js';

// Every page shows some Devanagari (at least the "हिन्दी" toggle): have the font before first paint.
await loadDevanagari();
render(<App />, document.getElementById('app')!);
