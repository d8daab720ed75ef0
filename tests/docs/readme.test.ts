/**
 * The README's TypeScript snippets, as a user copies them: each is complete (imports included),
 * every one type-checks against the built package (`import … from 'rankseg'` resolves to dist/
 * by the package's own `exports`), and every one not marked `<!-- snippet: typecheck … -->` runs,
 * printing exactly what its `// → …` comments say.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository (no package.json of its own), so that 'rankseg' resolves by the package's
// self-reference to dist/, and the dev dependencies from node_modules, as in a user's project.
const folder = join(root, 'tests/docs/.snippets');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

interface Snippet {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  code: string;
  runs: boolean;
  /** What each `console.log(…); // → text` line prints, in order. */
  prints: string[];
}

function readSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end);
    const marker = lines[i - 1] ?? '';
    const prints = body.flatMap((l) => {
      const m = /console\.log\(.*\/\/ → (.*)$/.exec(l);
      return m ? [m[1]!] : [];
    });
    snippets.push({
      line: i + 1,
      code: `${body.join('\n')}\n`,
      runs: !marker.startsWith('<!-- snippet: typecheck'),
      prints,
    });
    i = end;
  }
  return snippets;
}

const snippets = readSnippets(readFileSync(join(root, 'README.md'), 'utf8'));
const fileOf = (s: Snippet) => join(folder, `line-${s.line}.ts`);

beforeAll(() => {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const s of snippets) writeFileSync(fileOf(s), s.code);
  // Node's own resolution, as a user's project compiled with "module": "nodenext" sees it.
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['*.ts'],
  };
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(config));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('the README has TypeScript snippets, and the runnable ones state what they print', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(8);
  for (const s of snippets.filter((x) => x.runs)) {
    const logs = s.code.split('\n').filter((l) => l.includes('console.log(')).length;
    expect(s.prints.length, `README.md:${s.line}: every console.log needs a // → comment`).toBe(logs);
  }
});

test('every snippet type-checks against the built package', () => {
  let output = '';
  try {
    execFileSync(bin('tsc'), ['-p', join(folder, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  // Name the README line of each failing snippet.
  expect(output.replace(/line-(\d+)\.ts/g, 'README.md snippet at line $1')).toBe('');
});

test.each(snippets.filter((s) => s.runs).map((s) => [s.line, s] as const))(
  'the snippet at README.md:%i runs and prints what it says',
  (_line, s) => {
    const stdout = execFileSync(bin('tsx'), [fileOf(s)], { encoding: 'utf8', cwd: folder });
    expect(stdout.trimEnd().split('\n')).toEqual(s.prints);
  },
);
