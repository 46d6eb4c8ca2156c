// Removes the check cache directory globalSetup.js made for this run.
const fs = require("node:fs");

module.exports = async () => {
  const dir = process.env.PULUMI_FINETUNE_TEST_CHECK_CACHE_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
