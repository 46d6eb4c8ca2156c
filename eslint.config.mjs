// @ts-check
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: ["dist/", "docs/", "node_modules/", "coverage/", "bench/out/", "**/*.d.ts"],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // One program for the whole repository, the one `tsc -p tsconfig.json --noEmit` checks: examples/* and
        // policy/ have tsconfig.json files of their own, which would resolve `pulumi-finetune` to node_modules.
        project: "./tsconfig.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // Off: `async` functions without `await` here implement Promise-returning contracts (Pulumi hooks and
      // mocks, injected fetch/sleep, test doubles), where `async` turns a throw into a rejection on purpose.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Deliberate require() calls, kept out of import statements on purpose:
    // - provider/: resources pass require("./hooks/<type>") so that Pulumi serializes one require() of the
    //   package, the hooks load their providers lazily, and optional dependencies (@azure/identity,
    //   @pulumi/azure-native) load only when used;
    // - harness/programRunner.ts: loads the program under test, and its dependencies from its node_modules;
    // - harness/fastWaits.ts: loads the wait clock of the package the provider host will load, by its path;
    // - bench/providers.ts: loads built modules by computed path (import() would wrap them in a namespace object,
    //   changing what the benchmark serializes);
    // - test/scripts/: loads the plain-JavaScript scripts/, which have no type declarations.
    files: [
      "provider/**/*.ts",
      "harness/programRunner.ts",
      "harness/fastWaits.ts",
      "bench/providers.ts",
      "test/scripts/**/*.ts",
    ],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Off in tests: jest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed `any`, so every
    // `toMatchObject({ id: expect.stringMatching(...) })` would be reported.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  {
    // Plain CommonJS scripts and configs: linted without type information.
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
