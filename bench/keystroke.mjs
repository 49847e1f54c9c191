// The interactive scorer's application list on a call of 10 000 applications: how long one
// keystroke takes to answer (the prompt's key handling and its new screen), driving the real
// prompt (dist/io/prompts.js) in a virtual terminal (@inquirer/testing). Prints JSON.
import { performance } from 'node:perf_hooks';
import { render } from '@inquirer/testing';
import { keySelect } from '../dist/io/prompts.js';

const N = Number(process.argv[2] ?? 10_000);
const KEYS = Number(process.argv[3] ?? 200);
// shaped like the scorer's lines: mark, case number, applicant — title
const choices = Array.from({ length: N }, (_, i) => {
  const ref = `21/${String(4000 + i).padStart(5, '0')}-1`;
  return { value: ref, name: `· ${ref}  Klyngeselskap ${i} AS — Grønn omstilling i verdikjeden for sjømat, del ${i}` };
});
choices.push({ value: 'quit', name: 'Quit', pinned: true });

async function time(press, keys) {
  const { events, getScreen, answer } = await render(keySelect, { message: 'Which application?', choices, default: choices[N >> 1].value, pageSize: 15, filter: true });
  const ms = [];
  for (let i = 0; i < keys; i++) {
    const t0 = performance.now();
    press(events, i);
    getScreen();
    ms.push(performance.now() - t0);
  }
  events.keypress({ name: 'c', ctrl: true });
  await answer.catch(() => {});
  return ms;
}

const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[s.length >> 1], p95: s[Math.floor(s.length * 0.95)], max: s[s.length - 1] };
};
// warm up the JIT on a short run first
await time((e) => e.keypress('down'), 20);
const arrows = stats(await time((e, i) => e.keypress(i % 4 === 3 ? 'up' : 'down'), KEYS));
// typing into the filter: every character searches all the names
const typed = stats(await time((e, i) => (i % 8 === 7 ? e.keypress('backspace') : e.type(String(i % 10))), KEYS));
console.log(JSON.stringify({ applications: N, keys: KEYS, arrows, typed }));
