import { multipartFileBody } from "../../provider/azure-openai/multipartBody";

describe("multipartFileBody", () => {
  it("is a body the web platform's own multipart parser reads back exactly", async () => {
    const bytes = Buffer.from('line one\r\n--not a boundary\r\n{"x":1}\n');
    const form = multipartFileBody("file", "train.jsonl", bytes.length, { purpose: "fine-tune" });
    bytes.copy(form.content);

    const parsed = await new Request("http://x/", {
      method: "POST",
      body: form.body,
      headers: { "content-type": form.contentType },
    }).formData();
    expect(parsed.get("purpose")).toBe("fine-tune");
    const file = parsed.get("file") as File;
    expect(file.name).toBe("train.jsonl");
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("lays the content inside the body so it can be read from disk in place", () => {
    const form = multipartFileBody("data", "part-1", 3);
    form.content.write("abc");
    expect(form.body.toString()).toContain(
      'filename="part-1"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n--',
    );
    expect(form.contentType).toMatch(
      /^multipart\/form-data; boundary=----pulumi-finetune-[0-9a-f]{24}$/,
    );
  });

  it("neutralises quotes and line breaks in names", () => {
    const form = multipartFileBody("data", 'a"b\r\nc', 0);
    expect(form.body.toString()).toContain('filename="a%22b  c"');
  });
});
