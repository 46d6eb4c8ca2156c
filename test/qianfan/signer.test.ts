import {
  bceTimestamp,
  canonicalHeaders,
  canonicalQueryString,
  canonicalUri,
  signRequest,
  uriEncode,
} from "../../provider/qianfan/signer";

const A = { accessKey: "a".repeat(32), secretKey: "b".repeat(32) };
const AT = new Date("2015-04-27T08:23:49Z");
const bosRequest = {
  method: "PUT",
  path: "/v1/test/myfolder/readme.txt",
  query: { partNumber: "9", uploadId: "a44cc9bab11cbd156984767aad637851" },
};

describe("bce-auth-v1 official vectors", () => {
  it("A: default signed headers (BOS PUT with Content-MD5)", () => {
    const signed = signRequest(
      {
        ...bosRequest,
        headers: {
          Host: "bj.bcebos.com",
          Date: "Mon, 27 Apr 2015 16:23:49 +0800",
          "Content-Type": "text/plain",
          "Content-Length": 8,
          "Content-Md5": "NFzcPqhviddjRNnSOGo4rw==",
          "x-bce-date": "2015-04-27T08:23:49Z",
        },
      },
      A,
      { timestamp: AT },
    );
    expect(signed.canonicalRequest).toBe(
      [
        "PUT",
        "/v1/test/myfolder/readme.txt",
        "partNumber=9&uploadId=a44cc9bab11cbd156984767aad637851",
        "content-length:8",
        "content-md5:NFzcPqhviddjRNnSOGo4rw%3D%3D",
        "content-type:text%2Fplain",
        "host:bj.bcebos.com",
        "x-bce-date:2015-04-27T08%3A23%3A49Z",
      ].join("\n"),
    );
    expect(signed.signingKey).toBe(
      "1d5ce5f464064cbee060330d973218821825ac6952368a482a592e6615aef479",
    );
    expect(signed.signature).toBe(
      "d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e",
    );
    expect(signed.authorization).toBe(
      "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800/" +
        "content-length;content-md5;content-type;host;x-bce-date/d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e",
    );
  });

  it("B: host and x-bce-date only", () => {
    const signed = signRequest(
      { ...bosRequest, headers: { Host: "bj.bcebos.com", "x-bce-date": "2015-04-27T08:23:49Z" } },
      A,
      { timestamp: AT, headersToSign: ["host"] },
    );
    expect(signed.authorization).toBe(
      "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800/host;x-bce-date/" +
        "1b8de5a23a56eef657c69f94c621e7acd227d049a4ba577f537d5e5cebf0cf32",
    );
  });

  it.each([
    [
      "bce-sdk-js vector 1",
      {
        method: "PUT",
        path: "/v1/bucket/object1",
        query: { A: null, b: "", C: "d" },
        headers: { Host: "bce.baidu.com", abc: "123", "x-bce-meta-key1": "ABC" },
      },
      "bce-auth-v1/my_ak/2014-06-13T05:57:36Z/1800/host;x-bce-meta-key1/80c9672aca2ea9af4bb40b9a8ff458d72df94e97d550840727f3a929af271d25",
    ],
    [
      "bce-sdk-js vector 2",
      {
        method: "DELETE",
        path: "/v1/test-bucket1361199862",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": 0,
          "User-Agent": "This is the user-agent",
        },
      },
      "bce-auth-v1/my_ak/2014-06-13T05:57:36Z/1800/content-length;content-type/c9386b15d585960ae5e6972f73ed92a9a682dc81025480ba5b41206d3e489822",
    ],
  ])("%s", (_name, request, authorization) => {
    const signed = signRequest(
      request,
      { accessKey: "my_ak", secretKey: "my_sk" },
      { timestamp: new Date(1402639056 * 1000) },
    );
    expect(signed.authorization).toBe(authorization);
  });

  it.each([
    [
      "C: Qianfan delete task, host and x-bce-date",
      { host: "qianfan.baidubce.com", "x-bce-date": "2015-04-27T08:23:49Z" },
      ["host"],
      "host;x-bce-date/7f7502c82c9036902460a7d662020702b0ea1e98dfd81f2be73a8903581fa7b4",
    ],
    [
      "D: Qianfan delete task as the JS SDK signs it",
      {
        host: "qianfan.baidubce.com",
        "x-bce-date": "2015-04-27T08:23:49Z",
        "content-type": "application/json",
        "content-length": 24,
      },
      undefined,
      "content-length;content-type;host;x-bce-date/8ec41189ef24d05515860cb8a76024e7facc04b76d9c02beb77f42d63363b371",
    ],
  ])("%s", (_name, headers, headersToSign, tail) => {
    const signed = signRequest(
      {
        method: "POST",
        path: "/v2/finetuning",
        query: { Action: "DeleteFineTuningTask" },
        headers,
      },
      A,
      { timestamp: AT, headersToSign },
    );
    expect(signed.authorization).toBe(
      `bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800/${tail}`,
    );
  });
});

describe("canonicalisation edge cases", () => {
  it.each([
    [
      "!'()*this is an example for 测试",
      "%21%27%28%29%2Athis%20is%20an%20example%20for%20%E6%B5%8B%E8%AF%95",
    ],
    ["a-b_c.d~e", "a-b_c.d~e"],
    ["a/b:c", "a%2Fb%3Ac"],
    ["+=&", "%2B%3D%26"],
  ])("uriEncode(%j) = %s", (value, want) => expect(uriEncode(value)).toBe(want));

  it.each([
    ["/example/测试", "/example/%E6%B5%8B%E8%AF%95"],
    ["v2/finetuning", "/v2/finetuning"],
    ["/a b/c", "/a%20b/c"],
  ])("canonicalUri(%j) = %s", (path, want) => expect(canonicalUri(path)).toBe(want));

  it.each([
    [{ text: "", text1: "测试", text10: "test" }, "text10=test&text1=%E6%B5%8B%E8%AF%95&text="],
    [{ A: "A", B: null, C: "" }, "A=A&B=&C="],
    [{ Action: "CreateFineTuningJob", authorization: "x" }, "Action=CreateFineTuningJob"],
    [{ b: "2", B: "1", a: "3" }, "B=1&a=3&b=2"],
    [{}, ""],
  ])("canonicalQueryString(%j) = %s", (query, want) =>
    expect(canonicalQueryString(query)).toBe(want),
  );

  it("trims header values, drops empty ones, lower-cases names and always signs x-bce-* headers", () => {
    const result = canonicalHeaders({
      Host: "  localhost  ",
      "x-bce-a": "a/b:c",
      C: "",
      "Content-MD5": "MD5",
      "X-Bce-Date": " 2015-04-27T08:23:49Z",
    });
    expect(result.canonical).toBe(
      "content-md5:MD5\nhost:localhost\nx-bce-a:a%2Fb%3Ac\nx-bce-date:2015-04-27T08%3A23%3A49Z",
    );
    expect(result.signedHeaders).toBe("content-md5;host;x-bce-a;x-bce-date");
  });

  it("keeps the port of a host with one, as the Host header carries it", () => {
    expect(canonicalHeaders({ host: "127.0.0.1:8080" }).canonical).toBe("host:127.0.0.1%3A8080");
  });

  it("signs an empty body (content-length 0) and a custom expiry", () => {
    const signed = signRequest(
      {
        method: "POST",
        path: "/v2/finetuning",
        query: { Action: "DescribeFineTuningJobs" },
        headers: { host: "h", "content-length": 0 },
      },
      A,
      { timestamp: AT, expirationSeconds: 300 },
    );
    expect(signed.canonicalRequest).toBe(
      "POST\n/v2/finetuning\nAction=DescribeFineTuningJobs\ncontent-length:0\nhost:h",
    );
    expect(signed.authorization).toMatch(
      /^bce-auth-v1\/a{32}\/2015-04-27T08:23:49Z\/300\/content-length;host\/[0-9a-f]{64}$/,
    );
  });

  it("formats timestamps without milliseconds", () => {
    expect(bceTimestamp(new Date("2026-11-26T13:05:09.123Z"))).toBe("2026-11-26T13:05:09Z");
  });

  it("changes the signature when the body length, the query or the secret changes", () => {
    const base = {
      method: "POST",
      path: "/v2/finetuning",
      query: { Action: "X" },
      headers: { host: "h", "content-length": 10 },
    };
    const sig = (r: typeof base, sk = "sk") =>
      signRequest(r, { accessKey: "ak", secretKey: sk }, { timestamp: AT }).signature;
    const reference = sig(base);
    expect(sig({ ...base, headers: { ...base.headers, "content-length": 11 } })).not.toBe(
      reference,
    );
    expect(sig({ ...base, query: { Action: "Y" } })).not.toBe(reference);
    expect(sig(base, "other")).not.toBe(reference);
  });
});
