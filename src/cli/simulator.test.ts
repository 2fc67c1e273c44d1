import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.ts';
import { buildSimulatorProgram } from './simulator.ts';

const shape = (program: Command, name: string) => {
  const cmd = program.commands.find((c) => c.name() === name);
  return (
    cmd && { args: cmd.registeredArguments.map((a) => a.name()), options: cmd.options.map((o) => o.flags) }
  );
};

describe('the simulator-only program', () => {
  it.each(['simulate', 'compare', 'sensitivity'])(
    'offers `%s` with the same arguments and options as the full program',
    (name) => {
      const light = shape(buildSimulatorProgram(), name);
      expect(light).toBeDefined();
      expect(light).toEqual(shape(buildProgram(), name));
    },
  );
});
