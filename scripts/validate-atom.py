#!/usr/bin/env python3
"""Checks Atom feeds (RFC 4287) the way a feed reader and a validator would.

Usage: validate-atom.py FILE...   (or "-" for standard input)

Each feed is read twice: by feedparser (what most feed readers use; it must
read it without complaint, `bozo` 0, as Atom 1.0), and against the rules of
RFC 4287 that a validator checks (the W3C Feed Validation Service's
`feedvalidator` is not on PyPI): exactly one `id`, `title` and `updated` in
the feed and in each entry; ids absolute IRIs, unique among the entries;
times RFC 3339 date-times; an author in the feed or in every entry; an
entry without `content` has an alternate link; links have `href`,
categories `term`, people `name`; text constructs are text, html or xhtml;
at most one `subtitle`, `rights`, `icon`, `logo`, `generator`.

Prints each problem as "FILE: problem" and exits 1 if there was any; prints
"FILE: valid Atom 1.0 (N entries)" for each valid feed. Installed with the
test tools (scripts/requirements-test.txt) by scripts/setup.sh --test.
"""

import re
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE)
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def count(parent, name):
    return parent.findall(ATOM + name)


def check_common(where, el, problems, single):
    """The rules a feed and an entry share."""
    for name in ("id", "title", "updated"):
        n = len(count(el, name))
        if n != 1:
            problems.append(f"{where}: {n} atom:{name} elements, RFC 4287 asks for exactly 1")
    for name in single:
        if len(count(el, name)) > 1:
            problems.append(f"{where}: more than one atom:{name}")
    for id_el in count(el, "id"):
        if not IRI.match((id_el.text or "").strip()):
            problems.append(f"{where}: atom:id {id_el.text!r} is not an absolute IRI")
    for name in ("updated", "published"):
        for t in count(el, name):
            if not RFC3339.match((t.text or "").strip()):
                problems.append(f"{where}: atom:{name} {t.text!r} is not an RFC 3339 date-time")
    for name in ("title", "subtitle", "summary", "rights", "content"):
        for t in count(el, name):
            kind = t.get("type", "text")
            if name != "content" and kind not in ("text", "html", "xhtml"):
                problems.append(f"{where}: atom:{name} has type {kind!r}")
    for link in count(el, "link"):
        if not link.get("href"):
            problems.append(f"{where}: an atom:link without href")
    for cat in count(el, "category"):
        if not cat.get("term"):
            problems.append(f"{where}: an atom:category without term")
    for name in ("author", "contributor"):
        for person in count(el, name):
            if len(count(person, "name")) != 1:
                problems.append(f"{where}: an atom:{name} without exactly one atom:name")


def check(data):
    """The problems with the feed in `data` (bytes), and its entry count."""
    problems = []
    parsed = feedparser.parse(data)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problems.append(f"feedparser reads it as {parsed.version or 'no known format'!r}, not Atom 1.0")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        problems.append(f"not well-formed XML: {e}")
        return problems, 0
    if root.tag != ATOM + "feed":
        problems.append(f"the root element is {root.tag}, not atom:feed")
        return problems, 0
    check_common("feed", root, problems, ("subtitle", "rights", "icon", "logo", "generator"))
    feed_author = bool(count(root, "author"))
    entries = count(root, "entry")
    seen = set()
    for i, entry in enumerate(entries, 1):
        where = f"entry {i}"
        check_common(where, entry, problems, ("content", "summary", "published", "rights", "source"))
        if not feed_author and not count(entry, "author"):
            problems.append(f"{where}: no atom:author here or in the feed")
        alternates = [l for l in count(entry, "link") if l.get("rel", "alternate") == "alternate"]
        if not count(entry, "content") and not alternates:
            problems.append(f"{where}: neither atom:content nor an alternate atom:link")
        kinds = [(l.get("type"), l.get("hreflang")) for l in alternates]
        if len(kinds) != len(set(kinds)):
            problems.append(f"{where}: two alternate links of the same type and hreflang")
        for id_el in count(entry, "id"):
            if id_el.text in seen:
                problems.append(f"{where}: atom:id {id_el.text!r} repeats an earlier entry's")
            seen.add(id_el.text)
    if len(parsed.entries) != len(entries):
        problems.append(f"feedparser reads {len(parsed.entries)} entries of {len(entries)}")
    return problems, len(entries)


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
        problems, entries = check(data)
        for p in problems:
            print(f"{path}: {p}")
        if problems:
            failed = True
        else:
            print(f"{path}: valid Atom 1.0 ({entries} {'entry' if entries == 1 else 'entries'})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
