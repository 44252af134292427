"""Kokoro's phoneme durations as a model output.

The packaged Kokoro ONNX graph computes how many frames each phoneme lasts (the duration predictor's
rounded output, which already includes the speed) but exports only the audio. Adding that tensor as a
graph output named `duration` is a plain graph edit: one Identity node and one output entry appended to
the graph. kokoro-onnx then reports when every phoneme is spoken (Kokoro.create_timed). The edit is done
once on the protobuf wire format (no onnx package needed) and the edited model is kept in the user cache,
named by the source model's SHA-256, so a changed source model is edited again.

Finding the tensor: it is the int64 result of Div(predicted frames, speed) -> Round -> Clip -> Cast.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

DURATION_OUTPUT = "duration"
EDIT_VERSION = 1          # bump when the edit changes, so cached models are made again
_LEN, _VARINT = 2, 0      # protobuf wire types
_MODEL_GRAPH = 7          # ModelProto.graph
_GRAPH_NODE, _GRAPH_OUTPUT = 1, 12                    # GraphProto.node, GraphProto.output
_NODE_INPUT, _NODE_OUTPUT, _NODE_NAME, _NODE_OP = 1, 2, 3, 4
_INT64 = 7                # TensorProto.INT64


def cache_dir() -> Path:
    """Where edited models are kept: $XDG_CACHE_HOME/genvideo/kokoro (default ~/.cache/genvideo/kokoro)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "genvideo" / "kokoro"


def _varint(buf: bytes | memoryview, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def _encode_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def _fields(buf: memoryview, start: int, end: int):
    """(field number, header start, payload start, payload end) of each field of one message."""
    i = start
    while i < end:
        key, j = _varint(buf, i)
        num, wire = key >> 3, key & 7
        if wire == _VARINT:
            _, k = _varint(buf, j)
            yield num, i, j, k
        elif wire == 1:
            k = j + 8
            yield num, i, j, k
        elif wire == 5:
            k = j + 4
            yield num, i, j, k
        elif wire == _LEN:
            n, j = _varint(buf, j)
            k = j + n
            yield num, i, j, k
        else:
            raise ValueError(f"unsupported protobuf wire type {wire} at byte {i}")
        i = k


def _field(num: int, payload: bytes) -> bytes:
    return _encode_varint(num << 3 | _LEN) + _encode_varint(len(payload)) + payload


def _duration_tensor(nodes: list[tuple[str, list[str], list[str]]]) -> str:
    """Name of the int64 per-phoneme frame counts: Div(.., speed) -> Round -> Clip -> Cast."""
    consumers: dict[str, list[tuple[str, list[str], list[str]]]] = {}
    for node in nodes:
        for name in node[1]:
            consumers.setdefault(name, []).append(node)
    for op, _, outputs in consumers.get("speed", []):
        if op != "Div":
            continue
        tensor = outputs[0]
        for want in ("Round", "Clip", "Cast"):
            nxt = [n for n in consumers.get(tensor, []) if n[0] == want]
            if len(nxt) != 1:
                break
            tensor = nxt[0][2][0]
        else:
            return tensor
    raise ValueError("no Div(speed) -> Round -> Clip -> Cast chain in the graph: not a Kokoro export this edit knows")


def add_duration_output(model: bytes) -> bytes:
    """The serialised ONNX model with the phoneme-duration tensor added as output `duration` (int64)."""
    buf = memoryview(model)
    graph = next(((h, s, e) for num, h, s, e in _fields(buf, 0, len(buf)) if num == _MODEL_GRAPH), None)
    if graph is None:
        raise ValueError("not an ONNX model: no graph")
    head, start, end = graph
    nodes, outputs = [], []
    for num, _, s, e in _fields(buf, start, end):
        if num == _GRAPH_NODE:
            op, ins, outs = "", [], []
            for n2, _, s2, e2 in _fields(buf, s, e):
                if n2 == _NODE_INPUT:
                    ins.append(bytes(buf[s2:e2]).decode())
                elif n2 == _NODE_OUTPUT:
                    outs.append(bytes(buf[s2:e2]).decode())
                elif n2 == _NODE_OP:
                    op = bytes(buf[s2:e2]).decode()
            nodes.append((op, ins, outs))
        elif num == _GRAPH_OUTPUT:
            outputs += [bytes(buf[s2:e2]).decode() for n2, _, s2, e2 in _fields(buf, s, e) if n2 == 1]
    if DURATION_OUTPUT in outputs:
        raise ValueError(f"the model already has an output named {DURATION_OUTPUT!r}")
    tensor = _duration_tensor(nodes)
    node = (_field(_NODE_INPUT, tensor.encode()) + _field(_NODE_OUTPUT, DURATION_OUTPUT.encode())
            + _field(_NODE_NAME, b"genvideo/duration_output") + _field(_NODE_OP, b"Identity"))
    tensor_type = _encode_varint(1 << 3 | _VARINT) + _encode_varint(_INT64)       # TypeProto.Tensor.elem_type
    value_info = _field(1, DURATION_OUTPUT.encode()) + _field(2, _field(1, tensor_type))
    added = _field(_GRAPH_NODE, node) + _field(_GRAPH_OUTPUT, value_info)
    graph_len = _encode_varint(end - start + len(added))
    return b"".join([buf[:head], _encode_varint(_MODEL_GRAPH << 3 | _LEN), graph_len, buf[start:end], added,
                     buf[end:]])


def timed_model(source: Path, folder: Path | None = None) -> Path:
    """The source model with the duration output, made once and kept in the cache under the source's hash.

    Raises ValueError when the graph is not one this edit knows, OSError when the cache cannot be written.
    """
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = folder or cache_dir()
    out = folder / f"{source.stem}.{digest}.durations-v{EDIT_VERSION}.onnx"
    if out.is_file() and out.stat().st_size > len(data):
        return out
    edited = add_duration_output(data)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{out.name}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(edited)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    for stale in folder.glob(f"{source.stem}.*.durations-v*.onnx"):
        if stale != out:
            stale.unlink(missing_ok=True)          # an older source or edit: never read again
    return out
