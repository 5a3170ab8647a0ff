// Lint rules: typescript-eslint's recommended set; `any` is banned in lib/; lib/'s floors are enforced.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layersPlugin } from "./scripts/lint-layers.mjs";

export default tseslint.config(
  { ignores: ["node_modules/**", "data/**", "notebooks/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{js,cjs,mjs}"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The Notebook 6 extension runs in the browser, loaded by Notebook's RequireJS.
    files: ["scripts/nbextension/**/*.js"],
    languageOptions: {
      globals: { define: "readonly", document: "readonly", window: "readonly", setTimeout: "readonly" },
    },
  },
  {
    files: ["lib/**/*.ts"],
    plugins: { gaugelab: layersPlugin },
    rules: { "@typescript-eslint/no-explicit-any": "error", "gaugelab/layers": "error" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Optional dependencies (a native tfjs build) are loaded with a guarded require.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
