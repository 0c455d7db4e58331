// The basel-lab command line: builds the program from the command table and maps errors to exit codes.
import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.js';
import { COMMANDS, type CommandModule } from './commands.js';
import { PACKAGE_VERSION } from '../util/paths.js';

/**
 * Run the CLI with `argv` (without `node` and the script) and resolve to the exit code.
 * Only the module of the command being run is loaded, so `basel-lab bench` does not pay for vega.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('basel-lab')
    .description('Summing 1/x² on Node.js, step by step, explained against the memory hierarchy.')
    .version(PACKAGE_VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'basel-lab: ')) });

  const selected = argv.find((arg) => !arg.startsWith('-'));
  for (const spec of COMMANDS) {
    const command = program.command(spec.name).description(spec.summary).exitOverride();
    if (spec.name === selected) {
      const module = (await import(`./${spec.module}.js`)) as CommandModule;
      module.register(command);
    }
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not errors; commander has already printed its one-line message otherwise.
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    )
      return 0;
    return 2;
  }
  if (error instanceof UserError) {
    process.stderr.write(`basel-lab: ${error.message}\n`);
    return error.exitCode;
  }
  throw error;
}
