"""The studio's job table on disk (SQLite): jobs survive a restart; a render that was killed is queued again.

A row is a job (one brief made) or a campaign (its variants made by `genvideo batch`'s run_campaign); both
wait in the same queue and run on the same workers.

Storage faults are expected, not fatal: a table another process holds locked is retried with backoff (up to
wait_s, or a call's own wait_s); anything else (read-only, disk full, corrupt) raises StoreUnavailable with what
happened, for the API to answer 503 and the workers to wait and try again."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import closing, nullcontext
from pathlib import Path

STATUSES = ("queued", "running", "done", "failed")
KINDS = ("job", "campaign")
ADDED_COLUMNS = {"kind": "TEXT NOT NULL DEFAULT 'job'", "options": "TEXT"}   # columns newer than the first table
TRANSIENT = ("locked", "busy")      # SQLITE_BUSY / SQLITE_LOCKED: another connection holds the table for now


class StoreUnavailable(Exception):
    """The job table cannot be read or written now (locked for too long, read-only, disk full, damaged)."""


class JobStore:
    """One SQLite file; every call opens its own connection (threads and the event loop share the store)."""

    def __init__(self, path: Path, wait_s: float = 10.0):
        self.path = Path(path)
        self.wait_s = wait_s
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreUnavailable(f"the job table's folder cannot be created ({e.strerror})") from None

        def create(db):
            db.execute("""CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, created REAL, updated REAL, status TEXT, draft INTEGER, title TEXT,
                folder TEXT, stage TEXT, progress REAL, error TEXT, report TEXT)""")
            have = {r["name"] for r in db.execute("PRAGMA table_info(jobs)")}
            for name, decl in ADDED_COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {decl}")

        self._run(create)

    def _run(self, work: Callable[[sqlite3.Connection], object], wait_s: float | None = None, write: bool = False):
        """work(connection), retried with backoff while the table is locked by another connection."""
        deadline = time.monotonic() + (self.wait_s if wait_s is None else wait_s)
        delay = 0.02
        while True:
            try:
                left = max(0.0, deadline - time.monotonic())
                with self._lock if write else nullcontext(), closing(self._db(left)) as db:
                    return work(db)
            except sqlite3.OperationalError as e:
                if any(t in str(e) for t in TRANSIENT) and time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
                    continue
                raise StoreUnavailable(f"the job table cannot be {'written' if write else 'read'} ({e})") from None
            except sqlite3.DatabaseError as e:
                raise StoreUnavailable(f"the job table cannot be {'written' if write else 'read'} ({e})") from None

    def _db(self, timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=min(timeout, 1.0), isolation_level=None)
        db.row_factory = sqlite3.Row
        return db

    def recover(self) -> int:
        """After a restart: renders that were running when the server stopped are queued again."""
        return self._run(lambda db: db.execute("UPDATE jobs SET status='queued', stage='queued again after a "
                                               "restart', progress=NULL WHERE status='running'").rowcount, write=True)

    def add(self, folder: Path, title: str, draft: bool, job_id: str | None = None, kind: str = "job",
            options: dict | None = None, report: dict | None = None) -> str:
        """Queue a job or campaign; options are the make settings it was asked with (allow_claims...),
        report what is known of it before it starts."""
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
        job_id = job_id or uuid.uuid4().hex[:12]
        now = time.time()
        row = (job_id, now, now, "queued", int(draft), title, str(folder), "queued", kind, json.dumps(options or {}),
               json.dumps(report, ensure_ascii=False) if report else None)
        self._run(lambda db: db.execute("INSERT INTO jobs (id, created, updated, status, draft, title, folder, stage, "
                                        "kind, options, report) VALUES (?,?,?,?,?,?,?,?,?,?,?)", row), write=True)
        return job_id

    def claim(self) -> dict | None:
        """The oldest queued job, marked running (atomically, also against other processes), or None."""
        def work(db):
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT id FROM jobs WHERE status='queued' ORDER BY created LIMIT 1").fetchone()
                if row is not None:
                    db.execute("UPDATE jobs SET status='running', updated=?, stage='starting', progress=0 WHERE id=?",
                               (time.time(), row["id"]))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return row and row["id"]

        job_id = self._run(work, write=True)
        return self.get(job_id) if job_id else None

    def update(self, job_id: str, wait_s: float | None = None, **fields) -> None:
        if "report" in fields and fields["report"] is not None:
            fields["report"] = json.dumps(fields["report"], ensure_ascii=False)
        fields["updated"] = time.time()
        cols = ", ".join(f"{k}=?" for k in fields)
        self._run(lambda db: db.execute(f"UPDATE jobs SET {cols} WHERE id=?", (*fields.values(), job_id)),
                  wait_s=wait_s, write=True)

    def get(self, job_id: str) -> dict | None:
        row = self._run(lambda db: db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone())
        if row is None:
            return None
        out = dict(row)
        out["report"] = json.loads(out["report"]) if out["report"] else None
        out["options"] = json.loads(out["options"]) if out["options"] else {}
        out["draft"] = bool(out["draft"])
        return out

    def list(self, limit: int = 50, kind: str | None = None) -> list[dict]:
        """Newest first; only one kind when asked."""
        ids = self._run(lambda db: [r["id"] for r in db.execute(
            "SELECT id FROM jobs WHERE ? IS NULL OR kind=? ORDER BY created DESC LIMIT ?", (kind, kind, limit))])
        return [j for j in (self.get(i) for i in ids) if j]

    def count(self, status: str) -> int:
        """Rows in one status, jobs and campaigns together (they share the queue)."""
        return self._run(lambda db: db.execute("SELECT COUNT(*) FROM jobs WHERE status=?", (status,)).fetchone()[0])

    def rows(self) -> list[dict]:
        """(id, kind, status, folder) of every row, for the start-up sweep."""
        return self._run(lambda db: [dict(r) for r in db.execute("SELECT id, kind, status, folder FROM jobs")])

