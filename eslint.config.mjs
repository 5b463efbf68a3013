import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The folders of src/ that hold one domain area each, or a feature built on them. */
const DOMAIN_FOLDERS = [
  'concept',
  'condition',
  'search',
  'related',
  'traversal',
  'hierarchy',
  'relationship',
  'source',
  'cypher',
  'seed',
  'obo',
  'cause',
  'procedure',
  'substance',
  'body-region',
  'request',
  'http',
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Imports of a domain folder from a file `up` (e.g. '../') below src/. */
function noDomainImports(up) {
  return {
    regex: `^${escape(up)}(${DOMAIN_FOLDERS.join('|')})(/|$)`,
    message:
      'A base layer (src/model, src/graphql) must not import a domain folder: move the code or invert the dependency.',
  };
}

/** Any import that leaves src/<folder>/, except into src/xref/. */
function baseLayerOnly(folder) {
  return {
    regex: '^\\.\\./(?!xref(/|$))',
    message: `src/${folder} is the base layer: it may import only itself and src/xref.`,
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-bench/',
      'dist-check/',
      'dist-*/',
      'coverage/',
      '.data/',
      'neo4j-embedded/target/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // The shape of the code: no function over 120 lines and no file over 600, every line counted.
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 120, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
      'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }],
    },
  },
  // The base layers: the model imports only itself and xref; graphql's shared parts import no domain folder.
  {
    files: ['src/model/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [baseLayerOnly('model')] }] },
  },
  {
    files: ['src/graphql/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noDomainImports('../')] }] },
  },
  {
    files: ['src/graphql/*/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noDomainImports('../../')] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
