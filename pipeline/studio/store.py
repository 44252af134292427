"""The studio's job table on disk (SQLite): jobs survive a restart; a render that was killed is queued again.

A row is a job (one brief made) or a campaign (its variants made by `genvideo batch`'s run_campaign); both
wait in the same queue and run on the same workers."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

STATUSES = ("queued", "running", "done", "failed")
KINDS = ("job", "campaign")
ADDED_COLUMNS = {"kind": "TEXT NOT NULL DEFAULT 'job'", "options": "TEXT"}   # columns newer than the first table


class JobStore:
    """One SQLite file; every call opens its own connection (threads and the event loop share the store)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._db() as db:
            db.execute("""CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, created REAL, updated REAL, status TEXT, draft INTEGER, title TEXT,
                folder TEXT, stage TEXT, progress REAL, error TEXT, report TEXT)""")
            have = {r["name"] for r in db.execute("PRAGMA table_info(jobs)")}
            for name, decl in ADDED_COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {decl}")

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        return db

    def recover(self) -> int:
        """After a restart: renders that were running when the server stopped are queued again."""
        with self._lock, self._db() as db:
            return db.execute("UPDATE jobs SET status='queued', stage='queued again after a restart', "
                              "progress=NULL WHERE status='running'").rowcount

    def add(self, folder: Path, title: str, draft: bool, job_id: str | None = None, kind: str = "job",
            options: dict | None = None, report: dict | None = None) -> str:
        """Queue a job or campaign; options are the make settings it was asked with (allow_claims...),
        report what is known of it before it starts."""
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
        job_id = job_id or uuid.uuid4().hex[:12]
        now = time.time()
        with self._lock, self._db() as db:
            db.execute("INSERT INTO jobs (id, created, updated, status, draft, title, folder, stage, kind, options, "
                       "report) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (job_id, now, now, "queued", int(draft), title, str(folder), "queued", kind,
                        json.dumps(options or {}), json.dumps(report, ensure_ascii=False) if report else None))
        return job_id

    def claim(self) -> dict | None:
        """The oldest queued job, marked running (atomically), or None."""
        with self._lock, self._db() as db:
            row = db.execute("SELECT * FROM jobs WHERE status='queued' ORDER BY created LIMIT 1").fetchone()
            if row is None:
                return None
            db.execute("UPDATE jobs SET status='running', updated=?, stage='starting', progress=0 WHERE id=?",
                       (time.time(), row["id"]))
            return self.get(row["id"])

    def update(self, job_id: str, **fields) -> None:
        if "report" in fields and fields["report"] is not None:
            fields["report"] = json.dumps(fields["report"], ensure_ascii=False)
        fields["updated"] = time.time()
        cols = ", ".join(f"{k}=?" for k in fields)
        with self._lock, self._db() as db:
            db.execute(f"UPDATE jobs SET {cols} WHERE id=?", (*fields.values(), job_id))

    def get(self, job_id: str) -> dict | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["report"] = json.loads(out["report"]) if out["report"] else None
        out["options"] = json.loads(out["options"]) if out["options"] else {}
        out["draft"] = bool(out["draft"])
        return out

    def list(self, limit: int = 50, kind: str | None = None) -> list[dict]:
        """Newest first; only one kind when asked."""
        with self._db() as db:
            ids = [r["id"] for r in db.execute("SELECT id FROM jobs WHERE ? IS NULL OR kind=? ORDER BY created DESC "
                                               "LIMIT ?", (kind, kind, limit))]
        return [j for j in (self.get(i) for i in ids) if j]

    def count(self, status: str) -> int:
        """Rows in one status, jobs and campaigns together (they share the queue)."""
        with self._db() as db:
            return db.execute("SELECT COUNT(*) FROM jobs WHERE status=?", (status,)).fetchone()[0]
