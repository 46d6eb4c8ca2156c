#!/usr/bin/env node
// Runs before `npm test` and `npm start`: @pulumi/pulumi and openai need Node.js 22 or later.
// `npm install` brings Node 22 as a dev dependency (the `node` package), and npm scripts find it first on PATH.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `pulumi-finetune needs Node.js 22 or later, but this script runs on Node.js ${process.versions.node} ` +
      `(${process.execPath}).\n` +
      "Run `npm install` first: it installs Node.js 22 into node_modules/.bin, which npm scripts put first on PATH.",
  );
  process.exit(1);
}
