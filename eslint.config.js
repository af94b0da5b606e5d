// One lint stack for the monorepo: ESLint flat config + typescript-eslint.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'apps/demo/report/**', 'apps/demo/web/dist/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness comes from keys: use key/split/fold and the draws in @stochgrad/core.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@tensorflow/tfjs', message: "Import '@tensorflow/tfjs-core' (and a backend); the tfjs union is not used in stochgrad." }],
          patterns: [{ group: ['@stochgrad/*/src', '@stochgrad/*/src/*', '**/packages/*/src/**'], message: "Import another package by its name, never its src/." }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='tf'][callee.property.name=/^random(Uniform|Normal|Gamma|StandardNormal)$|^truncatedNormal$|^multinomial$/]",
          message: 'Unseeded tfjs randomness: draw through a key (random.uniform(key, shape), ...).',
        },
      ],
    },
  },
);
