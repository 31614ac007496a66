#!/usr/bin/env python3
"""Turns the PostgreSQL manual (HTML, from Debian's postgresql-doc-15) into a BEIR-layout dataset.

corpus.jsonl: one record per page (_id = file name, title, text = visible text without the
navigation header/footer); queries.jsonl + qrels/test.tsv: known-item queries made from page
titles (each query's relevant document is its page). Both Tailor and Xapian index corpus.jsonl,
so the two engines see exactly the same text. Standard library only.
"""
import html.parser, json, os, re, sys

SKIP = {"script", "style", "head"}
NAV_CLASSES = {"navheader", "navfooter"}


class Extractor(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.title, self._stack, self._skip, self._in_title = [], "", [], 0, False

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        skip = tag in SKIP or any(c in NAV_CLASSES for c in cls.split())
        if tag in ("br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"):
            return
        self._stack.append(skip)
        if skip:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "pre", "table", "dt", "dd"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"):
            return
        if tag == "title":
            self._in_title = False
        if self._stack:
            if self._stack.pop():
                self._skip -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._skip == 0:
            self.parts.append(data)


def main(src, out, max_queries=300):
    os.makedirs(os.path.join(out, "qrels"), exist_ok=True)
    names = sorted(n for n in os.listdir(src) if n.endswith(".html"))
    titles = []
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as corpus:
        for name in names:
            with open(os.path.join(src, name), encoding="utf-8", errors="replace") as f:
                p = Extractor()
                p.feed(f.read())
            text = re.sub(r"[ \t]+", " ", "".join(p.parts))
            text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
            title = re.sub(r"\s+", " ", p.title).strip()
            corpus.write(json.dumps({"_id": name, "title": title, "text": text}, ensure_ascii=False) + "\n")
            titles.append((name, title))
    # Known-item queries: page titles without the chapter numbers, every k-th page.
    step = max(1, len(titles) // max_queries)
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as q, \
         open(os.path.join(out, "qrels", "test.tsv"), "w", encoding="utf-8") as qr:
        qr.write("query-id\tcorpus-id\tscore\n")
        n = 0
        for i in range(0, len(titles), step):
            name, title = titles[i]
            query = re.sub(r"^((Chapter|Appendix|Part)\s+)?[A-Z0-9]{1,3}(\.[0-9]+)*\.\s+", "", title.split(":")[-1]).strip()
            if len(query) < 4:
                continue
            n += 1
            q.write(json.dumps({"_id": f"q{n}", "text": query}) + "\n")
            qr.write(f"q{n}\t{name}\t1\n")
    print(f"{len(names)} pages, {n} queries -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
