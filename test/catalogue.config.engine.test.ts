/**
 * The bad-input catalogue, second part: stack config (each bad or missing setting in a stack of its own) and bad
 * inputs next to values still unknown at preview. Each is reported at preview, naming the config key or field and
 * the fix, with no HTTP request; an unknown value is never reported as bad.
 */
import { emptyState } from "../harness";
import { startTestStack, TestStack } from "./helpers/stack";

const CHAT =
  JSON.stringify({
    messages: [
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
    ],
  }) + "\n";
const FILE_ARGS = { TRAINING_FILE_ARGS: JSON.stringify({ content: CHAT }) };

interface Entry {
  program: "trainingFile" | "qianfan" | "fineTuneJob";
  config?: Record<string, string | undefined>;
  args?: Record<string, string>;
  reported: string[];
  notReported?: string[];
}

const CATALOGUE: [string, Entry][] = [
  [
    "no Azure endpoint anywhere",
    {
      program: "trainingFile",
      config: { "azure-openai:endpoint": undefined },
      args: FILE_ARGS,
      reported: ["No Azure OpenAI endpoint found", "pulumi config set azure-openai:endpoint"],
    },
  ],
  [
    "a plain-http remote Azure endpoint",
    {
      program: "trainingFile",
      config: { "azure-openai:endpoint": "http://aoai.example.com" },
      args: FILE_ARGS,
      reported: ["azure-openai:endpoint: plain http:// is refused for aoai.example.com"],
    },
  ],
  [
    "a malformed Azure endpoint",
    {
      program: "trainingFile",
      config: { "azure-openai:endpoint": "aoai example" },
      args: FILE_ARGS,
      reported: ['azure-openai:endpoint: "aoai example" is not a URL'],
    },
  ],
  [
    "a bad sweep tag",
    {
      program: "trainingFile",
      config: { "azure-openai:sweepTag": "Has Spaces" },
      args: FILE_ARGS,
      reported: ['azure-openai:sweepTag: "Has Spaces" is not a sweep tag'],
    },
  ],
  [
    "a stack api-version that is no api-version",
    {
      program: "trainingFile",
      config: { "azure-openai:apiVersion": "latest" },
      args: FILE_ARGS,
      reported: [
        'azure-openai:apiVersion: "latest" is not an Azure OpenAI api-version; use "v1" or a dated one',
      ],
    },
  ],
  [
    "no Qianfan access key",
    {
      program: "qianfan",
      config: { "qianfan:accessKey": undefined },
      reported: [
        "No Baidu Qianfan access key found",
        "pulumi config set --secret qianfan:accessKey",
      ],
    },
  ],
  [
    "no Qianfan secret key",
    {
      program: "qianfan",
      config: { "qianfan:secretKey": undefined },
      reported: ["No Baidu Qianfan secret key found"],
    },
  ],
  [
    "a plain-http remote Qianfan endpoint",
    {
      program: "qianfan",
      config: { "qianfan:endpoint": "http://qianfan.example.com" },
      reported: ["qianfan:endpoint: plain http:// is refused for qianfan.example.com"],
    },
  ],
  [
    "a signature lifetime that is not a number",
    {
      program: "qianfan",
      config: { "qianfan:signatureExpirationSeconds": "soon" },
      reported: ['qianfan:signatureExpirationSeconds: "soon" is not a whole number of seconds'],
    },
  ],
  [
    "bad job inputs next to a training file id still unknown",
    {
      program: "fineTuneJob",
      args: { JOB_ARGS: JSON.stringify({ suffix: "has space", hyperparameters: { nEpochs: 0 } }) },
      reported: ['suffix: "has space"', "hyperparameters.nEpochs: must be"],
      notReported: ["trainingFileId"],
    },
  ],
  [
    "bad task inputs next to a Qianfan job id still unknown",
    {
      program: "qianfan",
      args: { QIANFAN_TASK_ARGS: JSON.stringify({ parameterScale: "Huge" }) },
      reported: ['parameterScale: "Huge" is not a parameter scale'],
      notReported: ["jobId"],
    },
  ],
];

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("the bad-input catalogue: stack config and unknown values", () => {
  it.each(CATALOGUE)("%s: reported at preview, with no HTTP request", async (_, entry) => {
    const config = Object.fromEntries(
      Object.entries(entry.config ?? {}).map(([key, value]) => [key, value ?? ""]),
    );
    stack = await startTestStack({ program: entry.program, config });
    const preview = await stack.engine.preview(emptyState(), entry.args ?? {});
    const errors = preview.errors.join("\n");
    for (const text of entry.reported) expect(errors).toContain(text);
    for (const text of entry.notReported ?? []) expect(errors).not.toContain(text);
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
