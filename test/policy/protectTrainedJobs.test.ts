import { protectTrainedJobs } from "../../policy/policies";
import { happyJob, happyQianfanTask } from "./fixtures";
import { schemaDefaults, stackViolations, urnOf, withPath, type ResourceSpec } from "./helpers";

const succeeded = (protect: boolean, name = "job"): ResourceSpec => ({
  ...withPath(happyJob(), "props.status", "succeeded"),
  name,
  opts: { protect },
});
const message = (name: string) =>
  `status is "succeeded" but protect is false on FineTuneJob ${name}; set protect: true in its resource options so ` +
  "deleting it cannot lose the trained model, or set acceptLosingTrainedJobs in the policy config.";

describe("finetune-protect-trained-jobs", () => {
  it("has acceptLosingTrainedJobs false by default", () => {
    expect(schemaDefaults(protectTrainedJobs)).toEqual({ acceptLosingTrainedJobs: false });
  });

  it.each([
    ["a protected succeeded job", [succeeded(true)], {}],
    ["a running job without protect", [withPath(happyJob(), "props.status", "running")], {}],
    ["a job not created yet", [happyJob()], {}],
    [
      "a succeeded Qianfan task (not covered)",
      [withPath(happyQianfanTask(), "props.status", "succeeded")],
      {},
    ],
    [
      "an unprotected succeeded job with acceptLosingTrainedJobs",
      [succeeded(false)],
      { acceptLosingTrainedJobs: true },
    ],
  ])("passes %s", async (_, specs, config) => {
    expect(await stackViolations(protectTrainedJobs, specs, config)).toEqual([]);
  });

  it.each([
    ["an unprotected succeeded job", [succeeded(false)], ["job"]],
    [
      "only the unprotected one of two",
      [succeeded(true, "kept"), succeeded(false, "lost")],
      ["lost"],
    ],
  ])("reports %s", async (_, specs, names) => {
    const type = happyJob().type;
    expect(await stackViolations(protectTrainedJobs, specs)).toEqual(
      names.map((n) => ({ message: message(n), urn: urnOf(type, n) })),
    );
  });
});
