"""Platform performance exports (Ocean Engine/Douyin, TikTok Ads, Meta Ads, generic; CSV in UTF-8, GBK or
UTF-16, and XLSX) read into one row shape: name, impressions, clicks, conversions, cost, views, completes."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np

from pipeline.results.common import FIELDS, ResultsError, TOTAL_NAMES


def _key(header: str) -> str:
    """Header comparison key: case-, space-, underscore- and unit-insensitive ("Amount spent (USD)" -> "amountspent")."""
    h = header.replace("\ufeff", "").strip().lower()
    h = re.sub(r"[（(][^()（）]*[)）]\s*$", "", h)        # trailing unit in parentheses: (元), (USD)
    return re.sub(r"[\s_\-]+", "", h)


# Per format: canonical field -> header aliases in priority order (compared by _key).
# "rate" is a completion rate (percent) and "name_alt"/"id" are name sources.
FORMATS: dict[str, dict[str, tuple[str, ...]]] = {
    "douyin": {
        "name": ("素材名称", "创意名称", "广告创意名称", "视频名称"),
        "impressions": ("展示数", "展示次数", "展现数"),
        "clicks": ("点击数", "点击次数"),
        "conversions": ("转化数", "转化次数"),
        "cost": ("消耗", "花费", "总花费"),
        "views": ("播放数", "视频播放数", "播放次数"),
        "completes": ("完播数", "播放完成数", "有效播放", "有效播放数"),
        "rate": ("完播率", "视频完播率"),
    },
    "tiktok": {
        "name": ("Ad name", "Ad Name"),
        "impressions": ("Impressions",),
        "clicks": ("Clicks", "Clicks (destination)"),
        "conversions": ("Conversions", "Results"),
        "cost": ("Cost", "Total cost", "Spend"),
        "views": ("Video views", "Video plays"),
        "completes": ("Video views at 100%", "Video plays at 100%"),
    },
    "meta": {
        "name": ("Ad name",),
        "impressions": ("Impressions",),
        "clicks": ("Link clicks", "Clicks (all)"),
        "conversions": ("Results", "Conversions"),
        "cost": ("Amount spent", "Amount spent (USD)"),
        "views": ("Video plays", "3-second video plays"),
        "completes": ("ThruPlays", "Video plays at 100%"),
    },
    "generic": {
        "id": ("variant_id", "variant", "utm_content"),
        "name": ("name", "creative", "ad_name"),
        "impressions": ("impressions",),
        "clicks": ("clicks",),
        "conversions": ("conversions", "results"),
        "cost": ("cost", "spend"),
        "views": ("views", "video_views"),
        "completes": ("completions", "completes", "video_completions"),
    },
}
# Columns every export of the format is recognised by.
SIGNATURES = {
    "douyin": (("素材名称", "创意名称", "广告创意名称", "视频名称"), ("展示数", "展示次数", "展现数")),
    "meta": (("Ad name",), ("Link clicks", "ThruPlays", "Amount spent", "Results")),
    "tiktok": (("Ad name",), ("Impressions",)),
    "generic": (("variant_id", "utm_content", "variant"), ("impressions",)),
}
FORMAT_ORDER = ("douyin", "meta", "tiktok", "generic")
KNOWN_EXTRA = {_key(h) for h in ("Video views at 25%", "Video views at 50%", "Video views at 75%")}  # read, unused


def detect_format(headers: Sequence[str]) -> str:
    """The export format whose signature columns are all present, else ResultsError."""
    keys = {_key(h) for h in headers}
    for fmt in FORMAT_ORDER:
        if all(any(_key(a) in keys for a in group) for group in SIGNATURES[fmt]):
            if fmt == "tiktok" and any(_key(a) in keys for a in ("Link clicks", "ThruPlays", "Amount spent")):
                continue
            return fmt
    raise ResultsError(f"unrecognised export: headers {list(headers)} match no known format "
                       "(Ocean Engine/Douyin, TikTok Ads Manager, Meta Ads, or generic variant_id/impressions/...)")


def _column_map(headers: Sequence[str], fmt: str) -> tuple[dict[str, int], list[str]]:
    """Canonical field -> column index, and the headers nobody uses."""
    index = {}
    for i, h in enumerate(headers):
        index.setdefault(_key(h), i)
    cols = {}
    for field, aliases in FORMATS[fmt].items():
        for a in aliases:
            if _key(a) in index:
                cols[field] = index[_key(a)]
                break
    used = set(cols.values())
    unknown = [h for i, h in enumerate(headers) if i not in used and h.strip() and _key(h) not in KNOWN_EXTRA]
    return cols, unknown


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: BOMs first, then UTF-16 without BOM, UTF-8, GB18030 (superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:2000]
    if head and head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as e:
        raise ResultsError(f"cannot decode as UTF-8, UTF-16 or GBK/GB18030 (byte {e.start})") from None


def _delimiter(text: str) -> str:
    """Tab, comma or semicolon: whichever splits the header line into the most fields (outside quotes)."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: len(next(csv.reader([first], delimiter=d))) for d in ("\t", ",", ";")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(data: bytes) -> tuple[list[list[str]], str]:
    text, enc = _decode(data)
    delim = _delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    name = {"\t": "tab", ",": "comma", ";": "semicolon"}[delim]
    return rows, f"{enc}, {name}-separated"


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _col_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref.upper())
    n = 0
    for ch in letters.group(0) if letters else "A":
        n = n * 26 + ord(ch) - 64
    return n - 1


def _first_sheet(z: zipfile.ZipFile) -> str:
    """Path of the workbook's first worksheet (via workbook.xml and its rels), falling back to sheet1.xml."""
    try:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rid = wb.find("m:sheets/m:sheet", _NS).get(_REL)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        for r in rels:
            if r.get("Id") == rid:
                target = r.get("Target").lstrip("/")
                return target if target.startswith("xl/") else f"xl/{target}"
    except (KeyError, AttributeError, ET.ParseError):
        pass
    return "xl/worksheets/sheet1.xml"


def _read_xlsx(data: bytes) -> list[list[str]]:
    """Rows of the first sheet as strings (shared, inline and literal cells; numbers as written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", _NS):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")))
        sheet = ET.fromstring(z.read(_first_sheet(z)))
    rows: list[list[str]] = []
    for r in sheet.iter(f"{{{_NS['m']}}}row"):
        rownum = int(r.get("r", len(rows) + 1))
        while len(rows) < rownum - 1:
            rows.append([])
        cells: dict[int, str] = {}
        for pos, c in enumerate(r.findall("m:c", _NS)):
            col = _col_index(c.get("r")) if c.get("r") else pos
            t, v = c.get("t"), c.find("m:v", _NS)
            if t == "s":
                val = shared[int(v.text)] if v is not None else ""
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(f"{{{_NS['m']}}}t"))
            else:
                val = v.text if v is not None and v.text is not None else ""
            cells[col] = val
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


_EMPTY = {"", "-", "--", "—", "n/a", "na", "null", "none"}
_CURRENCY = re.compile(r"^(?:[¥￥$€£]|rmb|cny|usd|hk\$|us\$)\s*|\s*(?:元|rmb|cny|usd)$", re.I)
_NUMBER = re.compile(r"^[+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:e[+-]?\d+)?$|^[+]?\.\d+$", re.I)


def parse_number(text: str, *, percent: bool = False) -> float:
    """A non-negative number from an export cell; '-'/empty -> 0.

    Handles thousands separators ("12,345"), currency ("¥1,234.50", "$12.30", "12元") and, when
    ``percent`` is set, rates ("35.2%" -> 0.352; a bare 35.2 is read as percent, 0.352 as a fraction).
    Raises ValueError with the reason otherwise.
    """
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s.lower() in _EMPTY:
        return 0.0
    s = _CURRENCY.sub("", s)
    pct = s.endswith("%") or s.endswith("％")
    if pct:
        s = s[:-1]
        if not percent:
            raise ValueError("is a percentage where a count or amount is expected")
    if not _NUMBER.match(s):
        raise ValueError("is not a number")
    value = float(s.replace(",", ""))
    if percent:
        value = value / 100 if pct or value > 1 else value
        if value > 1:
            raise ValueError("is a rate above 100%")
    return value


def _cell(row: list[str], col: int | None) -> str:
    return row[col] if col is not None and col < len(row) else ""


def _row_values(raw: list[str], cols: dict[str, int], where: str, headers: Sequence[str]) -> dict:
    """One normalised row; ResultsError names the file, row and column of a bad cell."""
    out: dict = {}
    for field in (*FIELDS, "rate"):
        if field not in cols:
            continue
        text = _cell(raw, cols[field])
        try:
            out[field] = parse_number(text, percent=(field == "rate"))
        except ValueError as e:
            raise ResultsError(f"{where}, column {headers[cols[field]].strip()}: {text!r} {e}") from None
    return out


def _finish(values: dict, cols: dict[str, int]) -> dict:
    """Fill the canonical six: completes from a completion rate when only the rate is given."""
    row = {f: values.get(f, 0.0) for f in FIELDS}
    if "completes" not in cols and "rate" in values:
        row["completes"] = float(round(values["rate"] * row["views"]))
    if "views" not in cols and "completes" in cols:
        row["views"] = row["impressions"]       # no plays column: completion measured per impression
    for f in ("impressions", "clicks", "conversions", "views", "completes"):
        if row[f] != int(row[f]):
            row[f] = round(row[f], 6)
        else:
            row[f] = int(row[f])
    return row


def read_export(path: str | Path, data: bytes | None = None) -> tuple[list[dict], list[str]]:
    """Import one platform performance export (CSV in any common encoding/delimiter, or XLSX).

    Returns (rows, notes).  Each row: {name, impressions, clicks, conversions, cost, views, completes,
    variant_id (from a variant_id/utm_content column, else None), file, row (spreadsheet row, header = 1),
    format}.  Total lines (合计/Total) and empty lines are skipped; unknown columns are listed in notes.
    """
    path = Path(path)
    fname = path.name
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ResultsError(f"{fname}: cannot read ({e.strerror})") from None
    try:
        if data[:4] == b"PK\x03\x04":
            table, how = _read_xlsx(data), "xlsx"
        else:
            table, how = _read_csv(data)
    except ResultsError as e:
        raise ResultsError(f"{fname}: {e}") from None
    except (zipfile.BadZipFile, ET.ParseError, KeyError, csv.Error) as e:
        raise ResultsError(f"{fname}: unreadable file ({e})") from None
    return _parse_table(table, fname, how)


def _parse_table(table: list[list[str]], fname: str, how: str) -> tuple[list[dict], list[str]]:
    hdr_at = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), None)
    if hdr_at is None:
        raise ResultsError(f"{fname}: the file is empty")
    headers = [h.replace("\ufeff", "").strip() for h in table[hdr_at]]
    try:
        fmt = detect_format(headers)
    except ResultsError as e:
        raise ResultsError(f"{fname}: {e}") from None
    cols, unknown = _column_map(headers, fmt)
    notes = [f"{fname}: {fmt} export ({how})"]
    if unknown:
        notes.append(f"{fname}: ignored unknown columns: {', '.join(unknown)}")
    if "views" not in cols and "completes" in cols:
        notes.append(f"{fname}: no video-plays column; completion is measured per impression")
    rows, skipped = [], []
    for i in range(hdr_at + 1, len(table)):
        raw = table[i]
        if not any(c.strip() for c in raw):
            continue
        where = f"{fname}: row {i + 1}"
        name = _cell(raw, cols.get("name")).strip()
        vid = _cell(raw, cols.get("id")).strip() or None
        if _key(name) in TOTAL_NAMES or (vid and _key(vid) in TOTAL_NAMES):
            skipped.append(i + 1)
            continue
        row = _finish(_row_values(raw, cols, where, headers), cols)
        row.update(name=name or vid or "", variant_id=vid, file=fname, row=i + 1, format=fmt)
        rows.append(row)
    if skipped:
        notes.append(f"{fname}: skipped total line(s) at row {', '.join(map(str, skipped))}")
    return rows, notes


def _fmt_int(n: float) -> str:
    return f"{int(n):,}"


def simulate_export(variant_ids: Sequence[str], true_ctr: dict, impressions: int, fmt: str,
                    rng: np.random.Generator, *, days: int = 1, cvr: float = 0.08,
                    view_rate: float = 0.6, completion: float = 0.3) -> bytes:
    """A synthetic platform export with the real header shapes (for tests and demos).

    douyin: GBK, comma-separated, Chinese headers, 完播率 as percent, ¥ costs and a 合计 line;
    tiktok: UTF-16 with BOM, tab-separated; meta: UTF-8 with BOM, "$" amounts; generic: UTF-8.
    Each variant's impressions are split over ``days`` rows (summed again by join).
    """
    headers = {
        "douyin": ["日期", "素材名称", "展示数", "点击数", "转化数", "消耗(元)", "播放数", "完播率"],
        "tiktok": ["Ad name", "Impressions", "Clicks", "Conversions", "Cost", "Video views",
                   "Video views at 25%", "Video views at 50%", "Video views at 75%", "Video views at 100%"],
        "meta": ["Ad name", "Reporting starts", "Impressions", "Link clicks", "Results", "ThruPlays",
                 "Amount spent (USD)"],
        "generic": ["variant_id", "impressions", "clicks", "conversions", "cost", "views", "completions"],
    }
    if fmt not in headers:
        raise ValueError(f"unknown format {fmt!r}")
    lines = [headers[fmt]]
    total = np.zeros(4)
    for vid in variant_ids:
        for d, imp in enumerate(_split(impressions, days)):
            clicks = int(rng.binomial(imp, true_ctr[vid]))
            conv = int(rng.binomial(clicks, cvr))
            views = int(rng.binomial(imp, view_rate))
            done = int(rng.binomial(views, completion))
            cost = imp * 0.021
            total += (imp, clicks, conv, cost)
            day = f"2026-03-{d + 1:02d}"
            lines.append(_sim_row(fmt, vid, day, imp, clicks, conv, cost, views, done))
    if fmt == "douyin":
        lines.append(["", "合计", _fmt_int(total[0]), _fmt_int(total[1]), _fmt_int(total[2]),
                      f"￥{total[3]:,.2f}", "-", "-"])
    return _encode(lines, fmt)


def _split(total: int, parts: int) -> list[int]:
    base = [total // parts] * parts
    base[-1] += total - sum(base)
    return base


def _sim_row(fmt: str, vid: str, day: str, imp: int, clicks: int, conv: int, cost: float, views: int,
             done: int) -> list[str]:
    if fmt == "douyin":
        rate = f"{100 * done / views:.4f}%" if views else "-"
        return [day, f"春季测试_{vid}_douyin", _fmt_int(imp), _fmt_int(clicks), _fmt_int(conv) if conv else "-",
                f"￥{cost:,.2f}", _fmt_int(views), rate]
    if fmt == "tiktok":
        q = [_fmt_int(views * f) for f in (0.8, 0.6, 0.45)]
        return [f"{vid}-tiktok", str(imp), str(clicks), str(conv), f"{cost:.2f}", str(views), *q, str(done)]
    if fmt == "meta":
        return [f"spring | {vid} | reels", day, _fmt_int(imp), _fmt_int(clicks), str(conv), str(done),
                f"${cost:,.2f}"]
    return [vid, str(imp), str(clicks), str(conv), f"{cost:.2f}", str(views), str(done)]


def _encode(lines: list[list[str]], fmt: str) -> bytes:
    delim = "\t" if fmt == "tiktok" else ","
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\r\n").writerows(lines)
    text = buf.getvalue()
    return {"douyin": lambda: text.encode("gbk"), "tiktok": lambda: text.encode("utf-16"),
            "meta": lambda: text.encode("utf-8-sig"), "generic": lambda: text.encode("utf-8")}[fmt]()
