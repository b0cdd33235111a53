"""A receipt printer stand-in: a local TCP socket that keeps every byte sent to it, and a decoder.

No pytest import: the UI tests and the integration tests both use it.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field


@dataclass
class StandInPrinter:
    """Listens on 127.0.0.1 and records each connection's bytes (one job per connection)."""

    jobs: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._done = threading.Event()
        self._received = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                conn, _addr = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
            with self._received:
                self.jobs.append(b"".join(chunks))
                self._received.notify_all()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[bytes]:
        with self._received:
            self._received.wait_for(lambda: len(self.jobs) >= count, timeout)
        return list(self.jobs)

    def close(self) -> None:
        self._done.set()
        self._thread.join(2)
        self._server.close()


ESC_ARGS = {"@": 0, "!": 1, "E": 1, "a": 1, "t": 1, "-": 1, "M": 1, "{": 1, "d": 1, "G": 1, "p": 3}
GS_ARGS = {"b": 1, "B": 1, "V": 1, "h": 1, "w": 1, "f": 1, "H": 1, "!": 1, "L": 2}


@dataclass
class Decoded:
    """What a printer makes of the bytes: the printed lines and the commands, in order."""

    lines: list[str]
    commands: list[str]  # "cut", "kick pin 2", "barcode 20417", "image 512x80", "bold on", ...

    @property
    def actions(self) -> list[str]:
        """The commands that move paper or the drawer: image, barcode, cut, kick (no styles)."""
        return [c for c in self.commands if not c.startswith("bold")]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def decode(data: bytes) -> Decoded:
    """Walk the ESC/POS stream as a printer does; an unknown command fails the test."""
    lines: list[str] = []
    commands: list[str] = []
    current = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            lines.append(current.decode("cp437"))
            current = bytearray()
            i += 1
        elif byte in (0x1B, 0x1D):
            i = _command(data, i, commands)
        else:
            current.append(byte)
            i += 1
    if current:
        lines.append(current.decode("cp437"))
    return Decoded(lines, commands)


def _command(data: bytes, i: int, commands: list[str]) -> int:
    prefix, name = data[i], chr(data[i + 1])
    if prefix == 0x1B:
        if name not in ESC_ARGS:
            raise AssertionError(f"unknown ESC {name!r} at {i}")
        args = data[i + 2 : i + 2 + ESC_ARGS[name]]
        if name == "p":
            commands.append(f"kick pin {2 if args[0] == 0 else 5}")
        elif name == "E":
            commands.append("bold on" if args[0] else "bold off")
        return i + 2 + ESC_ARGS[name]
    if name == "V":
        commands.append("cut")
        return i + 3
    if name == "k":
        length = data[i + 3]
        commands.append("barcode " + data[i + 4 : i + 4 + length].decode("ascii"))
        return i + 4 + length
    if name == "v":  # GS v 0 m xL xH yL yH d1...dk: a raster image
        width_bytes, height = data[i + 4] + 256 * data[i + 5], data[i + 6] + 256 * data[i + 7]
        commands.append(f"image {width_bytes * 8}x{height}")
        return i + 8 + width_bytes * height
    if name not in GS_ARGS:
        raise AssertionError(f"unknown GS {name!r} at {i}")
    return i + 2 + GS_ARGS[name]
