import { render } from 'preact';
import { App } from './App.js';
import './styles.css';
import './a11y/display.css';
import './room/responsive.css';
import './theme/theme.css';
import { startTheme } from './theme/theme.js';

startTheme();
const root = document.getElementById('app');
if (root) render(<App />, root);
