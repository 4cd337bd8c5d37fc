/**
 * Exercise 01.3 — what `shell: true` means.
 *
 * exec() is execFile() with a shell. Return the program and arguments to spawn so that
 * `file args…` is run by the shell: true means /bin/sh, a string names the shell to use,
 * false means no shell at all (run the file directly). The shell gets ONE string to parse,
 * passed with -c. Once it works, notice what that does to an argument like '; rm -rf ~'.
 * Check it: npm run verify -- 01.3
 */
export interface ShellCommand {
  file: string;
  args: string[];
}

export function shellCommand(
  file: string,
  args: readonly string[],
  shell: boolean | string,
): ShellCommand {
  // TODO(exercise 01.3): hand the command to the shell when `shell` asks for one.
  void shell;
  return { file, args: [...args] };
}
