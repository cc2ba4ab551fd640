// The wire format and HMAC-SHA256 signatures, checked against jupyter_client's own Session (the reference
// implementation of the messaging spec) run with /usr/bin/python3.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, encode, makeMessage, MalformedMessageError, sign, SignatureError } from "../../kernel/wire";
import { python } from "./python";

test("signatures match jupyter_client's Session.sign", () => {
  const key = "5ca1ab1e-c0de-4a11-b0b0-123456789abc";
  const parts = ['{"msg_id":"1"}', "{}", "{}", '{"code":"1 + 1"}'];
  const r = python(["-c", "import sys, json; from jupyter_client.session import Session; s = Session(key=sys.argv[1].encode()); print(s.sign([p.encode() for p in json.loads(sys.argv[2])]).decode())", key, JSON.stringify(parts)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sign(key, parts), r.stdout.trim());
});

test("encode then decode round-trips; a wrong key or a missing signature throws SignatureError", () => {
  const msg = makeMessage("execute_request", { code: "x" }, undefined, "session-1", [Buffer.from("client")]);
  const frames = encode("k", msg);
  const back = decode("k", frames);
  assert.deepEqual(back.content, { code: "x" });
  assert.deepEqual(back.identities.map(String), ["client"]);
  assert.throws(() => decode("other", frames), SignatureError);
  const unsigned = [...frames];
  unsigned[2] = Buffer.from("");
  assert.throws(() => decode("k", unsigned), /not signed/);
  assert.throws(() => decode("k", [Buffer.from("no delimiter")]), /delimiter/);
});

test("a signed message whose frames are not the objects the spec requires throws MalformedMessageError", () => {
  const frames = (body: string[]) => [Buffer.from("<IDS|MSG>"), Buffer.from(sign("k", body)), ...body.map((b) => Buffer.from(b))];
  const header = JSON.stringify(makeMessage("kernel_info_request", {}, undefined, "s").header);
  assert.throws(() => decode("k", frames(["null", "{}", "{}", "{}"])), (e: Error) => e instanceof MalformedMessageError && /header is null; expected an object/.test(e.message));
  assert.throws(() => decode("k", frames(['{"msg_type": 3, "msg_id": "a"}', "{}", "{}", "{}"])), /header.msg_type is 3/);
  assert.throws(() => decode("k", frames([header, "[]", "{}", "{}"])), /parent_header is \[\]/);
  assert.throws(() => decode("k", frames([header, "{}", "{}", "7"])), /content is 7/);
  assert.throws(() => decode("k", frames([header, "{}", "{oops", "{}"])), /metadata is not JSON/);
  assert.deepEqual(decode("k", frames([header, "null", "{}", "{}"])).parent_header, {}, "a null parent_header reads as {}");
});
