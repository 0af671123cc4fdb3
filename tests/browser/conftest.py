"""Browser tests: Debian's chromium, driven by Playwright for Python, against a real server.

Each test module gets its own uvicorn server, in a background thread on a free 127.0.0.1 port,
over a fresh SQLite ledger file with one account per role. SQLite only: the storage layer is
tested on SQLite and PostgreSQL elsewhere; here the subject is what the browser does with the
pages. Chromium starts once per test run; each test gets a fresh browser context. Tests that
are not about logging in start from the cookies of a login made through the form once per
module and user (``signed_in``), which spares a password hash per test.

The ``page`` and ``browse`` fixtures watch everything a page does and fail the test when

- a request goes anywhere but the test server (the pages must work offline: no CDN);
- a script error happens, or the console reports an error (a Content-Security-Policy
  violation is one), unless the test said it expects that status code;
- a dialog (``alert``) opens.

Screenshots of every page visited go to ``$POLON_SCREENSHOTS`` when set, else to a temporary
folder; the folder is printed in the summary at the end of the run.

CI installs Debian's ``chromium`` package; where ``/usr/bin/chromium`` is missing these tests
are skipped. Never run ``playwright install``: the browser it downloads is not the one we test.
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from playwright.sync_api import sync_playwright

from polon.cli import examples_folder
from polon.ledger import Ledger
from polon.ledger.accounts import add_user
from polon.ledger.db import transaction
from polon.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

EXAMPLES = examples_folder()
NV_SEED = EXAMPLES / "000_d73107fb2a416f50.txt"  # The New Voice of Ukraine, 32 claims
KI_SEED = EXAMPLES / "003_9316b3fbb6d58c58.txt"  # The Kyiv Independent, 12 claims

PASSWORD = "correct horse battery"
MARKUP_USER = '<b>Eve</b><script>window.__pwned=1</script>"><img src=x onerror=alert(1)>'
USERS = {
    "admin": "admin",
    "editor": "editor",
    "editor2": "editor",
    "viewer": "viewer",
    MARKUP_USER: "editor",
}

_SCREENSHOTS = pytest.StashKey[Path]()


# the browser --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (CI does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir(request, tmp_path_factory) -> Path:
    configured = os.environ.get("POLON_SCREENSHOTS")
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("screenshots")
    request.config.stash[_SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(_SCREENSHOTS, None)
    if folder is not None:
        count = len(list(folder.glob("*.png")))
        terminalreporter.write_line(f"browser screenshots ({count}): {folder}")


# the server ---------------------------------------------------------------------------------
@dataclass
class LiveServer:
    url: str
    ledger: Ledger
    passwords: dict[str, str] = field(default_factory=dict)


def _start(app) -> tuple[uvicorn.Server, threading.Thread, str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # bound before the server starts: no race for the port
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh ledger with one account per role (and one named with markup), served."""
    path = tmp_path_factory.mktemp("ledger") / "ledger.db"
    ledger = Ledger(f"sqlite:///{path}")
    ledger.init()
    with transaction(ledger._sessions) as session:
        for name, role in USERS.items():
            add_user(session, name, role, PASSWORD, None)
    uvicorn_server, thread, url = _start(create_app(ledger))
    try:
        yield LiveServer(url, ledger, dict.fromkeys(USERS, PASSWORD))
    finally:
        uvicorn_server.should_exit = True
        thread.join(10)
        ledger.close()


# the page, watched --------------------------------------------------------------------------
_FAILED_LOAD = re.compile(r"status of (\d{3})")


class Watch:
    """What a page did that a test must not let pass unnoticed."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.expected_statuses: set[int] = set()

    def attach(self, page) -> None:
        page.on("request", self.request)
        page.on("console", self.console)
        page.on("pageerror", self.page_error)
        page.on("dialog", self.dialog)

    def request(self, request) -> None:
        self.requests.append(request.url)

    def console(self, message) -> None:
        if message.type != "error":
            return
        failed = _FAILED_LOAD.search(message.text)
        where = message.location.get("url", "")
        if failed and int(failed.group(1)) in self.expected_statuses:
            return  # "Failed to load resource: … status of 403": the test asked for it
        if failed and failed.group(1) == "404" and where.endswith("/favicon.ico"):
            return  # chromium asks for /favicon.ico by itself, and the app serves none
        self.errors.append(f"console: {message.text} at {where}")

    def page_error(self, error) -> None:
        self.errors.append(f"pageerror: {error}")

    def dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def expect_status(self, *statuses: int) -> None:
        """The test will load pages answering these statuses; the console may say so."""
        self.expected_statuses.update(statuses)

    def foreign(self) -> list[str]:
        own = self.base_url + "/"
        return [u for u in self.requests if not (u.startswith(own) or u.startswith("data:"))]

    def assert_clean(self) -> None:
        assert self.foreign() == [], "requests left the test server"
        assert self.errors == [], "script errors or console errors"
        assert self.dialogs == [], "a dialog opened"


_TAKEN = itertools.count(1)


class Shots:
    """Full-page screenshots, numbered in the order taken, named by test and step."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder, self.prefix = folder, prefix

    def __call__(self, page, step: str, phone: bool = False) -> Path:
        """Screenshot the page as it is; with ``phone``, at 375×740 (then back to desktop)."""
        name = f"{next(_TAKEN):03d}-{self.prefix}-{step}{'-phone' if phone else ''}.png"
        path = self.folder / name
        if phone:
            page.set_viewport_size(PHONE)
        try:
            page.screenshot(path=str(path), full_page=True)
        finally:
            if phone:
                page.set_viewport_size(DESKTOP)
        return path


@pytest.fixture
def shot(request, screenshot_dir) -> Shots:
    name = re.sub(r"[^\w]+", "_", request.node.name).strip("_")
    return Shots(screenshot_dir, name)


def watched_page(browser, base_url: str, watch: Watch, **context_options):
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch.attach(page)
    return context, page


@pytest.fixture(scope="module")
def signed_in(chromium, server):
    """``signed_in(name)``: the browser state (cookies) of ``name`` logged in through the form,
    made once per module, so tests that are not about logging in skip the password hash."""
    states: dict[str, dict] = {}

    def state(name: str) -> dict:
        if name not in states:
            context = chromium.new_context(base_url=server.url)
            try:
                page = context.new_page()
                log_in(page, name)
                assert page.url == server.url + "/", f"{name} could not log in"
                states[name] = context.storage_state()
            finally:
                context.close()
        return states[name]

    return state


@pytest.fixture
def watch(server) -> Watch:
    return Watch(server.url)


@pytest.fixture
def browse(chromium, server, watch, signed_in):
    """``browse(user=None, **context_options)``: a page in a fresh browser context on the
    module's server, logged in as ``user`` if given, watched (see the module docstring).
    Every context is closed at the end of the test, and then the watch must be clean."""
    contexts = []

    def open_page(user: str | None = None, **options):
        if user is not None:
            options["storage_state"] = signed_in(user)
        context, page = watched_page(chromium, server.url, watch, **options)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()
    watch.assert_clean()


@pytest.fixture
def page(browse):
    """A watched page, not logged in."""
    return browse()


# steps several tests take -------------------------------------------------------------------
def log_in(page, name: str, password: str = PASSWORD, next_path: str = "/") -> None:
    page.goto("/login?next=" + quote(next_path, safe="/"))
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def upload(page, *files, navigate: bool = True) -> None:
    """Send files through the Upload page's form (its script posts them with XHR) and wait for
    one result row per file."""
    if navigate:
        page.goto("/upload")
    page.set_input_files("input[type=file]", list(files))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#results tbody tr').length === n "
        "&& !document.getElementById('results').hidden",
        arg=len(files),
    )


def search(page, name: str) -> None:
    """Search persons with the form on the Persons page (the page must be open)."""
    page.get_by_label("Name").fill(name)
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
