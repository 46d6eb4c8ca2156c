/** The Qianfan job's delete and the Qianfan pager, against the emulator. */
import { DEFAULT_QIANFAN_ACCESS_KEY, DEFAULT_QIANFAN_SECRET_KEY } from "../../emulator";
import { collect } from "../../provider/core/paging";
import { QianfanClient } from "../../provider/qianfan/client";
import { qianfanJobProvider } from "../../provider/qianfan/jobProvider";
import { listJobs } from "../../provider/qianfan/objects";
import { createdJob, createdTask } from "../emulator/qianfanHelpers";
import { useQianfanProviders } from "../helpers/qianfanProviders";

const qf = useQianfanProviders();

const state = (jobId: string) => ({
  jobId,
  name: "my-job",
  model: "ERNIE-Speed-8K",
  trainMode: "SFT" as const,
});

describe("QianfanFineTuneJob delete", () => {
  it("a job that still has a task is refused (409) with the task named, and kept", async () => {
    const jobId = await createdJob(qf.emulator);
    const taskId = await createdTask(qf.emulator, jobId);
    const refused = qianfanJobProvider.delete(jobId, state(jobId));
    await expect(refused).rejects.toThrow(`Its tasks: ${taskId} (`);
    await expect(refused).rejects.toThrow("Delete the job's tasks first");
    expect(qf.emulator.store.qianfan.listJobs().map((j) => j.jobId)).toContain(jobId);
  });

  it("a job without tasks is deleted, and a second delete finds it gone", async () => {
    const jobId = await createdJob(qf.emulator);
    await qianfanJobProvider.delete(jobId, state(jobId));
    await expect(qianfanJobProvider.delete(jobId, state(jobId))).resolves.toBeUndefined();
    expect(qf.emulator.store.qianfan.listJobs()).toHaveLength(0);
  });
});

describe("the Qianfan pager", () => {
  it("reads every page of a listing longer than one page (100 a page)", async () => {
    const made = new Set<string>();
    for (let i = 0; i < 230; i++) made.add(await createdJob(qf.emulator, { name: `job-${i}` }));
    const client = new QianfanClient({
      endpoint: qf.emulator.url,
      accessKey: DEFAULT_QIANFAN_ACCESS_KEY,
      secretKey: DEFAULT_QIANFAN_SECRET_KEY,
    });
    const listed = await collect(listJobs(client));
    expect(new Set(listed.map((j) => j.jobId))).toEqual(made);
    expect(listed).toHaveLength(230);
    const pages = qf.emulator.requests.filter((r) => r.route.endsWith("DescribeFineTuningJobs"));
    expect(pages).toHaveLength(3);
  });
});
