/**
 * The starter generator on small inputs: regions in, TODO blocks out, and a clear error for
 * every way a solution file and its todo file can disagree.
 */
import { describe, expect, it } from 'vitest';
import {
  ExerciseStarterError,
  findRegions,
  formatLikeBiome,
  makeStarter,
  parseTodo,
  type StarterInput,
} from '../src/exercise-starter.ts';

const exercise = {
  id: '09.1',
  title: 'count to three',
  starter: 'exercises/counter.ts',
  solution: 'src/counter.ts',
};

const solution = `/**
 * A counter.
 *
 *   next() → 1, 2, 3
 */
import { limit, unusedLater } from './limits.ts';
import type { Shape } from './shape.ts';

export class Counter {
  private n = 0;

  next(): number {
    // #region exercise 09.1 next()
    this.n = Math.min(this.n + 1, limit);
    return unusedLater(this.n);
    // #endregion exercise 09.1
  }

  reset(shape?: Shape): void {
    // #region exercise 09.2 reset()
    this.n = 0;
    // #endregion exercise 09.2
  }
}`;

const todo = (sections: string) => parseTodo(sections, 'exercises/todo/09.1.md');
const nextTodo = `# 09.1

Prose for the maintainer.

## next()

\`\`\`ts
// TODO(exercise 09.1): count up to limit.
throw new Error('TODO(exercise 09.1)');
\`\`\`
`;

function make(overrides: Partial<StarterInput> = {}): string {
  return makeStarter({
    exercise,
    solution,
    todo: todo(nextTodo),
    todoFile: 'exercises/todo/09.1.md',
    ...overrides,
  });
}

describe('findRegions', () => {
  it('finds each region with its exercise, name, indentation and lines', () => {
    expect(findRegions(solution, 'src/counter.ts')).toEqual([
      { id: '09.1', name: 'next()', indent: '    ', start: 12, end: 15 },
      { id: '09.2', name: 'reset()', indent: '    ', start: 19, end: 21 },
    ]);
  });

  it.each([
    ['// #region exercise 09.1 a\n// #region exercise 09.1 b', /do not nest/],
    ['// #region exercise 09.1 a\nx;', /never closed/],
    ['x;\n// #endregion exercise 09.1', /without a #region/],
    ['// #region exercise 09.1 a\n// #endregion exercise 09.2', /closes region exercise 09.1/],
    ['// #region exercise 09.1', /name the region/],
    ['// #region exercise 09.1 header\n// #endregion exercise 09.1', /reserved/],
    ['// #region 09.1 a', /a region marker reads/],
  ])('rejects %j', (text, message) => {
    expect(() => findRegions(text, 'src/x.ts')).toThrow(message);
  });
});

describe('parseTodo', () => {
  it('reads each section’s first fenced block and ignores prose', () => {
    const parsed = todo(
      `# t\nprose\n## header\n\n\`\`\`text\nThe task.\n\`\`\`\n## note\n\`\`\`text\nA note.\n\`\`\`\n${nextTodo}`,
    );
    expect(parsed.header).toBe('The task.');
    expect(parsed.note).toBe('A note.');
    expect([...parsed.parts.keys()]).toEqual(['next()']);
    expect(parsed.parts.get('next()')).toContain("throw new Error('TODO(exercise 09.1)');");
  });

  it('rejects a section without a block, and a section twice', () => {
    expect(() => todo('## next()\nno block\n')).toThrow(/has no fenced block/);
    expect(() => todo(`${nextTodo}\n${nextTodo}`)).toThrow(/two sections named '## next\(\)'/);
  });
});

describe('makeStarter', () => {
  const starter = make();

  it('puts the TODO block where the region was, indented like the marker', () => {
    expect(starter).toContain(
      "  next(): number {\n    // TODO(exercise 09.1): count up to limit.\n    throw new Error('TODO(exercise 09.1)');\n  }",
    );
    expect(starter).not.toContain('Math.min');
  });

  it("keeps another exercise's solution code, without its markers", () => {
    expect(starter).toContain('    this.n = 0;');
    expect(starter).not.toContain('#region');
    expect(starter).not.toContain('#endregion');
  });

  it('aims relative imports at the same files from exercises/, and drops the unused ones', () => {
    expect(starter).toContain("import type { Shape } from '../src/shape.ts';");
    expect(starter).not.toContain('unusedLater');
    expect(starter).not.toContain('import { limit }'); // limit went with the solution code too
  });

  it('opens with a banner naming the exercise, the parts to write, the checks and the source', () => {
    expect(starter.startsWith('/**\n * Exercise 09.1 — count to three.\n')).toBe(true);
    expect(starter).toContain('write next() where it says TODO(exercise 09.1); the rest is done.');
    expect(starter).toContain('`npm run verify -- 09.1`');
    expect(starter).toContain('`npm run hint -- 09.1`');
    expect(starter).toContain(
      '(Made from the solution, src/counter.ts, by `npm run exercises:generate`.)',
    );
    expect(starter).toContain(' *\n * A counter.\n *\n *   next() → 1, 2, 3\n */');
  });

  it('replaces the header with the todo file’s, and adds its note to the banner', () => {
    const text = make({
      todo: todo(
        `## header\n\`\`\`text\nThe task.\n\`\`\`\n## note\n\`\`\`text\nThe note.\n\`\`\`\n${nextTodo}`,
      ),
    });
    expect(text.replace(/\n \* /g, ' ')).toContain('the rest is done. The note. Check it');
    expect(text).toContain(' *\n * The task.\n */');
    expect(text).not.toContain('A counter.');
  });

  it('names several parts of one exercise together', () => {
    const two = solution
      .replace('09.2 reset()', '09.1 reset()')
      .replace('exercise 09.2', 'exercise 09.1');
    const text = make({
      solution: two,
      todo: todo(`${nextTodo}\n## reset()\n\`\`\`ts\n// TODO(exercise 09.1): reset.\n\`\`\`\n`),
    });
    expect(text).toContain('write next() and reset() where it says TODO(exercise 09.1)');
  });

  it.each([
    [{ exercise: { ...exercise, id: '09.3' } }, /has no '\/\/ #region exercise 09.3/],
    [
      { todo: todo('## other\n```ts\n// TODO(exercise 09.1)\n```\n') },
      /has no section '## next\(\)'/,
    ],
    [
      { todo: todo(`${nextTodo}\n## extra\n\`\`\`ts\n// TODO(exercise 09.1)\n\`\`\`\n`) },
      /'## extra' matches no region/,
    ],
    [{ todo: todo('## next()\n```ts\nreturn 0;\n```\n') }, /must say TODO\(exercise 09.1\)/],
  ])('says what is wrong: %#', (overrides, message) => {
    expect(() => make(overrides as Partial<StarterInput>)).toThrow(ExerciseStarterError);
    expect(() => make(overrides as Partial<StarterInput>)).toThrow(message);
  });
});

describe('formatLikeBiome', () => {
  it('formats as the repo’s biome settings say', () => {
    expect(formatLikeBiome('const a = "x"\n', 'kit/test/formatted.ts')).toBe("const a = 'x';\n");
  });
});
