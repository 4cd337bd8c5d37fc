/**
 * Exercise starters, made from their solutions: the solution is the one home of an
 * exercise's code, and the starter a learner edits is derived from it.
 *
 *   src/rotation.ts (the lesson)               exercises/todo/03.1.md (what the learner gets)
 *     next(): T | undefined {                    ## next()
 *       // #region exercise 03.1 next()          ```ts
 *       …the solution…                  ──┐      // TODO(exercise 03.1): …
 *       // #endregion exercise 03.1       │      throw new Error('TODO(exercise 03.1): …');
 *     }                                   │      ```
 *                                         ▼
 *   exercises/rotation-next.ts: the solution with the region replaced by the TODO block,
 *   a banner on top (which exercise, how to check it), relative imports pointing back at src/,
 *   imports the learner no longer needs left out, then formatted by biome like any file.
 *
 * The todo file (exercises/todo/<id>.md) has one `## <name>` section with a ```ts block for
 * every region `// #region exercise <id> <name>`, and two optional sections:
 *   `## header` (a ```text block) replaces the solution's header comment, for a header that
 *              would give the answer away;
 *   `## note`   (a ```text block) adds a sentence to the banner.
 * Prose around the blocks is for the maintainer and is not copied.
 * Regions of *other* exercises in the same solution (03.1 and 03.2 share src/rotation.ts)
 * keep their solution code; only their marker lines go.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { Exercise } from './exercises.ts';
import { binPath } from './run-command.ts';
import { repoRoot } from './stages.ts';

/** A part of a solution file that the learner writes. */
export interface Region {
  id: string;
  name: string;
  /** The marker's indentation; the TODO block is indented the same. */
  indent: string;
  /** 0-based line numbers of the `#region` and `#endregion` lines. */
  start: number;
  end: number;
}

/** What exercises/todo/<id>.md says. */
export interface TodoText {
  header?: string;
  note?: string;
  /** Region name → the code the starter has in its place. */
  parts: Map<string, string>;
}

export class ExerciseStarterError extends Error {
  override name = 'ExerciseStarterError';
}

const REGION = /^(\s*)\/\/ #region exercise (\S+)(?:[ \t]+(.*?))?\s*$/;
const END_REGION = /^\s*\/\/ #endregion exercise (\S+)\s*$/;
const RESERVED_SECTIONS = new Set(['header', 'note']);

/** Finds every exercise region in a solution file; `file` names it in errors. */
export function findRegions(source: string, file: string): Region[] {
  const regions: Region[] = [];
  let open: Omit<Region, 'end'> | undefined;
  source.split('\n').forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    const start = REGION.exec(line);
    if (start) {
      if (open) {
        throw new ExerciseStarterError(
          `${where}: region '${start[2]}' starts inside region '${open.id} ${open.name}' (regions do not nest)`,
        );
      }
      const name = start[3] ?? '';
      if (name === '') {
        throw new ExerciseStarterError(
          `${where}: name the region, e.g. '// #region exercise ${start[2]} push()'`,
        );
      }
      if (RESERVED_SECTIONS.has(name)) {
        throw new ExerciseStarterError(
          `${where}: '${name}' is reserved; name the region otherwise`,
        );
      }
      open = { id: start[2] ?? '', name, indent: start[1] ?? '', start: index };
      return;
    }
    const end = END_REGION.exec(line);
    if (end) {
      if (!open) throw new ExerciseStarterError(`${where}: #endregion without a #region`);
      if (end[1] !== open.id) {
        throw new ExerciseStarterError(
          `${where}: #endregion exercise ${end[1]} closes region exercise ${open.id}`,
        );
      }
      regions.push({ ...open, end: index });
      open = undefined;
    } else if (/\/\/ #(end)?region\b/.test(line)) {
      throw new ExerciseStarterError(
        `${where}: a region marker reads '// #region exercise <id> <name>' or '// #endregion exercise <id>'`,
      );
    }
  });
  if (open) {
    throw new ExerciseStarterError(
      `${file}:${open.start + 1}: region '${open.id} ${open.name}' is never closed`,
    );
  }
  return regions;
}

/** Reads the `## name` sections of a todo file, each with its first fenced block. */
export function parseTodo(markdown: string, file: string): TodoText {
  const parts = new Map<string, string>();
  let header: string | undefined;
  let note: string | undefined;
  const sections = markdown.split(/^## /m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const name = (newline === -1 ? section : section.slice(0, newline)).trim();
    const block = /^```(\w*)\n([\s\S]*?)^```\s*$/m.exec(section);
    if (!block) throw new ExerciseStarterError(`${file}: section '## ${name}' has no fenced block`);
    const body = (block[2] ?? '').replace(/\n$/, '');
    if (parts.has(name) || (name === 'header' && header) || (name === 'note' && note)) {
      throw new ExerciseStarterError(`${file}: two sections named '## ${name}'`);
    }
    if (name === 'header') header = body;
    else if (name === 'note') note = body;
    else parts.set(name, body);
  }
  return { header, note, parts };
}

/** Everything needed to make one starter, already read from disk. */
export interface StarterInput {
  exercise: Pick<Exercise, 'id' | 'title' | 'starter' | 'solution'>;
  /** The solution's text. */
  solution: string;
  todo: TodoText;
  /** Where the todo text came from, for error messages. */
  todoFile: string;
}

/**
 * The starter's text before formatting: the solution with this exercise's regions replaced,
 * other exercises' markers dropped, imports re-aimed and pruned, and the banner on top.
 */
export function makeStarter(input: StarterInput): string {
  const { exercise, todo, todoFile } = input;
  const regions = findRegions(input.solution, exercise.solution);
  const mine = regions.filter((r) => r.id === exercise.id);
  if (mine.length === 0) {
    throw new ExerciseStarterError(
      `${exercise.solution} has no '// #region exercise ${exercise.id} <name>' … '// #endregion exercise ${exercise.id}'`,
    );
  }
  const names = mine.map((r) => r.name);
  for (const name of names) {
    if (names.indexOf(name) !== names.lastIndexOf(name)) {
      throw new ExerciseStarterError(
        `${exercise.solution}: two regions of exercise ${exercise.id} are named '${name}'`,
      );
    }
    if (!todo.parts.has(name)) {
      throw new ExerciseStarterError(
        `${todoFile} has no section '## ${name}' for the region '${exercise.id} ${name}' of ${exercise.solution}`,
      );
    }
  }
  for (const [name, code] of todo.parts) {
    if (!names.includes(name)) {
      throw new ExerciseStarterError(
        `${todoFile}: section '## ${name}' matches no region of exercise ${exercise.id} in ${exercise.solution} (regions: ${names.join(', ')})`,
      );
    }
    if (!code.includes(`TODO(exercise ${exercise.id})`)) {
      throw new ExerciseStarterError(
        `${todoFile}: section '## ${name}' must say TODO(exercise ${exercise.id}), so the learner finds it`,
      );
    }
  }

  const lines = input.solution.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const region = regions.find((r) => r.start === i);
    if (region?.id === exercise.id) {
      out.push(...indent(todo.parts.get(region.name) ?? '', region.indent));
      i = region.end;
    } else if (!region && !regions.some((r) => r.end === i)) {
      out.push(lines[i] ?? '');
    }
  }
  const body = fixImports(out.join('\n'), exercise.solution, exercise.starter);
  return withBanner(body, input, names);
}

function indent(code: string, by: string): string[] {
  const lines = code.split('\n');
  const common = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0),
  );
  return lines.map((l) => (l.trim() === '' ? '' : by + l.slice(common)));
}

/**
 * Relative imports are re-aimed from the starter's folder at the same files, and imports
 * the starter no longer uses (the solution code that went) are left out.
 */
function fixImports(source: string, solutionPath: string, starterPath: string): string {
  const file = ts.createSourceFile('starter.ts', source, ts.ScriptTarget.Latest, true);
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);

  const edits: { start: number; end: number; text: string }[] = [];
  const reaim = (specifier: string): string => {
    if (!specifier.startsWith('.')) return specifier;
    const target = resolve(dirname(solutionPath), specifier);
    const path = relative(dirname(starterPath), target);
    return path.startsWith('.') ? path : `./${path}`;
  };
  for (const statement of file.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const specifier = statement.moduleSpecifier;
      edits.push({
        start: specifier.getStart(file),
        end: specifier.getEnd(),
        text: `'${reaim(specifier.text)}'`,
      });
    }
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const clause = statement.importClause;
    const bindings = clause.namedBindings;
    const keepDefault = clause.name !== undefined && used.has(clause.name.text);
    const keepNamespace =
      bindings !== undefined && ts.isNamespaceImport(bindings) && used.has(bindings.name.text);
    const named =
      bindings !== undefined && ts.isNamedImports(bindings)
        ? bindings.elements.filter((e) => used.has(e.name.text))
        : [];
    const all =
      (clause.name ? 1 : 0) +
      (bindings === undefined ? 0 : ts.isNamespaceImport(bindings) ? 1 : bindings.elements.length);
    const kept = (keepDefault ? 1 : 0) + (keepNamespace ? 1 : 0) + named.length;
    if (kept === all) continue;
    edits.pop(); // this statement is rewritten whole, its specifier included
    if (kept === 0) {
      // From the statement's own start: its leading trivia may be the file's header comment.
      const end = statement.getEnd();
      edits.push({
        start: statement.getStart(file),
        end: source[end] === '\n' ? end + 1 : end,
        text: '',
      });
      continue;
    }
    const parts: string[] = [];
    if (keepDefault && clause.name) parts.push(clause.name.text);
    if (keepNamespace && bindings && ts.isNamespaceImport(bindings)) {
      parts.push(`* as ${bindings.name.text}`);
    }
    if (named.length > 0) parts.push(`{ ${named.map((e) => e.getText(file)).join(', ')} }`);
    const typeOnly = clause.isTypeOnly ? 'type ' : '';
    const specifier = reaim((statement.moduleSpecifier as ts.StringLiteral).text);
    edits.push({
      start: statement.getStart(file),
      end: statement.getEnd(),
      text: `import ${typeOnly}${parts.join(', ')} from '${specifier}';`,
    });
  }
  let result = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** The banner: which exercise, what to write, how to check it, where the file came from. */
function withBanner(body: string, input: StarterInput, names: string[]): string {
  const { exercise, todo } = input;
  const title = exercise.title.replace(/[.]$/, '');
  const what =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const note = todo.note ? ` ${todo.note.replace(/\s+/g, ' ').trim()}` : '';
  const banner = [
    `Exercise ${exercise.id} — ${title}.`,
    ...wrap(
      `This file is yours: write ${what} where it says TODO(exercise ${exercise.id}); the rest is done.${note} Check it with \`npm run verify -- ${exercise.id}\`; stuck? \`npm run hint -- ${exercise.id}\`.`,
    ),
    ...wrap(`(Made from the solution, ${exercise.solution}, by \`npm run exercises:generate\`.)`),
  ];
  let rest = body;
  let header: string[] = [];
  const leading = /^\/\*\*\n([\s\S]*?)\n \*\/\n/.exec(body);
  if (leading) {
    rest = body.slice(leading[0].length);
    header = (leading[1] ?? '').split('\n').map((l) => l.replace(/^ \*(?: |$)/, ''));
  }
  if (todo.header !== undefined) header = todo.header.split('\n');
  const text = header.length > 0 ? [...banner, '', ...header] : banner;
  const comment = ['/**', ...text.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'].join('\n');
  return `${comment}\n${rest}`;
}

/**
 * Wraps prose to the project's 100 columns, counting the ` * ` of a comment line. A `code span`
 * is never split, so a command stays copyable.
 */
function wrap(text: string, width = 97): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/[^\s`]*`[^`]*`\S*|\S+/g) ?? []) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Where an exercise's todo file lives: exercises/todo/<id>.md in its stage. */
export function todoPath(exercise: Exercise): string {
  return join(exercise.packageDir, 'exercises', 'todo', `${exercise.id}.md`);
}

/** Formats (and applies biome's safe fixes to) a file's text as `npm run format` would. */
export function formatLikeBiome(text: string, path: string): string {
  const run = spawnSync(binPath('biome'), ['check', '--write', `--stdin-file-path=${path}`], {
    input: text,
    encoding: 'utf8',
  });
  if (run.status !== 0 || run.error) {
    throw new ExerciseStarterError(
      `biome could not format the starter ${path}:\n${run.error?.message ?? run.stderr}`,
    );
  }
  return run.stdout;
}

/** The starter as `npm run exercises:generate` writes it. */
export function renderStarter(exercise: Exercise): string {
  const solutionFile = join(exercise.packageDir, exercise.solution);
  const todoFile = todoPath(exercise);
  const shortTodo = relative(repoRoot, todoFile);
  if (!existsSync(todoFile)) {
    throw new ExerciseStarterError(
      `exercise ${exercise.id} has no ${shortTodo} (what the starter has in place of each region)`,
    );
  }
  const text = makeStarter({
    exercise,
    solution: readFileSync(solutionFile, 'utf8'),
    todo: parseTodo(readFileSync(todoFile, 'utf8'), shortTodo),
    todoFile: shortTodo,
  });
  return formatLikeBiome(text, join(exercise.packageDir, exercise.starter));
}

/**
 * Every region of a solution must belong to an exercise listed for that solution, so a typo
 * in an id cannot leave the answer in a starter.
 */
export function strayRegions(exercises: Exercise[]): string[] {
  const problems: string[] = [];
  const bySolution = new Map<string, Exercise[]>();
  for (const e of exercises) {
    const file = join(e.packageDir, e.solution);
    bySolution.set(file, [...(bySolution.get(file) ?? []), e]);
  }
  for (const [file, list] of bySolution) {
    const first = list[0];
    if (!first) continue;
    for (const region of findRegions(readFileSync(file, 'utf8'), first.solution)) {
      if (!list.some((e) => e.id === region.id)) {
        problems.push(
          `${relative(repoRoot, file)}:${region.start + 1}: a region of exercise ${region.id}, which exercises.json does not list for this file`,
        );
      }
    }
  }
  return problems;
}
