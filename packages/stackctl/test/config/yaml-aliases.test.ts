// YAML aliases: an undefined alias, a merge of a scalar, a cycle and an alias bomb are config problems at their line, never E_INTERNAL.
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ALIAS_COUNT, findAliasProblem } from '../../src/config/yaml-aliases.js';
import { expectProblems, loadProject, removeTempProjects, yamlFile, type InvalidCase } from './temp-project.js';

afterAll(removeTempProjects);

/** The classic "billion laughs": each level holds ten aliases of the one before. */
function aliasBomb(levels: number): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= levels; level += 1) lines.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nservices:\n  api: { command: x }\n`;
}

const cases: InvalidCase[] = [
  {
    name: 'an alias without an anchor',
    files: yamlFile(`
      services:
        api: *nope
    `),
    expect: [{ at: 'stackctl.yaml:2:8', says: 'YAML: alias *nope has no anchor &nope before it' }],
  },
  {
    name: 'an alias used before its anchor',
    files: yamlFile(`
      services:
        api: *base
        web: &base { command: x }
    `),
    expect: [{ at: 'stackctl.yaml:2:8', says: 'alias *base has no anchor &base before it' }],
  },
  {
    name: 'an alias bomb',
    files: { 'stackctl.yaml': aliasBomb(9) },
    expect: [{ at: 'stackctl.yaml:3:', says: 'alias *l1 expands its anchor too many times' }],
  },
  {
    name: 'a merge key on a scalar alias',
    files: yamlFile(`
      base: &base hello
      services:
        api:
          <<: *base
          command: x
    `),
    expect: [{ at: 'stackctl.yaml:4:9', says: 'a merge key (<<) takes a map or a list of maps, not the value "hello"' }],
  },
  {
    name: 'a merge key on a literal scalar',
    files: yamlFile(`
      services:
        api:
          <<: 3
          command: x
    `),
    expect: [{ at: 'stackctl.yaml:3:9', says: 'not the value 3' }],
  },
  {
    name: 'a merge key on a list holding a scalar',
    files: yamlFile(`
      x: &x { command: y }
      services:
        api:
          <<: [*x, 7]
    `),
    expect: [{ at: 'stackctl.yaml:4:14', says: 'not the value 7' }],
  },
  {
    name: 'an alias inside its own anchor',
    files: yamlFile(`
      services: &s
        api: *s
    `),
    expect: [{ at: 'stackctl.yaml:2:8', says: 'alias *s is inside its own anchor &s (a cycle)' }],
  },
];

describe('YAML alias problems', () => {
  it.each(cases)('$name', async ({ files, expect: expected }) => {
    await expectProblems(files, expected);
  });

  it('still merges maps and expands ordinary aliases', async () => {
    const { config } = await loadProject(
      yamlFile(`
        services:
          api: &base
            command: node server.js
            restart: always
            ports: &ports [4000]
          worker:
            <<: *base
            command: node worker.js
            ports: [4001]
          web:
            <<: [*base]
            command: node web.js
            ports: [4002]
      `),
    );
    expect(config.services.worker).toMatchObject({ restart: 'always', ports: [4001] });
    expect(config.services.web).toMatchObject({ restart: 'always', ports: [4002] });
  });
});

describe('findAliasProblem agrees with yaml', () => {
  /** Documents of anchored lists whose items alias earlier anchors, plus the odd unknown alias. */
  const documents = fc
    .array(fc.array(fc.oneof(fc.constant('x'), fc.nat({ max: 12 }).map((n) => `*a${n}`)), { minLength: 1, maxLength: 12 }), {
      minLength: 1,
      maxLength: 8,
    })
    .map((levels) => levels.map((items, index) => `k${index}: &a${index} [${items.join(', ')}]`).join('\n'));

  it('finds a problem whenever toJS throws, and otherwise only a cycle (which toJS would build)', () => {
    fc.assert(
      fc.property(documents, (text) => {
        const document = parseDocument(text, { merge: true });
        let threw = false;
        try {
          document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch {
          threw = true;
        }
        const problem = findAliasProblem(parseDocument(text, { merge: true }));
        if (threw) expect(problem).not.toBeNull();
        else expect(problem === null || problem.message.endsWith('(a cycle)')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
