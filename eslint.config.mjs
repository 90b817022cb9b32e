// ESLint for the tours (web.assets_tests): ES modules run by Odoo's asset bundler in
// the browser. ESLint's recommended rules plus those of OCA's template that apply.
import js from "@eslint/js";
import globals from "globals";

export default [
    { ignores: ["node_modules/", "out/", "**/static/lib/"] },
    js.configs.recommended,
    {
        files: ["**/*.js"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: { ...globals.browser, odoo: "readonly", owl: "readonly" },
        },
        rules: {
            curly: "error",
            "dot-notation": "error",
            eqeqeq: "error",
            "no-console": "error",
            "no-else-return": "error",
            "no-eval": "error",
            "no-implied-eval": "error",
            "no-shadow": "error",
            "no-throw-literal": "error",
            "no-unused-vars": ["error", { args: "none" }],
            "no-useless-concat": "error",
            "no-var": "error",
            "prefer-const": "error",
        },
    },
];
