// Fails the run at once, with the fix, when jest runs on a Node.js older than 22.
const { nodeVersionProblem } = require("../scripts/check-node.js");

module.exports = async () => {
  const problem = nodeVersionProblem(process.versions.node, process.execPath);
  if (problem) throw new Error(problem);
};
