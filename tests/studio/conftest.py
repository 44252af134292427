"""One studio server for the session (its stage cache warms once for every test that makes videos)."""

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
