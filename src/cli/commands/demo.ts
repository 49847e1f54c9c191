import type { Command } from './typed.js';
import type { Registrar } from '../main.js';

/** `klynge demo`: the whole flow on the bundled sample in data/. */
export function registerDemo(program: Command, { t, action, examples }: Registrar): void {
  const cmd = program
    .command('demo')
    .description(t('help.demo'))
    .action(
      action(async (rt) => {
        const { runDemo } = await import('../demo.js');
        await runDemo(rt);
      }),
    );
  examples(cmd, 'help.demo.examples');
}
