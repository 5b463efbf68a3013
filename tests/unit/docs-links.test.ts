import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { documentationFiles, headingAnchors, readDoc, relativeLinks } from '../helpers/markdown';

const files = documentationFiles({ withBench: true });

describe('the documentation links', () => {
  it('finds the README, bench/README.md and at least the docs the README points to', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'bench/README.md',
        'docs/configuration.md',
        'docs/examples.md',
        'docs/operations.md',
      ]),
    );
  });

  it.each(files)(
    '%s: every relative link names an existing file, and an existing heading after #',
    (file) => {
      const broken: string[] = [];
      for (const link of relativeLinks(readDoc(file))) {
        const [target, anchor] = link.split('#') as [string, string | undefined];
        const resolved = target === '' ? file : path.join(path.dirname(file), decodeURIComponent(target));
        const absolute = path.join(PROJECT_ROOT, resolved);
        if (!existsSync(absolute)) {
          broken.push(`${link}: no ${resolved}`);
          continue;
        }
        if (
          anchor === undefined ||
          anchor === '' ||
          !resolved.endsWith('.md') ||
          statSync(absolute).isDirectory()
        ) {
          continue;
        }
        if (!headingAnchors(readDoc(resolved)).has(anchor))
          broken.push(`${link}: no heading #${anchor} in ${resolved}`);
      }
      expect(broken).toEqual([]);
    },
  );

  it('takes the relative links of the prose only: not URLs, not code', () => {
    const text = [
      'See [the API](docs/api.md#errors) and [`seeds/`](seeds/), [Neo4j](https://neo4j.com) or [mail](mailto:a@b.c).',
      '`[not a link](nowhere.md)`',
      '```sh',
      'echo "[no](link.md)"',
      '```',
      '[here](#top)',
    ].join('\n');
    expect(relativeLinks(text)).toEqual(['docs/api.md#errors', 'seeds/', '#top']);
  });

  it('computes anchors as GitHub does, for the cases the docs use', () => {
    const anchors = headingAnchors(
      '# Top\n## Response cache and ETags\n## `import:obo`, step by step\n```sh\n# not a heading\n```\n## Top\n',
    );
    expect([...anchors]).toEqual(['top', 'response-cache-and-etags', 'importobo-step-by-step', 'top-1']);
  });
});
