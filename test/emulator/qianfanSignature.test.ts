import {
  authStringPrefix,
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseAuthorization,
  type SignableRequest,
  signatureMatches,
  signingKey,
  uriEncode,
} from "../../emulator/qianfan/signature";
import {
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  MAX_CLOCK_SKEW_MS,
} from "../../emulator";
import { manualClock, useEmulator } from "./helpers";
import {
  authorizationFor,
  bceTimestamp,
  type CallOptions,
  createdJob,
  FINETUNING,
  qianfanError,
  qianfanFetch,
  routeKey,
} from "./qianfanHelpers";

const AK_A = "a".repeat(32);
const SK_A = "b".repeat(32);
const TS_A = "2015-04-27T08:23:49Z";
const VECTOR_A_REQUEST: SignableRequest = {
  method: "PUT",
  path: "/v1/test/myfolder/readme.txt",
  query: [
    ["partNumber", "9"],
    ["uploadId", "a44cc9bab11cbd156984767aad637851"],
  ],
  headers: {
    Host: "bj.bcebos.com",
    Date: "Mon, 27 Apr 2015 16:23:49 +0800",
    "Content-Type": "text/plain",
    "Content-Length": "8",
    "Content-Md5": "NFzcPqhviddjRNnSOGo4rw==",
    "x-bce-date": TS_A,
  },
};
const VECTOR_A_CANONICAL = [
  "PUT",
  "/v1/test/myfolder/readme.txt",
  "partNumber=9&uploadId=a44cc9bab11cbd156984767aad637851",
  "content-length:8",
  "content-md5:NFzcPqhviddjRNnSOGo4rw%3D%3D",
  "content-type:text%2Fplain",
  "host:bj.bcebos.com",
  "x-bce-date:2015-04-27T08%3A23%3A49Z",
].join("\n");
const QIANFAN_REQUEST = (headers: Record<string, string>): SignableRequest => ({
  method: "POST",
  path: "/v2/finetuning",
  query: [["Action", "DeleteFineTuningTask"]],
  headers: { host: "qianfan.baidubce.com", "x-bce-date": TS_A, ...headers },
});
const JS_TS = "2014-06-13T05:57:36Z";

interface Vector {
  request: SignableRequest;
  secretKey: string;
  authorization: string;
  canonical?: string;
}

// Reference §3.2.4–3.2.7: A and B (official docs), bce-sdk-js 1 and 2, C and D (derived).
const VECTORS: Record<string, Vector> = {
  "A (official, default signed headers)": {
    request: VECTOR_A_REQUEST,
    secretKey: SK_A,
    authorization: `bce-auth-v1/${AK_A}/${TS_A}/1800//d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e`,
    canonical: VECTOR_A_CANONICAL,
  },
  "A (official, signed headers listed)": {
    request: VECTOR_A_REQUEST,
    secretKey: SK_A,
    authorization:
      `bce-auth-v1/${AK_A}/${TS_A}/1800/content-length;content-md5;content-type;host;x-bce-date/` +
      "d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e",
    canonical: VECTOR_A_CANONICAL,
  },
  "B (host;x-bce-date)": {
    request: {
      ...VECTOR_A_REQUEST,
      headers: { Host: "bj.bcebos.com", "x-bce-date": TS_A },
    },
    secretKey: SK_A,
    authorization: `bce-auth-v1/${AK_A}/${TS_A}/1800/host;x-bce-date/1b8de5a23a56eef657c69f94c621e7acd227d049a4ba577f537d5e5cebf0cf32`,
    canonical: [
      "PUT",
      "/v1/test/myfolder/readme.txt",
      "partNumber=9&uploadId=a44cc9bab11cbd156984767aad637851",
      "host:bj.bcebos.com",
      "x-bce-date:2015-04-27T08%3A23%3A49Z",
    ].join("\n"),
  },
  "B (signed headers listed out of order, as the Python SDK may)": {
    request: {
      ...VECTOR_A_REQUEST,
      headers: { Host: "bj.bcebos.com", "x-bce-date": TS_A },
    },
    secretKey: SK_A,
    authorization: `bce-auth-v1/${AK_A}/${TS_A}/1800/x-bce-date;host/1b8de5a23a56eef657c69f94c621e7acd227d049a4ba577f537d5e5cebf0cf32`,
  },
  "bce-sdk-js 1 (query with empty values)": {
    request: {
      method: "PUT",
      path: "/v1/bucket/object1",
      query: [
        ["A", ""],
        ["b", ""],
        ["C", "d"],
      ],
      headers: { Host: "bce.baidu.com", abc: "123", "x-bce-meta-key1": "ABC" },
    },
    secretKey: "my_sk",
    authorization: `bce-auth-v1/my_ak/${JS_TS}/1800/host;x-bce-meta-key1/80c9672aca2ea9af4bb40b9a8ff458d72df94e97d550840727f3a929af271d25`,
    canonical: [
      "PUT",
      "/v1/bucket/object1",
      "A=&C=d&b=",
      "host:bce.baidu.com",
      "x-bce-meta-key1:ABC",
    ].join("\n"),
  },
  "bce-sdk-js 2 (no query, no host)": {
    request: {
      method: "DELETE",
      path: "/v1/test-bucket1361199862",
      query: [],
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": 0,
        "User-Agent": "This is the user-agent",
      },
    },
    secretKey: "my_sk",
    authorization: `bce-auth-v1/my_ak/${JS_TS}/1800/content-length;content-type/c9386b15d585960ae5e6972f73ed92a9a682dc81025480ba5b41206d3e489822`,
  },
  "C (Qianfan, host;x-bce-date)": {
    request: QIANFAN_REQUEST({}),
    secretKey: SK_A,
    authorization: `bce-auth-v1/${AK_A}/${TS_A}/1800/host;x-bce-date/7f7502c82c9036902460a7d662020702b0ea1e98dfd81f2be73a8903581fa7b4`,
    canonical: [
      "POST",
      "/v2/finetuning",
      "Action=DeleteFineTuningTask",
      "host:qianfan.baidubce.com",
      "x-bce-date:2015-04-27T08%3A23%3A49Z",
    ].join("\n"),
  },
  "D (Qianfan, as the JS SDK signs)": {
    request: QIANFAN_REQUEST({ "content-type": "application/json", "content-length": "24" }),
    secretKey: SK_A,
    authorization:
      `bce-auth-v1/${AK_A}/${TS_A}/1800/content-length;content-type;host;x-bce-date/` +
      "8ec41189ef24d05515860cb8a76024e7facc04b76d9c02beb77f42d63363b371",
    canonical: [
      "POST",
      "/v2/finetuning",
      "Action=DeleteFineTuningTask",
      "content-length:24",
      "content-type:application%2Fjson",
      "host:qianfan.baidubce.com",
      "x-bce-date:2015-04-27T08%3A23%3A49Z",
    ].join("\n"),
  },
};

describe("bce-auth-v1 verifier: reference vectors", () => {
  it.each(Object.entries(VECTORS))("accepts vector %s", (_, vector) => {
    const auth = parseAuthorization(vector.authorization);
    if (!auth) throw new Error("the vector's Authorization did not parse");
    if (vector.canonical) {
      expect(canonicalRequest(vector.request, auth.signedHeaders)).toBe(vector.canonical);
    }
    expect(signatureMatches(auth, vector.secretKey, vector.request)).toBe(true);
  });

  it.each(Object.entries(VECTORS))("refuses vector %s with another key or signature", (_, v) => {
    const auth = parseAuthorization(v.authorization);
    if (!auth) throw new Error("the vector's Authorization did not parse");
    expect(signatureMatches(auth, `${v.secretKey}x`, v.request)).toBe(false);
    const flipped = auth.signature.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    expect(signatureMatches({ ...auth, signature: flipped }, v.secretKey, v.request)).toBe(false);
  });

  it("derives vector A's signing key", () => {
    const prefix = authStringPrefix({ accessKey: AK_A, timestamp: TS_A, expirationSeconds: 1800 });
    expect(prefix).toBe(`bce-auth-v1/${AK_A}/${TS_A}/1800`);
    expect(signingKey(SK_A, prefix)).toBe(
      "1d5ce5f464064cbee060330d973218821825ac6952368a482a592e6615aef479",
    );
  });

  it.each([
    ["C", ["host", "x-bce-date"], {}],
    ["D", ["content-length", "content-type", "host", "x-bce-date"], { "content-length": "24" }],
  ])("the tests' own signer also gives vector %s", (name, signedHeaders, extra) => {
    const vector = Object.entries(VECTORS).find(([key]) => key.startsWith(`${name} `))?.[1];
    const authorization = authorizationFor(
      {
        method: "POST",
        path: FINETUNING,
        query: { Action: "DeleteFineTuningTask" },
        headers: {
          host: "qianfan.baidubce.com",
          "x-bce-date": TS_A,
          "content-type": "application/json",
          ...extra,
        },
      },
      {
        accessKey: AK_A,
        secretKey: SK_A,
        timestampMs: Date.parse(TS_A),
        expirationSeconds: 1800,
        signedHeaders,
      },
    );
    expect(authorization).toBe(vector?.authorization);
  });
});

describe("bce-auth-v1 verifier: canonical parts", () => {
  it("encodes as UriEncode does (bce-sdk-js test)", () => {
    expect(uriEncode("!'()*this is an example for 测试")).toBe(
      "%21%27%28%29%2Athis%20is%20an%20example%20for%20%E6%B5%8B%E8%AF%95",
    );
    expect(uriEncode("a/b~c-d_e.f")).toBe("a%2Fb~c-d_e.f");
  });

  it.each([
    ["/example/测试", "/example/%E6%B5%8B%E8%AF%95"],
    ["/v2/finetuning", "/v2/finetuning"],
    ["v2", "/v2"],
    ["", "/"],
  ])("canonical URI of %j is %j", (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });

  it.each<[[string, string][], string]>([
    [
      [
        ["text", ""],
        ["text1", "测试"],
        ["text10", "test"],
      ],
      "text10=test&text1=%E6%B5%8B%E8%AF%95&text=",
    ],
    [
      [
        ["A", "A"],
        ["B", ""],
        ["C", ""],
      ],
      "A=A&B=&C=",
    ],
    [
      [
        ["Action", "X"],
        ["authorization", "skip"],
      ],
      "Action=X",
    ],
    [[], ""],
  ])("canonical query of %j is %j", (query, expected) => {
    expect(canonicalQuery(query)).toBe(expected);
  });

  it("signs the default set, without empty headers (bce-sdk-js test)", () => {
    const headers = { Host: "localhost", "x-bce-a": "a/b:c", C: "", "Content-MD5": "MD5" };
    expect(canonicalHeaders(headers, [])).toBe(
      "content-md5:MD5\nhost:localhost\nx-bce-a:a%2Fb%3Ac",
    );
  });

  it("trims values and finds a listed header missing", () => {
    expect(canonicalHeaders({ Host: "  h  " }, ["host"])).toBe("host:h");
    expect(canonicalHeaders({ Host: "h" }, ["host", "x-bce-date"])).toBeUndefined();
  });

  const GOOD = `bce-auth-v1/ak/${TS_A}/1800/host/${"0".repeat(64)}`;
  it.each([
    ["empty", ""],
    ["another version", GOOD.replace("bce-auth-v1", "bce-auth-v2")],
    ["five parts", `bce-auth-v1/ak/${TS_A}/1800/${"0".repeat(64)}`],
    ["seven parts", `${GOOD}/x`],
    ["no access key", GOOD.replace("/ak/", "//")],
    ["milliseconds", GOOD.replace(TS_A, "2015-04-27T08:23:49.000Z")],
    ["a date that does not exist", GOOD.replace(TS_A, "2015-02-30T08:23:49Z")],
    ["expiration 0", GOOD.replace("/1800/", "/0/")],
    ["expiration not a number", GOOD.replace("/1800/", "/soon/")],
    ["a short signature", GOOD.slice(0, -1)],
    ["a signature not in hex", GOOD.replace(/0$/, "g")],
    ["an empty signed header name", GOOD.replace("/host/", "/host;;x-bce-date/")],
  ])("does not parse an Authorization with %s", (_, value) => {
    expect(parseAuthorization(value)).toBeUndefined();
  });

  it("parses the parts, lower-casing the signed header names", () => {
    expect(parseAuthorization(GOOD.replace("/host/", "/Host;X-Bce-Date/"))).toEqual({
      accessKey: "ak",
      timestamp: TS_A,
      timestampMs: Date.parse(TS_A),
      expirationSeconds: 1800,
      signedHeaders: ["host", "x-bce-date"],
      signature: "0".repeat(64),
    });
  });
});

const OTHER_AK = "other-access-key-0123";
const OTHER_SK = "other-secret-key-4567";
const WRONG_SK = "wrong-secret-key-89ab";

describe("bce-auth-v1 on the emulator", () => {
  const logLines: string[] = [];
  const emulator = useEmulator({
    qianfanCredentials: [
      { accessKey: DEFAULT_QIANFAN_ACCESS_KEY, secretKey: DEFAULT_QIANFAN_SECRET_KEY },
      { accessKey: OTHER_AK, secretKey: OTHER_SK },
    ],
    log: (line) => logLines.push(line),
  });
  beforeEach(() => {
    logLines.length = 0;
  });
  const list = (options: CallOptions) =>
    qianfanFetch(emulator(), "DescribeFineTuningJobs", {}, options);

  it.each<[string, CallOptions]>([
    ["signed as the JS SDK does", {}],
    ["signed as the Java SDK does (host;x-bce-date)", { signedHeaders: ["host", "x-bce-date"] }],
    ["signing only host", { signedHeaders: ["host"] }],
    [
      "signing every header sent, as the Python SDK does",
      {
        headers: { "request-source": "qianfan_py_sdk_v0.4" },
        signedHeaders: ["content-type", "host", "request-source", "x-bce-date"],
      },
    ],
    ["with a second credential", { accessKey: OTHER_AK, secretKey: OTHER_SK }],
    ["with a 300 s expiration", { expirationSeconds: 300 }],
  ])("accepts a request %s", async (_, options) => {
    const res = await list(options);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-bce-error-code")).toBeNull();
  });

  it("accepts an empty signed-headers list, which means the default set", async () => {
    // The default set covers exactly the headers these requests send: sign them, list none.
    const signed = signedAuthorization(["content-length", "content-type", "host", "x-bce-date"]);
    const res = await list({ authorization: signed.replace(/\/[^/]*\/([0-9a-f]{64})$/, "//$1") });
    expect(res.status).toBe(200);
  });

  it.each([
    ["exactly at the expiration", -1800_000],
    ["exactly at the largest clock skew", MAX_CLOCK_SKEW_MS],
  ])("accepts a timestamp %s", async (_, offsetMs) => {
    const res = await list({ timestampMs: emulator().clock.now() + offsetMs });
    expect(res.status).toBe(200);
  });

  it.each<[string, CallOptions, number, string]>([
    ["no Authorization header", { authorization: null }, 400, "InvalidHTTPAuthHeader"],
    ["a garbled header", { authorization: "bce-auth-v1/garbled" }, 400, "InvalidHTTPAuthHeader"],
    ["a Bearer token", { authorization: "Bearer bce-v3/ALTAK-x/y" }, 400, "InvalidHTTPAuthHeader"],
    ["an unknown access key", { accessKey: "unknown-ak-cdef" }, 403, "InvalidAccessKeyId"],
    ["a wrong secret key", { secretKey: WRONG_SK }, 403, "SignatureDoesNotMatch"],
    [
      "the content type changed after signing",
      { signedValues: { "content-type": "application/json; charset=utf-8" } },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "the host changed after signing",
      { signedValues: { host: "qianfan.baidubce.com" } },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "the body's length changed after signing",
      { sentBody: JSON.stringify({ maxKeys: 1 }) },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "x-bce-date changed after signing",
      { signedValues: { "x-bce-date": "2024-01-01T00:00:00Z" } },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "the Action changed after signing",
      { sentAction: "DescribeFineTuningTask" },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "a signed header missing from the request",
      { signedHeaders: ["host", "x-bce-meta-key"], signedValues: { "x-bce-meta-key": "v" } },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "host not among the signed headers",
      { signedHeaders: ["content-type", "x-bce-date"] },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "an expired timestamp",
      { timestampMs: Date.UTC(2025, 0, 1) - 1801_000, expirationSeconds: 1800 },
      400,
      "RequestExpired",
    ],
    [
      "a timestamp too far in the future",
      { timestampMs: Date.UTC(2025, 0, 1) + MAX_CLOCK_SKEW_MS + 1000 },
      400,
      "RequestExpired",
    ],
  ])("refuses %s", async (_, options, status, code) => {
    const res = await list(options);
    expect(res.status).toBe(status);
    expect(res.headers.get("x-bce-error-code")).toBe(code);
    expect(res.headers.get("x-bce-error-message")).toMatch(new RegExp(`^${code}, cause: `));
    const text = await res.clone().text();
    expect(await qianfanError(res)).toMatchObject({ code });
    // Neither the answer nor the log repeats a key or a signature.
    const seen = [text, ...res.headers.values(), ...logLines].join("\n");
    for (const secret of [OTHER_SK, WRONG_SK, DEFAULT_QIANFAN_SECRET_KEY, "unknown-ak-cdef"]) {
      expect(seen).not.toContain(secret);
    }
    expect(seen).not.toMatch(/[0-9a-f]{64}/);
    const logLine = /^POST \/v2\/finetuning\?Action=\S+ \d{3} \d+ms$/;
    expect(logLines).toEqual([expect.stringMatching(logLine)]);
  });

  it("says the signature does not match in the words the SDKs look for", async () => {
    const res = await list({ secretKey: WRONG_SK });
    expect(res.headers.get("x-bce-error-message")).toBe(
      "SignatureDoesNotMatch, cause: Fail to authn user: Signature does not match",
    );
    expect((await qianfanError(res)).message).toBe("Fail to authn user: Signature does not match");
  });

  it("refuses before performing the operation", async () => {
    const body = { name: "never", model: "ERNIE-Speed-8K", trainMode: "SFT" };
    const res = await qianfanFetch(emulator(), "CreateFineTuningJob", body, {
      secretKey: WRONG_SK,
    });
    expect(res.status).toBe(403);
    expect(emulator().store.qianfan.jobs.list()).toEqual([]);
    // The log keeps the JSON body although the operation was refused unread.
    expect(emulator().requests).toEqual([
      { method: "POST", route: routeKey("CreateFineTuningJob"), status: 403, body },
    ]);
  });

  it("expires a signature as the clock passes its window", async () => {
    const timestampMs = emulator().clock.now();
    await createdJob(emulator());
    manualClock(emulator()).advance(300_001);
    const res = await list({ timestampMs, expirationSeconds: 300 });
    expect(res.status).toBe(400);
    expect((await qianfanError(res)).message).toContain("Request has expired");
  });

  it("signs no payload: a body of the same length changed after signing passes", async () => {
    const res = await qianfanFetch(
      emulator(),
      "DescribeFineTuningJobs",
      { maxKeys: 1 },
      { sentBody: JSON.stringify({ maxKeys: 2 }) },
    );
    expect(res.status).toBe(200);
  });

  function signedAuthorization(signedHeaders: string[]): string {
    const host = new URL(emulator().url).host;
    const timestampMs = emulator().clock.now();
    return authorizationFor(
      {
        method: "POST",
        path: FINETUNING,
        query: { Action: "DescribeFineTuningJobs" },
        headers: {
          host,
          "content-type": "application/json",
          "content-length": "2",
          "x-bce-date": bceTimestamp(timestampMs),
        },
      },
      {
        accessKey: DEFAULT_QIANFAN_ACCESS_KEY,
        secretKey: DEFAULT_QIANFAN_SECRET_KEY,
        timestampMs,
        expirationSeconds: 1800,
        signedHeaders,
      },
    );
  }
});

describe("bce-auth-v1 with custom credentials only", () => {
  const emulator = useEmulator({
    qianfanCredentials: [{ accessKey: OTHER_AK, secretKey: OTHER_SK }],
  });

  it.each<[string, CallOptions, number]>([
    ["the custom pair", { accessKey: OTHER_AK, secretKey: OTHER_SK }, 200],
    ["the well-known pair", {}, 403],
  ])("answers a request signed with %s", async (_, options, status) => {
    const res = await qianfanFetch(emulator(), "DescribeFineTuningJobs", {}, options);
    expect(res.status).toBe(status);
  });
});
