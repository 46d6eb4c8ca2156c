import * as os from "node:os";
import * as path from "node:path";
import { installedPackageDir } from "../../harness/fastWaits";

const ROOT = path.resolve(__dirname, "..", "..");

describe("installedPackageDir (whose wait clock a waitDivisor shortens)", () => {
  it("finds the staged package the host loads from a program's directory, not this repository by its name", () => {
    const program = path.join(ROOT, "test", "fixtures", "programs", "qianfanConsole");
    expect(installedPackageDir(program)).toBe(path.join(ROOT, "node_modules", "pulumi-finetune"));
  });

  it("finds none where no node_modules above has it", () => {
    expect(installedPackageDir(os.tmpdir())).toBeUndefined();
  });
});
