"""One studio server for the session (its stage cache warms once for every test that makes videos), and
in-process servers for the tests that render nothing."""

import threading
import time
from contextlib import contextmanager

import pytest

from tests.studio.cdp import free_port
from tests.studio.test_studio import kill, start_server


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("studio")
    port = free_port()
    proc = start_server(out, port)
    yield f"http://127.0.0.1:{port}", out
    kill(proc)


@contextmanager
def serving(app):
    """Serve an ASGI app on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    while not srv.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(timeout=30)
