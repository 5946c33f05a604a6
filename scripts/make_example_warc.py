"""Write examples/warc/sample.warc.gz: two HTML response records of our own writing.

    .venv/bin/python scripts/make_example_warc.py [OUTPUT]

The pages are illustrative (written for Sitrep's documentation, not copied from
any site). Each record is its own gzip member, as crawlers write them, so the
file reads like any Common Crawl WARC. Dates are fixed, so that the file comes
out byte for byte the same each time (apart from gzip's own header fields).
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "examples" / "warc" / "sample.warc.gz"

PROTEST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Teachers march on parliament in Nairobi over unpaid allowances - Lakeside Wire</title>
<meta property="article:published_time" content="2025-09-03T16:45:00+03:00">
</head><body>
<nav><a href="/">Lakeside Wire</a> | <a href="/kenya">Kenya</a> | <a href="/uganda">Uganda</a> | <a
href="/tanzania">Tanzania</a></nav>
<main><article>
<h1>Teachers march on parliament in Nairobi over unpaid allowances</h1>
<p class="byline">Lakeside Wire staff · 3 September 2025</p>
<p>NAIROBI, Sept 3 - Thousands of public school teachers marched through central Nairobi to
parliament on Wednesday, demanding allowances they say the government has owed them since
January.</p>
<p>The march, called by the national teachers' union, was largely peaceful. Police briefly fired
tear gas near Parliament Road when a group of marchers tried to push past a barricade, and officers
arrested six people, a police spokesman said.</p>
<p>Union leaders said the strike that began on Monday would continue until the treasury released the
funds. The education ministry said payments would start within two weeks.</p>
</article></main>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
<footer>© 2025 Lakeside Wire (an example page written for Sitrep)</footer>
</body></html>
"""

STRIKE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Drone strike hits convoy on road to Marib, tribal sources say | Gulf Desk</title>
<meta property="article:published_time" content="2025-05-18T09:10:00+03:00">
</head><body>
<header><a href="/">Gulf Desk</a><ul class="menu"><li>Yemen</li><li>Saudi
Arabia</li><li>Oman</li><li>Podcasts</li></ul></header>
<div class="article-body">
<h1>Drone strike hits convoy on road to Marib, tribal sources say</h1>
<p>ADEN, May 18 - A drone struck a convoy of pickup trucks on the road between Sirwah and Marib city
late on Saturday, killing three fighters of a pro-government tribal force, two tribal sources
said.</p>
<p>The sources blamed the Houthis, who have fought government forces around Marib for years. A
Houthi military spokesman did not comment on the strike.</p>
<p>Government forces said they had repelled a Houthi attack on positions west of Marib the same
night, without giving casualty figures.</p>
</div>
<aside class="most-read"><h4>Most read</h4><ol><li><a href="#">Fuel prices rise again in
Aden</a></li><li><a href="#">Port of Hodeidah reopens to cargo ships</a></li></ol></aside>
<footer>Gulf Desk · an example page written for Sitrep</footer>
</body></html>
"""

PAGES = [
("https://lakeside-wire.example/kenya/teachers-march-parliament", "2025-09-03T14:00:00Z",
PROTEST_PAGE),
("https://gulf-desk.example/yemen/drone-strike-marib-convoy", "2025-05-18T07:30:00Z", STRIKE_PAGE),
]


def _record_id(url: str) -> bytes:
    """A stable WARC-Record-ID for a URL (so the file is the same on each run)."""
    return f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}".encode("ascii")


def response_record(url: str, fetched: str, html: str) -> WarcRecord:
    """A WARC response record holding an HTTP 200 response with the page."""
    body = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
    record = WarcRecord()
    record.init_headers(WarcRecordType.response, _record_id(url))
    record.headers["WARC-Date"] = fetched
    record.headers["WARC-Target-URI"] = url
    record.headers["Content-Type"] = "application/http; msgtype=response"
    record.set_bytes_content(http)
    return record


def warcinfo_record() -> WarcRecord:
    record = WarcRecord()
    record.init_headers(WarcRecordType.warcinfo, _record_id("sitrep:examples/warc/sample.warc.gz"))
    record.headers["WARC-Date"] = "2025-09-03T14:00:00Z"
    record.headers["Content-Type"] = "application/warc-fields"
    record.set_bytes_content(b"software: sitrep scripts/make_example_warc.py\r\n"
                             b"description: two example pages written for Sitrep\r\n")
    return record


def write_warc(output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    records = [warcinfo_record()] + [response_record(*page) for page in PAGES]
    with GzipWriter(str(output)) as stream:
        for record in records:
            record.write(stream, checksum_data=True)
            stream.finish()  # one gzip member a record


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    write_warc(target)
    print(f"wrote {target}")
