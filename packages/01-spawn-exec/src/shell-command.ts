/**
 * What `shell: true` really does: it turns "run this file with these arguments" into
 * "run the shell, and give it one string to parse".
 *
 *   ('echo', ['$HOME'])         without a shell: echo receives the 5 characters $HOME
 *   ('echo', ['$HOME']) + shell ─▶ ('/bin/sh', ['-c', 'echo $HOME'])  the shell expands it
 *
 * The joined string is parsed by the shell, so every character of every argument becomes
 * shell syntax: quotes, `;`, `$( )`, `|`. That is the whole of the command-injection hole in
 * `exec('ls ' + userInput)`.
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
  // #region exercise 01.3 shellCommand()
  if (shell === false) return { file, args: [...args] };
  const program = typeof shell === 'string' ? shell : '/bin/sh';
  return { file: program, args: ['-c', [file, ...args].join(' ')] };
  // #endregion exercise 01.3
}
