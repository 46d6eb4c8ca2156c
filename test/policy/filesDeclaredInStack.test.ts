import { filesDeclaredInStack } from "../../policy/policies";
import { happyJob, happyTrainingFile, happyUpload } from "./fixtures";
import { schemaDefaults, stackViolations, urnOf, withPath, type ResourceSpec } from "./helpers";

/** Stack validation sees outputs: the files carry the fileId the service gave them. */
const stack = (): ResourceSpec[] => [
  withPath(happyTrainingFile(), "props.fileId", "file-train"),
  withPath(happyUpload(), "props.fileId", "file-valid"),
  happyJob(),
];
const JOB_URN = urnOf(happyJob().type, "job");
const message = (field: string, id: string) =>
  `${field} is "${id}", which is not the fileId of a TrainingFile or Upload in this stack; ` +
  "pass the stack's TrainingFile or Upload (its fileId) instead, or add the id to allowedFileIds " +
  "or set allowExternalFileIds in the policy config.";

describe("finetune-files-declared-in-stack", () => {
  it("has allowExternalFileIds false and no allowedFileIds by default", () => {
    expect(schemaDefaults(filesDeclaredInStack)).toEqual({
      allowExternalFileIds: false,
      allowedFileIds: [],
    });
  });

  it.each([
    ["jobs on files of the stack", stack(), {}],
    [
      "a job without a validation file",
      [stack()[0]!, withPath(happyJob(), "props.validationFileId", undefined)],
      {},
    ],
    [
      "files matched by their id output",
      [
        withPath(happyTrainingFile(), "props.id", "file-train"),
        withPath(happyUpload(), "props.id", "file-valid"),
        happyJob(),
      ],
      {},
    ],
    ["an external file id with allowExternalFileIds", [happyJob()], { allowExternalFileIds: true }],
    [
      "external file ids listed in allowedFileIds",
      [happyJob()],
      { allowedFileIds: ["file-train", "file-valid"] },
    ],
    [
      "a job whose file id is not known yet",
      [
        withPath(
          withPath(happyJob(), "props.trainingFileId", undefined),
          "props.validationFileId",
          undefined,
        ),
      ],
      {},
    ],
  ])("passes %s", async (_, specs, config) => {
    expect(await stackViolations(filesDeclaredInStack, specs, config)).toEqual([]);
  });

  it.each([
    [
      "a training file from outside the stack",
      [stack()[1]!, happyJob()],
      [message("trainingFileId", "file-train")],
    ],
    [
      "a validation file from outside the stack",
      [stack()[0]!, happyJob()],
      [message("validationFileId", "file-valid")],
    ],
    [
      "both files from outside the stack",
      [happyJob()],
      [message("trainingFileId", "file-train"), message("validationFileId", "file-valid")],
    ],
    [
      "a file id not matching any file of the stack",
      stack().map((spec, i) =>
        i === 2 ? withPath(spec, "props.trainingFileId", "file-other") : spec,
      ),
      [message("trainingFileId", "file-other")],
    ],
  ])("reports %s", async (_, specs, messages) => {
    expect(await stackViolations(filesDeclaredInStack, specs)).toEqual(
      messages.map((m) => ({ message: m, urn: JOB_URN })),
    );
  });

  it("allows only the listed external ids", async () => {
    expect(
      await stackViolations(filesDeclaredInStack, [happyJob()], { allowedFileIds: ["file-train"] }),
    ).toEqual([{ message: message("validationFileId", "file-valid"), urn: JOB_URN }]);
  });
});
