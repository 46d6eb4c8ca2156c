import { spawnSync } from "node:child_process";
import * as path from "node:path";

const { nodeVersionProblem } = require("../../scripts/check-node.js") as {
  nodeVersionProblem: (version: string, execPath: string) => string | undefined;
};

describe("the Node.js version check run before npm test and npm start", () => {
  it.each([
    ["20.20.2", true],
    ["21.7.3", true],
    ["22.0.0", false],
    ["22.23.3", false],
    ["24.1.0", false],
  ])("Node %s is refused: %s", (version, refused) => {
    const problem = nodeVersionProblem(version, "/usr/bin/node");
    expect(problem !== undefined).toBe(refused);
    if (refused) {
      expect(problem).toContain(`Node.js ${version}`);
      expect(problem).toContain("npm install");
    }
  });

  it("runs the suite itself on Node 22 or later", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
  });

  it("exits non-zero with the message when run by an older node", () => {
    const script = path.join(__dirname, "..", "..", "scripts", "check-node.js");
    const result = spawnSync(
      process.execPath,
      [
        "-e",
        `Object.defineProperty(process.versions, "node", { value: "20.1.0" }); require(${JSON.stringify(script)})`,
      ],
      {
        env: { ...process.env, PULUMI_FINETUNE_CHECK_NODE: "1" },
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("needs Node.js 22 or later, but this runs on Node.js 20.1.0");
  });
});
