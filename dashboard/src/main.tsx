import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.js';
import { loadDevanagari } from './i18n/fonts.js';
import { storedLang } from './i18n/i18n.js';

if (storedLang(null) === 'hi') await loadDevanagari();
render(<App />, document.getElementById('app')!);
