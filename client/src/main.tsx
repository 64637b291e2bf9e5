import { render } from 'preact';
import { App } from './App.js';
import './styles.css';
import './a11y/display.css';
import './room/responsive.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
