"""Headless Chromium driven through the DevTools protocol, with the standard library only.

Chromium's ``--remote-debugging-pipe`` speaks the protocol over file descriptors
3 (commands in) and 4 (replies and events out), one JSON message per NUL byte:
no WebSocket client, no extra package. Used by the phone-viewport test and by
docs/screenshots/make_screenshots.py.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any


class Browser:
    """One headless Chromium and one page in it."""

    def __init__(self, profile: Path, timeout: float = 60.0) -> None:
        self.timeout = timeout
        commands_r, commands_w = os.pipe()
        replies_r, replies_w = os.pipe()
        # Out of the way of 3 and 4, which the child's copies must take.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_r, replies_w)]
        for fd in (commands_r, replies_w):
            os.close(fd)

        def wire() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in high:
            os.close(fd)
        self._out, self._in = commands_w, replies_r
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def _message(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        request: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            request["sessionId"] = self.session
        os.write(self._out, json.dumps(request).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                answer: dict[str, Any] = message["result"]
                return answer
            self._events.append(message)

    def wait_for(self, event: str) -> None:
        while True:
            if any(e.get("method") == event for e in self._events):
                self._events = [e for e in self._events if e.get("method") != event]
                return
            self._events.append(self._message())

    def open(self, url: str, width: int, height: int, mobile: bool = False) -> None:
        """Load ``url`` in a viewport ``width`` × ``height`` CSS pixels."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"])
        return reply["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        reply = self.call(
            "Page.captureScreenshot", session=True, format="png", captureBeyondViewport=full_page
        )
        path.write_bytes(base64.b64decode(reply["data"]))

    def print_pdf(self, path: Path) -> None:
        """The page printed as the browser prints it (its @page rules: A4 landscape)."""
        reply = self.call("Page.printToPDF", session=True, preferCSSPageSize=True)
        path.write_bytes(base64.b64decode(reply["data"]))

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        os.close(self._out)
        os.close(self._in)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: What a reader sees: the page's width against the viewport's, and the rendered
#: font size (CSS size × the SVG's scale) of every visible element holding text.
LAYOUT_PROBE = """(() => {
  const sizes = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.tagName === 'title') continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size = size * (m ? Math.hypot(m.a, m.b) : 1);
    }
    sizes.push({tag: el.tagName, text: el.textContent.trim().slice(0, 24),
                size: Math.round(size * 10) / 10});
  }
  const root = document.documentElement;
  const box = document.querySelector('#attention').parentElement;
  return {viewport: window.innerWidth, page: root.scrollWidth,
          body: document.body.scrollWidth, sizes: sizes,
          tableBox: box ? {client: box.clientWidth, scroll: box.scrollWidth} : null};
})()"""
