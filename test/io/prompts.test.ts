import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { keySelect } from '../../src/io/prompts.js';

const scale = [
  { value: '5', name: '5 – excellent', key: '5' },
  { value: '4', name: '4 – very good', key: '4' },
  { value: '3', name: '3 – good', key: '3' },
  { value: 'na', name: 'n/a', key: 'n' },
];

describe('keySelect (the real prompt, in a virtual terminal)', () => {
  it('a digit key picks its value at once, without Enter', async () => {
    const { answer, events, getScreen } = await render(keySelect, { message: 'Green transition', choices: scale });
    expect(getScreen()).toContain('Green transition');
    events.keypress('4');
    await expect(answer).resolves.toBe('4');
  });

  it('n picks not applicable', async () => {
    const { answer, events } = await render(keySelect, { message: 'Digitalisation', choices: scale });
    events.keypress('n');
    await expect(answer).resolves.toBe('na');
  });

  it('Enter takes the default (the earlier answer), arrows move from it', async () => {
    const first = await render(keySelect, { message: 'Green', choices: scale, default: '3' });
    expect(first.getScreen()).toMatch(/❯ 3\) 3 – good/);
    first.events.keypress('enter');
    await expect(first.answer).resolves.toBe('3');
    const second = await render(keySelect, { message: 'Green', choices: scale, default: '3' });
    second.events.keypress('up');
    second.events.keypress('enter');
    await expect(second.answer).resolves.toBe('4');
  });

  it('keys that pick nothing are ignored', async () => {
    const { answer, events, getScreen } = await render(keySelect, { message: 'Green', choices: scale });
    events.keypress('9');
    events.keypress('x');
    expect(getScreen()).toContain('Green');
    events.keypress('5');
    await expect(answer).resolves.toBe('5');
  });
});

describe('keySelect: no preselection, a window, a filter', () => {
  it('without a default nothing is highlighted and Enter picks nothing; ↓ goes to the first, ↑ to the last', async () => {
    const { answer, events, getScreen } = await render(keySelect, { message: 'Green', choices: scale });
    expect(getScreen()).not.toContain('❯');
    events.keypress('enter');
    expect(getScreen()).not.toContain('❯');
    events.keypress('down');
    expect(getScreen()).toMatch(/❯ 5\) 5 – excellent/);
    events.keypress('up');
    expect(getScreen()).toMatch(/❯ n\) n\/a/);
    events.keypress('enter');
    await expect(answer).resolves.toBe('na');
  });

  it('shows the hint it is given', async () => {
    const { getScreen, events, answer } = await render(keySelect, { message: 'Green', choices: scale, hint: '(the key before a choice picks it at once; or ↑↓ and Enter)' });
    expect(getScreen()).toContain('(the key before a choice picks it at once; or ↑↓ and Enter)');
    events.keypress('3');
    await expect(answer).resolves.toBe('3');
  });

  const many = Array.from({ length: 10_000 }, (_, i) => ({ value: `21/${String(i).padStart(5, '0')}-1`, name: `· 21/${String(i).padStart(5, '0')}-1  Klynge ${i} — Prosjekt ${i}` }));
  const list = [...many, { value: 'quit', name: 'Quit', pinned: true }];

  it('renders only the window around the cursor of a 10 000-item list, and follows the cursor', async () => {
    const { getScreen, events, answer } = await render(keySelect, { message: 'Which application?', choices: list, default: '21/00500-1', pageSize: 15 });
    const screen = getScreen();
    expect(screen.split('\n').length).toBeLessThanOrEqual(18);
    expect(screen).toMatch(/❯ · 21\/00500-1/);
    expect(screen).toContain('(501/10001)');
    for (let i = 0; i < 20; i++) events.keypress('down');
    expect(getScreen()).toMatch(/❯ · 21\/00520-1/);
    expect(getScreen()).toContain('(521/10001)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('21/00520-1');
  });

  it('with filter, typing narrows the list (keys pick nothing), pinned choices stay, Esc clears', async () => {
    const { getScreen, events, answer } = await render(keySelect, { message: 'Which application?', choices: list, filter: true, pageSize: 15, noMatch: 'no application matches' });
    events.type('0999');
    const narrowed = getScreen();
    // 00999, 09990 … 09999: eleven matches, the first under the cursor, Quit kept
    expect(narrowed).toMatch(/❯ · 21\/00999-1/);
    expect(narrowed).toContain('21/09995-1');
    expect(narrowed).not.toContain('21/00998-1');
    expect(narrowed).toContain('Quit');
    events.type('x');
    expect(getScreen()).toContain('no application matches');
    events.keypress('escape');
    expect(getScreen()).toContain('21/00000-1');
    events.type('Klynge 42 ');
    events.keypress('enter');
    await expect(answer).resolves.toBe('21/00042-1');
  });
});
