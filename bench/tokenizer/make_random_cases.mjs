// Usage: node make_random_cases.mjs <out.jsonl> [count] [seed]
// Writes random Unicode strings (all planes, weighted towards the characters the
// pre-tokenization patterns care about) with tiktoken's encode_ordinary ids for cl100k_base and
// o200k_base, in the layout of golden.jsonl; `TokenizerThroughput --check` compares Tailor on them.
import { writeFileSync } from "node:fs";
import { get_encoding } from "tiktoken";

const [out, countArg, seedArg] = process.argv.slice(2);
const count = Number(countArg ?? 20000);
let seed = Number(seedArg ?? 7) >>> 0;
const next = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
const pick = (s) => { const cps = Array.from(s); return cps[Math.floor(next() * cps.length)]; };

const tricky = "aAsSſtTrReEvVmMlLdDzZ'''''/\\ \t\n\r\u000B\u0085\u00A0\u2003\u3000\u2028"
  + "ǅʰ々中한é\u0301\u0903\u20DD0123٣Ⅻ½²…—“\u200D\uFFFD!?.,-_()<>|"
  + "𝐀𝐚𝟏👍🏽🎉🇳🇴𠀀𐐀𐐨𝔄";
const encodings = ["cl100k_base", "o200k_base"].map((name) => [name, get_encoding(name)]);
const lines = [];
for (let n = 0; n < count; n++) {
  const length = 1 + Math.floor(next() * 30);
  let text = "";
  for (let k = 0; k < length; k++) {
    const r = next();
    let cp;
    if (r < 0.5) cp = pick(tricky).codePointAt(0);
    else if (r < 0.7) cp = 0x20 + Math.floor(next() * 0x5f);
    else if (r < 0.9) cp = Math.floor(next() * 0x10000);
    else cp = 0x10000 + Math.floor(next() * 0x20000);
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x61; // no lone surrogates: JSON cannot carry them portably
    text += String.fromCodePoint(cp);
  }
  for (const [name, enc] of encodings) {
    lines.push(JSON.stringify({ encoding: name, text, tokens: Array.from(enc.encode_ordinary(text)) }));
  }
}
writeFileSync(out, lines.join("\n") + "\n");
for (const [, enc] of encodings) enc.free();
console.error(`${lines.length} cases -> ${out}`);
