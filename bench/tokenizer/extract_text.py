"""Concatenates the visible text of every HTML page in a folder (tags, scripts and styles
stripped, entities decoded) into one UTF-8 file: the English corpus for the tokenizer benchmark."""
import html.parser
import pathlib
import sys


class TextOnly(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def main(src, dst):
    pages = sorted(pathlib.Path(src).glob("*.html"))
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        for page in pages:
            parser = TextOnly()
            parser.feed(page.read_text(encoding="utf-8", errors="replace"))
            out.write("".join(parser.parts))
            out.write("\n")
    print(f"{len(pages)} pages -> {dst} ({pathlib.Path(dst).stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
