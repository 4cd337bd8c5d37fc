/**
 * Exercise 01.3 — run a command through the shell.
 * This file is yours: write shellCommand() where it says TODO(exercise 01.3); the rest is done.
 * Check it with `npm run verify -- 01.3`; stuck? `npm run hint -- 01.3`.
 * (Made from the solution, src/shell-command.ts, by `npm run exercises:generate`.)
 *
 * exec() is execFile() with a shell. Return the program and arguments to spawn so that
 * `file args…` is run by the shell: true means /bin/sh, a string names the shell to use,
 * false means no shell at all (run the file directly). The shell gets ONE string to parse,
 * passed with -c. Once it works, notice what that does to an argument like '; rm -rf ~'.
 */
export interface ShellCommand {
  file: string;
  args: string[];
}

/**
 * The program and arguments to spawn for `file args…` run through `shell`
 * (true means the platform's default shell, /bin/sh on Unix).
 */
export function shellCommand(
  file: string,
  args: readonly string[],
  shell: boolean | string,
): ShellCommand {
  // TODO(exercise 01.3): hand the command to the shell when `shell` asks for one.
  void shell;
  return { file, args: [...args] };
}
