"""The studio's API docs at /docs: one plain HTML page made here from the app's own OpenAPI schema (every route
with its method, parameters, request fields and responses), with no script and nothing loaded from anywhere, so
it reads the same offline and under the studio's strictest CSP."""

from __future__ import annotations

import html
import re

CSS = """
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Noto Sans CJK SC",sans-serif;color:#1d1d1f;background:#f5f5f7}
header,main{max-width:980px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px}
h3{font-size:13px;margin:14px 0 6px;color:#6e6e73;text-transform:uppercase;letter-spacing:.04em}
h3 code{text-transform:none;letter-spacing:0}
p{margin:6px 0}
.muted{color:#6e6e73;font-size:13px}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#ececf0;border-radius:4px;padding:1px 4px}
nav ul{list-style:none;padding:0;margin:8px 0;columns:2;column-gap:24px;font-size:13px}
nav li{margin:2px 0;break-inside:avoid}
nav a,.op h2 a{text-decoration:none;color:inherit}
section.op{background:#fff;border:1px solid #d2d2d7;border-radius:12px;padding:14px 18px;margin:14px 0}
.op h2{margin:0;font-size:16px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.op h2 .summary{font-weight:400;color:#6e6e73;font-size:14px}
.method{font:700 12px ui-monospace,monospace;color:#fff;border-radius:5px;padding:2px 7px;background:#6e6e73}
.method.get{background:#1e6fd9}.method.post{background:#1e7d32}.method.delete{background:#c8102e}
.path{font:600 15px ui-monospace,monospace}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;vertical-align:top;padding:5px 10px 5px 0;border-top:1px solid #eee}
th{font-weight:600;color:#6e6e73;font-size:12px}
td.name{font:600 13px ui-monospace,monospace;white-space:nowrap}
td.type{font:12.5px ui-monospace,monospace;color:#444;white-space:nowrap}
.req{color:#c8102e;font-size:11px;font-weight:600;margin-left:4px}
footer{max-width:980px;margin:24px auto;padding:0 24px 32px}
"""

ERRORS = [
    ("400", "the brief, words, campaign or an upload is not acceptable; `detail` says which field and why"),
    ("401", "the studio has an access token and the call did not send it (Authorization: Bearer, ?token= or the "
            "page's cookie)"),
    ("403", "a change (POST) sent by another web site"),
    ("404", "no such job, campaign, variant, voice or file"),
    ("409", "the job or campaign has not finished (its zip)"),
    ("413", "the request is larger than the studio's limits (see `limits` in GET /api/schema)"),
    ("429", "the queue is full; try again later"),
    ("503", "the job table is busy or a voice cannot be made now; try again in a moment"),
]


def _e(text: object) -> str:
    return html.escape(str(text))


def _ref(schema: dict, spec: dict) -> dict:
    """The schema a $ref names (only local #/components/... references exist in FastAPI's output)."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        node: object = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        schema, seen = node if isinstance(node, dict) else {}, seen + 1
    return schema if isinstance(schema, dict) else {}


def type_text(schema: dict, spec: dict) -> str:
    """A field's type in a few words: string, file, boolean, array of file, file or string, object..."""
    if "$ref" in schema:
        target = _ref(schema, spec)
        return target.get("title") or schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema or "oneOf" in schema:
        parts = [type_text(s, spec) for s in schema.get("anyOf") or schema.get("oneOf")]
        parts = [p for p in dict.fromkeys(parts) if p != "null"]
        return " or ".join(parts) or "null"
    kind = schema.get("type")
    if kind == "string" and (schema.get("format") == "binary" or "contentMediaType" in schema):
        return "file"
    if kind == "array":
        return f"array of {type_text(schema.get('items') or {}, spec)}"
    if isinstance(kind, list):
        return " or ".join(k for k in kind if k != "null")
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return kind or "any"


def _field_rows(schema: dict, spec: dict) -> list[tuple[str, str, bool, str]]:
    """(name, type, required, description with its default) for each property of an object schema."""
    schema = _ref(schema, spec)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        text = prop.get("description") or ""
        if "default" in prop and prop["default"] not in (None, [], ""):
            text = f"{text} Default: {str(prop['default']).lower() if isinstance(prop['default'], bool) else prop['default']}."
        rows.append((name, type_text(prop, spec), name in required, text.strip()))
    return rows


def _table(head: tuple[str, ...], rows: list[str]) -> str:
    return (f"<table><tr>{''.join(f'<th>{_e(h)}</th>' for h in head)}</tr>{''.join(rows)}</table>" if rows
            else "")


def _anchor(method: str, path: str) -> str:
    return f"{method}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')}"


def _operation(method: str, path: str, op: dict, spec: dict) -> str:
    parts = [f'<section class="op" id="{_anchor(method, path)}"><h2><a href="#{_anchor(method, path)}">'
             f'<span class="method {method}">{method.upper()}</span> <span class="path">{_e(path)}</span></a>'
             f'<span class="summary">{_e(op.get("summary", ""))}</span></h2>']
    if op.get("description"):
        parts.append("".join(f"<p>{_e(p)}</p>" for p in op["description"].split("\n\n")))
    params = [f'<tr><td class="name">{_e(p["name"])}{"<span class=req>required</span>" if p.get("required") else ""}'
              f'</td><td>{_e(p.get("in", ""))}</td><td class="type">{_e(type_text(p.get("schema") or {}, spec))}</td>'
              f'<td>{_e(p.get("description", ""))}</td></tr>' for p in op.get("parameters", [])]
    if params:
        parts.append("<h3>Parameters</h3>" + _table(("name", "in", "type", "what it is"), params))
    body = op.get("requestBody")
    if body:
        for ctype, content in (body.get("content") or {}).items():
            rows = [f'<tr><td class="name">{_e(n)}{"<span class=req>required</span>" if req else ""}</td>'
                    f'<td class="type">{_e(t)}</td><td>{_e(d)}</td></tr>'
                    for n, t, req, d in _field_rows(content.get("schema") or {}, spec)]
            parts.append(f"<h3>Request body · <code>{_e(ctype)}</code></h3>"
                         + (_table(("field", "type", "what it is"), rows) or
                            f"<p>{_e(type_text(content.get('schema') or {}, spec))}</p>"))
    answers = []
    for code, res in (op.get("responses") or {}).items():
        kinds = ", ".join(f"{c} ({type_text(v.get('schema') or {}, spec)})" if c == "application/json" else c
                          for c, v in (res.get("content") or {}).items())
        answers.append(f'<tr><td class="name">{_e(code)}</td><td>{_e(res.get("description", ""))}</td>'
                       f'<td class="type">{_e(kinds)}</td></tr>')
    parts.append("<h3>Responses</h3>" + _table(("status", "meaning", "content"), answers))
    parts.append("</section>")
    return "".join(parts)


def docs_page(spec: dict, unlisted: list[tuple[str, str, str]] = ()) -> str:
    """The whole page for an OpenAPI schema. unlisted: (method, path, what it is) for the routes the schema leaves
    out (the page, files, these docs)."""
    info = spec.get("info", {})
    ops = [(method, path, op) for path, methods in spec.get("paths", {}).items()
           for method, op in methods.items() if isinstance(op, dict)]
    toc = "".join(f'<li><a href="#{_anchor(m, p)}"><span class="method {m}">{m.upper()}</span> <code>{_e(p)}</code>'
                  f"</a> {_e(op.get('summary', ''))}</li>" for m, p, op in ops)
    others = _table(("method", "path", "what it is"),
                    [f'<tr><td class="name">{_e(m)}</td><td class="name">{_e(p)}</td><td>{_e(d)}</td></tr>'
                     for m, p, d in unlisted])
    errors = _table(("status", "when"), [f'<tr><td class="name">{c}</td><td>{_e(w)}</td></tr>' for c, w in ERRORS])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{_e(info.get("title", "API"))} — API</title><style>{CSS}</style></head>
<body><header><h1>{_e(info.get("title", "API"))} API <span class="muted">version {_e(info.get("version", ""))}</span></h1>
<p>{_e(info.get("description", ""))}</p>
<p class="muted">Every call answers JSON unless it says otherwise; an error is <code>{{"detail": "..."}}</code>. When the
studio has an access token, send it as <code>Authorization: Bearer &lt;token&gt;</code> (or <code>?token=</code>).
Forms are sent as <code>multipart/form-data</code>, e.g. <code>curl -F brief=@product.json -F images=@coffee.png
-F draft=true http://127.0.0.1:8765/api/jobs</code>. The same schema as JSON: <a href="openapi.json">openapi.json</a>.</p>
<nav><ul>{toc}</ul></nav></header>
<main>{"".join(_operation(m, p, op, spec) for m, p, op in ops)}
<h2>Errors</h2>{errors}
<h2>Also served</h2>{others}</main>
<footer class="muted">Made by the studio from its own OpenAPI schema; this page loads nothing else.</footer>
</body></html>
"""
