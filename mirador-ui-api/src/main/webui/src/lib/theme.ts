// Light/dark: a preference kept in localStorage, applied as html[data-theme]. The stylesheet
// draws every colour from CSS variables keyed on it (or on prefers-color-scheme), so a switch is
// one attribute: no view is rebuilt and nothing is fetched again.
import { h } from './dom';

export type Theme = 'light' | 'dark';

/** Where the choice is kept; localStorage in the page (display preference only, never a token). */
export interface PrefStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

const KEY = 'mirador.theme';

/** Sets or clears html[data-theme] from the stored choice. */
export function applyTheme(root: HTMLElement, store: PrefStore): void {
  const theme = store.get(KEY);
  if (theme === 'light' || theme === 'dark') root.dataset['theme'] = theme;
  else delete root.dataset['theme'];
}

/** The theme shown: the stored choice, else the system's. */
export function effectiveTheme(root: HTMLElement, systemDark: () => boolean): Theme {
  const t = root.dataset['theme'];
  if (t === 'light' || t === 'dark') return t;
  return systemDark() ? 'dark' : 'light';
}

/**
 * The header's toggle. A click stores the other theme, sets the attribute and relabels this same
 * button (so it keeps the focus); relabel() is for a change of the system's scheme.
 */
export function themeToggle(root: HTMLElement, store: PrefStore, systemDark: () => boolean): { button: HTMLButtonElement; relabel: () => void } {
  const button = h('button', { type: 'button', class: 'chip', 'data-testid': 'theme-toggle', title: 'Switch between light and dark' });
  const relabel = () => {
    const dark = effectiveTheme(root, systemDark) === 'dark';
    button.textContent = dark ? 'Light theme' : 'Dark theme';
  };
  button.addEventListener('click', () => {
    store.set(KEY, effectiveTheme(root, systemDark) === 'dark' ? 'light' : 'dark');
    applyTheme(root, store);
    relabel();
  });
  relabel();
  return { button, relabel };
}
