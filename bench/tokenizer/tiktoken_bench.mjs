// Usage: node tiktoken_bench.mjs <text-file> <encoding> [runs] [ids-out]
// Encodes the whole file with the tiktoken npm package (its WebAssembly build) using
// encode_ordinary, `runs` times after one warm-up; prints one JSON line with median/best MB/s.
import { readFileSync, writeFileSync } from "node:fs";
import { get_encoding } from "tiktoken";

const [file, encodingName, runsArg, idsOut] = process.argv.slice(2);
if (!file || !encodingName) {
  console.error("usage: node tiktoken_bench.mjs <text-file> <encoding> [runs] [ids-out]");
  process.exit(2);
}
const text = readFileSync(file, "utf8");
const megabytes = Buffer.byteLength(text, "utf8") / 1e6;
const runs = Number(runsArg ?? 5);
const enc = get_encoding(encodingName);
let ids = enc.encode_ordinary(text); // warm-up, not timed
const seconds = [];
for (let r = 0; r < runs; r++) {
  const t0 = process.hrtime.bigint();
  ids = enc.encode_ordinary(text);
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
seconds.sort((a, b) => a - b);
const median = seconds[Math.floor(seconds.length / 2)];
if (idsOut) writeFileSync(idsOut, Array.from(ids).join("\n") + "\n");
enc.free();
console.log(JSON.stringify({
  impl: "tiktoken-wasm", encoding: encodingName, megabytes: +megabytes.toFixed(3), tokens: ids.length, runs,
  median_seconds: +median.toFixed(4), median_mb_per_s: +(megabytes / median).toFixed(2), best_mb_per_s: +(megabytes / seconds[0]).toFixed(2),
}));
