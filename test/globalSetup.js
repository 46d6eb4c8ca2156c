// Fails the run at once, with the fix, when jest runs on a Node.js older than 22.
module.exports = async () => {
  require("../scripts/check-node.js");
};
