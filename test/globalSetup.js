// Fails the run at once, with the fix, when jest runs on a Node.js older than 22. Points the check cache at a
// directory of this run's own, so that tests never read or fill the user's cache (removed by globalTeardown.js).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { nodeVersionProblem } = require("../scripts/check-node.js");

module.exports = async () => {
  const problem = nodeVersionProblem(process.versions.node, process.execPath);
  if (problem) throw new Error(problem);
  if (!process.env.PULUMI_FINETUNE_CHECK_CACHE_DIR) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-finetune-test-check-cache-"));
    process.env.PULUMI_FINETUNE_CHECK_CACHE_DIR = dir;
    process.env.PULUMI_FINETUNE_TEST_CHECK_CACHE_DIR = dir;
  }
};
