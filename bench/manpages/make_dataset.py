#!/usr/bin/env python3
"""Turns a CLI's manual pages (default: git's, from /usr/share/man) into two BEIR-layout datasets.

corpus.jsonl: one record per page (_id = page name with its section, e.g. git-branch.1; title =
"git-branch(1)"; text = the page as `man` renders it at 80 columns). Two query sets share it:
  names/      known-item queries made from each page's NAME line ("List, create, or delete branches")
  questions/  the hand-written how-to questions of questions.jsonl ({question, pages})
usage: make_dataset.py OUT [PREFIX] [MAN_DIR]. Standard library and man(1) only.
"""
import json, os, re, subprocess, sys


def render(path):
    env = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0")
    out = subprocess.run(["man", "-l", path], capture_output=True, env=env, check=True).stdout
    text = re.sub(r".\x08", "", out.decode("utf-8", "replace"))  # overstrike bold/underline
    return text.strip()


def write_queries(out, name, queries):
    os.makedirs(os.path.join(out, name, "qrels"), exist_ok=True)
    corpus = os.path.join(out, name, "corpus.jsonl")
    if not os.path.exists(corpus):
        os.symlink(os.path.join("..", "corpus.jsonl"), corpus)
    with open(os.path.join(out, name, "queries.jsonl"), "w", encoding="utf-8") as q, \
         open(os.path.join(out, name, "qrels", "test.tsv"), "w", encoding="utf-8") as qr:
        qr.write("query-id\tcorpus-id\tscore\n")
        for i, (text, pages) in enumerate(queries, 1):
            q.write(json.dumps({"_id": f"q{i}", "text": text}) + "\n")
            for p in pages:
                qr.write(f"q{i}\t{p}\t1\n")


def main(out, prefix="git", man_dir="/usr/share/man"):
    os.makedirs(out, exist_ok=True)
    pages, names = [], []
    for section in ("1", "5", "7"):
        folder = os.path.join(man_dir, "man" + section)
        if not os.path.isdir(folder):
            continue
        for f in sorted(os.listdir(folder)):
            if not f.startswith(prefix):
                continue
            page = re.sub(r"\.gz$", "", f)
            text = render(os.path.join(folder, f))
            pages.append({"_id": page, "title": page.rsplit(".", 1)[0] + "(" + section + ")", "text": text})
            m = re.search(r"^NAME\s*\n\s*(\S.*?)\s+-\s+(.+?)\n\s*\n", text, re.M | re.S)
            if m:
                names.append((re.sub(r"\s+", " ", m.group(2)).strip(), [page]))
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as corpus:
        for p in pages:
            corpus.write(json.dumps(p, ensure_ascii=False) + "\n")
    write_queries(out, "names", names)
    ids = {p["_id"] for p in pages}
    questions = []
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                missing = [p for p in r["pages"] if p not in ids]
                if missing:
                    sys.exit(f"questions.jsonl: {r['question']!r} names pages not in the corpus: {missing}")
                questions.append((r["question"], r["pages"]))
    write_queries(out, "questions", questions)
    print(f"{len(pages)} pages, {len(names)} NAME queries, {len(questions)} questions -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
