/**
 * A stand-in for the Uploads API that reads and discards every byte, in a process of its own: timing the Upload
 * resource against it measures the client's own cost, without a service that must also store and hash the bytes
 * on the same two cores.
 */
import { ChildProcess, spawn } from "node:child_process";

const SERVER = `
const http = require("node:http");
let parts = 0;
const server = http.createServer((req, res) => {
  req.on("data", () => undefined);
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    const now = Math.floor(Date.now() / 1000);
    if (/\\/openai\\/uploads\\?/.test(req.url)) {
      res.end(JSON.stringify({ id: "upload-sink", object: "upload", bytes: 0, created_at: now, expires_at: now + 7200, filename: "sink", purpose: "fine-tune", status: "pending" }));
    } else if (req.url.includes("/parts")) {
      res.end(JSON.stringify({ id: "part_" + parts++, object: "upload.part", created_at: now, upload_id: "upload-sink" }));
    } else if (req.url.includes("/complete")) {
      res.end(JSON.stringify({ id: "upload-sink", object: "upload", status: "completed", bytes: 0, created_at: now, expires_at: now + 7200, filename: "sink", purpose: "fine-tune",
        file: { id: "file-sink", object: "file", bytes: 0, created_at: now, filename: "sink", purpose: "fine-tune", status: "processed" } }));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: "notFound", message: "sink" } }));
    }
  });
});
server.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + server.address().port));
`;

export class SinkServer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<SinkServer> {
    const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once("exit", (code) => reject(new Error(`sink server exited with ${code}`)));
    });
    return new SinkServer(url, child);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
