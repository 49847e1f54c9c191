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
