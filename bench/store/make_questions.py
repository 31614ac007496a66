#!/usr/bin/env python3
"""Turns bench/pgdocs/questions.jsonl into the queries and qrels of a BEIR-layout dataset over the
PostgreSQL manual's corpus.jsonl (made by bench/pgdocs/make_dataset.py; _id = page file name).

Each question is written ROUNDS times under distinct ids (q7.1, q7.2, ...), so `tailor eval` times
every search ROUNDS times (more latency samples for p99) while nDCG@10 stays the mean over the
questions (every question counts the same number of times). Standard library only.
usage: make_questions.py CORPUS_DIR QUESTIONS_JSONL OUT_DIR [ROUNDS]
"""
import json, os, sys


def main(corpus_dir, questions, out, rounds):
    os.makedirs(os.path.join(out, "qrels"), exist_ok=True)
    ids = set()
    with open(os.path.join(corpus_dir, "corpus.jsonl"), encoding="utf-8") as src, \
         open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as dst:
        for line in src:
            ids.add(json.loads(line)["_id"])
            dst.write(line)
    with open(questions, encoding="utf-8") as f:
        items = [json.loads(l) for l in f if l.strip()]
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as q, \
         open(os.path.join(out, "qrels", "test.tsv"), "w", encoding="utf-8") as qr:
        qr.write("query-id\tcorpus-id\tscore\n")
        for n, item in enumerate(items, 1):
            missing = [s for s in item["expected_sources"] if s not in ids]
            if missing:
                sys.exit(f"{questions}: question {n} expects {missing}, which the corpus does not hold")
            for r in range(1, rounds + 1):
                qid = f"q{n}.{r}"
                q.write(json.dumps({"_id": qid, "text": item["question"]}) + "\n")
                for s in item["expected_sources"]:
                    qr.write(f"{qid}\t{s}\t1\n")
    print(json.dumps({"questions": len(items), "rounds": rounds, "queries": len(items) * rounds, "documents": len(ids)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 5)
