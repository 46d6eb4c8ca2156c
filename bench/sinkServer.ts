/**
 * A stand-in for the Uploads API that reads and discards every byte, in a process of its own: timing the Upload
 * resource against it measures the client's own cost, without a service that must also store and hash the bytes
 * on the same two cores.
 */
import { ServerProcess } from "./serverProcess";

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

/** The sink in its own process. */
export const SinkServer = {
  start: (): Promise<ServerProcess> => ServerProcess.start("sink server", ["-e", SERVER]),
};
