#!/usr/bin/env python3
"""Indexes a BEIR corpus.jsonl with Xapian (English stemmer, BM25) and runs its queries.

Prints one JSON object: documents, bytes, index_seconds, docs_per_second, mb_per_second,
query_ms_p50, query_ms_p99, ndcg@10, recall@100, hit@5, mrr@10 (known-item qrels). With
--questions FILE (JSONL {"question", "expected_sources": [page, ...]}) it also scores those
questions: hit@5 (an expected page in the top 5) and mrr@10 under "questions". Run with Debian's
python3 (python3-xapian).
"""
import json, math, os, shutil, statistics, sys, tempfile, time
import xapian


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100.0
    f, c = math.floor(k), math.ceil(k)
    return values[f] if f == c else values[f] + (values[c] - values[f]) * (k - f)


def score(ranked, relevant):
    """(hit@5, reciprocal rank within the top 10) of one ranking."""
    rank = next((i + 1 for i, d in enumerate(ranked[:10]) if d in relevant), None)
    return (1.0 if rank is not None and rank <= 5 else 0.0), (1.0 / rank if rank else 0.0)


def main(dataset, questions=None):
    corpus = os.path.join(dataset, "corpus.jsonl")
    records = [json.loads(l) for l in open(corpus, encoding="utf-8") if l.strip()]
    nbytes = sum(len((r.get("title", "") + " " + r["text"]).encode("utf-8")) for r in records)
    tmp = tempfile.mkdtemp(prefix="xapian-bench-")
    try:
        t0 = time.perf_counter()
        db = xapian.WritableDatabase(tmp, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(xapian.Stem("english"))
        for r in records:
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(r.get("title", ""))
            tg.increase_termpos()
            tg.index_text(r["text"])
            doc.set_data(r["_id"])
            idterm = "Q" + r["_id"]
            doc.add_boolean_term(idterm)
            db.replace_document(idterm, doc)
        db.commit()
        index_seconds = time.perf_counter() - t0

        queries = [json.loads(l) for l in open(os.path.join(dataset, "queries.jsonl"), encoding="utf-8") if l.strip()]
        qrels = {}
        with open(os.path.join(dataset, "qrels", "test.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                q, d, s = line.rstrip("\n").split("\t")
                if int(s) > 0:
                    qrels.setdefault(q, {})[d] = int(s)
        enquire = xapian.Enquire(db)
        enquire.set_weighting_scheme(xapian.BM25Weight(1.0, 0, 1.0, 0.5, 0.5))
        qp = xapian.QueryParser()
        qp.set_stemmer(xapian.Stem("english"))
        qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        stopper = xapian.SimpleStopper()
        for w in "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split():
            stopper.add(w)
        qp.set_stopper(stopper)
        qp.set_database(db)
        latencies, ndcg, recall, hits, rr = [], [], [], [], []
        for q in queries:
            if q["_id"] not in qrels:
                continue
            t = time.perf_counter()
            query = qp.parse_query(q["text"], 0)
            enquire.set_query(query)
            mset = enquire.get_mset(0, 100)
            ranked = [m.document.get_data().decode("utf-8") for m in mset]
            latencies.append((time.perf_counter() - t) * 1000)
            rel = qrels[q["_id"]]
            dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
            ideal = sorted(rel.values(), reverse=True)[:10]
            idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
            ndcg.append(dcg / idcg if idcg else 0.0)
            recall.append(sum(1 for d in ranked[:100] if d in rel) / len(rel))
            h, r = score(ranked, rel)
            hits.append(h)
            rr.append(r)
        extra = {}
        if questions:
            qh, qr = [], []
            for line in open(questions, encoding="utf-8"):
                if not line.strip():
                    continue
                item = json.loads(line)
                enquire.set_query(qp.parse_query(item["question"], 0))
                ranked = [m.document.get_data().decode("utf-8") for m in enquire.get_mset(0, 10)]
                h, r = score(ranked, set(item["expected_sources"]))
                qh.append(h)
                qr.append(r)
            extra["questions"] = {"file": os.path.basename(questions), "count": len(qh),
                                  "hit@5": round(statistics.mean(qh), 4), "mrr@10": round(statistics.mean(qr), 4)}
        print(json.dumps({
            "engine": "xapian " + xapian.version_string(),
            "documents": len(records),
            "bytes": nbytes,
            "index_seconds": round(index_seconds, 3),
            "docs_per_second": round(len(records) / index_seconds, 1),
            "mb_per_second": round(nbytes / 1e6 / index_seconds, 2),
            "queries": len(latencies),
            "query_ms_p50": round(percentile(latencies, 50), 3),
            "query_ms_p99": round(percentile(latencies, 99), 3),
            "ndcg@10": round(statistics.mean(ndcg), 4),
            "recall@100": round(statistics.mean(recall), 4),
            "hit@5": round(statistics.mean(hits), 4),
            "mrr@10": round(statistics.mean(rr), 4),
        } | extra))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    q = None
    if "--questions" in args:
        i = args.index("--questions")
        q = args[i + 1]
        del args[i:i + 2]
    main(args[0], q)
