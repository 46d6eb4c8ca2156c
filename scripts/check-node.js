#!/usr/bin/env node
// Runs before `npm test` and `npm start`: @pulumi/pulumi and openai need Node.js 22 or later.
// `npm install` brings Node 22 as a dev dependency (the `node` package), and npm scripts find it first on PATH.
const MINIMUM_MAJOR = 22;

function nodeVersionProblem(version, execPath) {
  const major = Number(String(version).split(".")[0]);
  if (major >= MINIMUM_MAJOR) return undefined;
  return (
    `pulumi-finetune needs Node.js ${MINIMUM_MAJOR} or later, but this runs on Node.js ${version} (${execPath}).\n` +
    "Run `npm install` first: it installs Node.js 22 into node_modules/.bin, which npm scripts put first on PATH."
  );
}

module.exports = { nodeVersionProblem, MINIMUM_MAJOR };

if (require.main === module || process.env.PULUMI_FINETUNE_CHECK_NODE === "1") {
  const problem = nodeVersionProblem(process.versions.node, process.execPath);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
