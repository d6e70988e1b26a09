"""A bounded load test of ``cybernorms serve`` on loopback, run by hand.

    cybernorms loadtest --clients 50 --duration 30
    cybernorms loadtest --clients 50 --duration 30 --runaways 10

Starts a server on a free loopback port (or uses ``--url``, which must be a loopback
address), then ``--clients`` clients each run the named queries one after another, with
their default parameters, for ``--duration`` seconds; ``--runaways`` more clients each
keep one runaway query (a four-way cross join of the whole dataset) in flight for the
same time. It prints, and with ``--json FILE`` writes, the throughput and the latency
percentiles of the named queries, the runaways' outcomes, and the server's CPU use
(server and query processes together) sampled each second during the run and for
``--settle`` seconds after it, so that one can see it fall back to idle once the last
runaway has timed out. Everything is bounded: the clients stop at the deadline and the
server it started is stopped at the end.

    cybernorms loadtest --attack runaways --attackers 60 --phase 10

``--attack`` runs one attack mix instead: four probe clients run a quick query for
``--phase`` seconds alone (before), then with ``--attackers`` attacking clients (during),
then alone again once the attack has stopped (after); the attackers connect from another
loopback address (127.0.0.2), as another client would. The mixes: ``bomb`` (1 MB
prefixed-name bombs, ``ASK {} a.a.a.…``), ``runaways`` (each attacker repeats its own
runaway query), ``crash`` (each repeats a query that overflowed the engine's stack:
3,000 nested groups) and ``idle`` (the attackers hold ``attackers × 5`` idle connections).
The report gives each phase's probe requests/s, p50 and p99, the attack's answers, the
seconds until the pool was back at its idle size, and the CPU after.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from ipaddress import ip_address
from urllib.parse import urlencode, urlsplit

__all__ = ["AttackReport", "LoadTestOptions", "Phase", "Report", "bounds_problem", "report_json", "run",
           "run_attack", "run_sync"]

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PROBE = "ASK { ?s ?p ?o }"
ATTACKS = ("bomb", "runaways", "crash", "idle")
ATTACKER_ADDRESS = "127.0.0.2"


@dataclass(frozen=True)
class LoadTestOptions:
    """What one run does: the server (``url``, or one started with ``store``, ``workers``,
    ``timeout`` and ``server_arg``), the clients and runaways, and how long it measures."""

    url: str | None = None
    store: str | None = None
    workers: int = 0
    timeout: float = 10.0
    server_arg: tuple[str, ...] = ()
    clients: int = 50
    duration: float = 30.0
    runaways: int = 0
    settle: float = 15.0
    heavy_ms: float = 100.0
    exclude: tuple[str, ...] = ()
    simple_only: bool = False
    attack: str | None = None
    attackers: int = 8
    phase: float = 10.0
    sparql_path: str | None = None


def bounds_problem(options: LoadTestOptions) -> str | None:
    """Why a run is refused (unbounded), or None: every run is bounded in time and load."""
    if options.attack is not None and (options.attack not in ATTACKS or not 0 < options.attackers <= 100
                                       or not 0 < options.phase <= 120):
        return f"--attack is one of {', '.join(ATTACKS)}, with --attackers <= 100 and --phase <= 120 s"
    if 0 < options.duration <= 600 and 0 < options.clients <= 500 and 0 <= options.runaways <= 100:
        return None
    return "bounded runs only: duration <= 600 s, clients <= 500, runaways <= 100"


@dataclass
class Report:
    """What one run measured."""

    clients: int
    runaways: int
    duration: float
    requests: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    throughput: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    runaway_outcomes: dict[str, int] = field(default_factory=dict)
    cpu_during: list[float] = field(default_factory=list)
    cpu_after: list[float] = field(default_factory=list)
    per_query_p50_ms: dict[str, float] = field(default_factory=dict)
    quiet_ms: dict[str, float] = field(default_factory=dict)
    heavy: list[str] = field(default_factory=list)
    simple_requests: int = 0
    simple_p50_ms: float = 0.0
    simple_p99_ms: float = 0.0
    # simple queries started once the first runaways had timed out (and were known):
    steady_p99_ms: float = 0.0


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"refusing to load-test {url}: only loopback addresses")


def _stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server :func:`_start_server` started: SIGTERM, then SIGKILL after 20 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _start_server(args: LoadTestOptions) -> tuple[str, subprocess.Popen[bytes]]:
    port = _free_port()
    command = [sys.executable, "-m", "cybernorms", "serve", "--port", str(port), "--log-level", "warning",
               "--timeout", str(args.timeout), "--quiet"]
    if args.store:
        command += ["--store", args.store]
    if args.workers:
        command += ["--workers", str(args.workers)]
    command += list(args.server_arg)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return f"http://127.0.0.1:{port}", process


class _Connection:
    """A minimal HTTP/1.1 keep-alive client: the load generator must cost far less than the server.

    (httpx's async client spends about as much CPU per request as the server does, and on a
    two-core machine the measurement would then be of the client.)
    """

    def __init__(self, base: str, source: str | None = None) -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.source = source
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str, timeout: float = 60.0, body: bytes | None = None) -> int:
        """GET ``target`` (POST ``body`` as a query, if given); return the status once the whole body is read."""
        for attempt in (0, 1):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, local_addr=(self.source, 0) if self.source else None)
            assert self.reader is not None
            try:
                method = "GET" if body is None else "POST"
                extra = "" if body is None else \
                    f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\n"
                self.writer.write(
                    f"{method} {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{extra}"
                    "Accept: application/sparql-results+json\r\n\r\n".encode() + (body or b"")
                )
                return await asyncio.wait_for(self._read(self.reader), timeout)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _read(self, reader: asyncio.StreamReader) -> int:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        close = chunked = False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
            elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        if chunked:  # a stock Oxigraph server streams its answers
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        elif length:
            await reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        connection = _Connection(base)
        try:
            if await connection.get("/status", timeout=2) < 500:  # any answer (another server has no /status)
                return
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            pass
        finally:
            connection.close()
        await asyncio.sleep(0.3)
    raise SystemExit("the server did not start within 300 s")


def _named_requests(exclude: list[str], sparql_path: str | None = None) -> list[tuple[str, str]]:
    """The named queries as requests: ``/api/queries/NAME``, or with ``sparql_path`` (``/sparql`` here,
    ``/query`` for a stock Oxigraph server) their text as a SPARQL Protocol GET, the default
    parameters in a trailing VALUES clause (SPARQL 1.1 §18.2.4.3), so any endpoint can run them."""
    from cybernorms.queries.library import library

    if sparql_path is None:
        return [(name, f"/api/queries/{name}") for name in library() if name not in exclude]
    from cybernorms.queries.run import prepare

    requests = []
    for name in library():
        if name in exclude:
            continue
        prepared = prepare(name)
        text = prepared.text
        if prepared.params:
            names = " ".join(f"?{key}" for key in prepared.params)
            values = " ".join(str(term) for term in prepared.params.values())
            text += f"\nVALUES ({names}) {{ ({values}) }}"
        requests.append((name, f"{sparql_path}?" + urlencode({"query": text})))
    return requests


async def _client(base: str, plan: list[tuple[str, str]], offset: int, deadline: float, duration: float,
                  per_query: dict[str, list[float]], starts: dict[str, list[float]], errors: dict[str, int]) -> None:
    connection = _Connection(base)
    i = offset
    try:
        while time.monotonic() < deadline:
            name, path = plan[i % len(plan)]
            i += 1
            started = time.perf_counter()
            try:
                status = await connection.get(path)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                connection.close()
                continue
            if status == 200:
                per_query.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                starts.setdefault(name, []).append(time.monotonic() - (deadline - duration))
            else:
                errors[str(status)] = errors.get(str(status), 0) + 1
    finally:
        connection.close()


async def _runaway(base: str, deadline: float, outcomes: dict[str, int]) -> None:
    connection = _Connection(base)
    target = "/sparql?" + urlencode({"query": RUNAWAY})
    try:
        while time.monotonic() < deadline:
            try:
                key = str(await connection.get(target, timeout=120))
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                key = type(error).__name__
                connection.close()
            outcomes[key] = outcomes.get(key, 0) + 1
    finally:
        connection.close()


def _cpu_sampler(pid: int | None, samples: list[float], stop: asyncio.Event) -> asyncio.Task[None]:
    async def sample() -> None:
        if pid is None:
            return
        import psutil

        root = psutil.Process(pid)
        seen: dict[int, psutil.Process] = {}
        while not stop.is_set():
            for process in [root, *root.children(recursive=True)]:
                if process.pid not in seen:
                    seen[process.pid] = process
                    process.cpu_percent(None)
            await asyncio.sleep(1.0)
            total = 0.0
            for pid_, process in list(seen.items()):
                try:
                    total += process.cpu_percent(None)
                except psutil.NoSuchProcess:
                    del seen[pid_]
            samples.append(round(total, 1))

    return asyncio.ensure_future(sample())


async def run(args: LoadTestOptions) -> Report:
    """One bounded run; the server is started here unless ``url`` is given."""
    process = None
    base = args.url
    if base is None:
        base, process = _start_server(args)
    _check_loopback(base)
    report = Report(args.clients, args.runaways, args.duration)
    try:
        await _wait_ready(base)
        plan = _named_requests(list(args.exclude), args.sparql_path)
        warm = _Connection(base)
        for name, path in plan:  # warm up, and time each query alone: best of three
            times = []
            for _ in range(3):
                started = time.perf_counter()
                await warm.get(path)
                times.append((time.perf_counter() - started) * 1000)
            report.quiet_ms[name] = round(min(times), 1)
        warm.close()
        report.heavy = sorted(name for name, ms in report.quiet_ms.items() if ms >= args.heavy_ms)
        if args.simple_only:
            plan = [(name, path) for name, path in plan if name not in report.heavy]
        per_query: dict[str, list[float]] = {}
        starts: dict[str, list[float]] = {}
        stop = asyncio.Event()
        during = _cpu_sampler(process.pid if process else None, report.cpu_during, stop)
        started = time.monotonic()
        deadline = started + args.duration
        tasks = [_client(base, plan, i, deadline, args.duration, per_query, starts, report.errors)
                 for i in range(args.clients)]
        tasks += [_runaway(base, deadline, report.runaway_outcomes) for _ in range(args.runaways)]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        stop.set()
        await during
        stop_after = asyncio.Event()
        after = _cpu_sampler(process.pid if process else None, report.cpu_after, stop_after)
        await asyncio.sleep(args.settle)
        stop_after.set()
        await after
        latencies = [ms for values in per_query.values() for ms in values]
        simple = [ms for name, values in per_query.items() if name not in report.heavy for ms in values]
        report.requests = len(latencies)
        report.throughput = round(len(latencies) / elapsed, 1)
        report.p50_ms = round(_percentile(latencies, 0.50), 1)
        report.p90_ms = round(_percentile(latencies, 0.90), 1)
        report.p99_ms = round(_percentile(latencies, 0.99), 1)
        report.max_ms = round(max(latencies, default=0.0), 1)
        report.per_query_p50_ms = {k: round(statistics.median(v), 1) for k, v in sorted(per_query.items())}
        report.simple_requests = len(simple)
        report.simple_p50_ms = round(_percentile(simple, 0.50), 1)
        report.simple_p99_ms = round(_percentile(simple, 0.99), 1)
        steady = [ms for name, values in per_query.items() if name not in report.heavy
                  for ms, at in zip(values, starts[name], strict=True) if at >= args.timeout + 1]
        report.steady_p99_ms = round(_percentile(steady, 0.99), 1)
        return report
    finally:
        if process is not None:
            _stop_server(process)


def run_sync(options: LoadTestOptions) -> Report | AttackReport:
    """:func:`run` (or :func:`run_attack` with ``attack``) to its end, from synchronous code."""
    os.environ.setdefault("PYTHONWARNINGS", "ignore")  # the server it starts inherits it
    if options.attack is not None:
        return asyncio.run(run_attack(options))
    return asyncio.run(run(options))


def report_json(report: Report | AttackReport) -> str:
    """The report as printed and written: indented JSON."""
    return json.dumps(asdict(report), indent=1)


# -- attack mixes --


@dataclass
class Phase:
    """The probe clients' figures over one phase."""

    requests: int = 0
    throughput: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


@dataclass
class AttackReport:
    """What one attack run measured: the probes before, during and after, and the attack's answers."""

    attack: str
    attackers: int
    phase_seconds: float
    before: Phase = field(default_factory=Phase)
    during: Phase = field(default_factory=Phase)
    after: Phase = field(default_factory=Phase)
    attack_outcomes: dict[str, int] = field(default_factory=dict)
    first_answer_ms: float = 0.0  # a new client's first answer during the attack
    back_to_idle_seconds: float | None = None
    workers_after: int = 0
    idle_size: int = 0
    cpu_after: list[float] = field(default_factory=list)


async def _probes(base: str, seconds: float, clients: int = 4) -> Phase:
    target = "/sparql?" + urlencode({"query": PROBE})
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    async def one() -> None:
        connection = _Connection(base)
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    status = await connection.get(target, timeout=30)
                except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                    connection.close()
                    continue
                if status == 200:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        finally:
            connection.close()

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(clients)))
    elapsed = time.monotonic() - started
    return Phase(len(latencies), round(len(latencies) / elapsed, 1), round(_percentile(latencies, 0.5), 2),
                 round(_percentile(latencies, 0.99), 2), errors)


def _attack_body(attack: str, attacker: int, round_: int) -> tuple[str, bytes | None]:
    if attack == "bomb":  # a new text every time, so that no memory of refusals helps
        return "/sparql", ("ASK {} " + "a." * 499_000 + f" # {attacker} {round_}").encode()
    if attack == "crash":
        return "/sparql", ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000).encode()
    return "/sparql", f"{RUNAWAY} # {attacker}".encode()


async def _attacker(base: str, attack: str, attacker: int, stop: asyncio.Event, outcomes: dict[str, int]) -> None:
    connection = _Connection(base, ATTACKER_ADDRESS)
    round_ = 0
    try:
        while not stop.is_set():
            target, body = _attack_body(attack, attacker, round_)
            round_ += 1
            try:
                key = str(await connection.get(target, timeout=60, body=body))
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                key = type(error).__name__
                connection.close()
                await asyncio.sleep(0.05)
            outcomes[key] = outcomes.get(key, 0) + 1
    finally:
        connection.close()


async def _idle_connections(base: str, count: int, stop: asyncio.Event, outcomes: dict[str, int]) -> None:
    parts = urlsplit(base)
    writers = []
    for _ in range(count):
        try:
            _, writer = await asyncio.open_connection(parts.hostname, parts.port, local_addr=(ATTACKER_ADDRESS, 0))
            writers.append(writer)
        except OSError as error:
            outcomes[type(error).__name__] = outcomes.get(type(error).__name__, 0) + 1
    outcomes["opened"] = len(writers)
    await stop.wait()
    for writer in writers:
        writer.close()


async def _status(base: str) -> dict[str, object]:
    parts = urlsplit(base)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(f"GET /status HTTP/1.1\r\nHost: {parts.hostname}\r\nConnection: close\r\n\r\n".encode())
        data = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
    result: dict[str, object] = json.loads(data.split(b"\r\n\r\n", 1)[1])
    return result


async def run_attack(args: LoadTestOptions) -> AttackReport:
    """One attack mix: probes before, during and after; the server is started here unless ``url`` is given."""
    assert args.attack is not None
    process = None
    base = args.url
    if base is None:
        base, process = _start_server(args)
    _check_loopback(base)
    report = AttackReport(args.attack, args.attackers, args.phase)
    try:
        await _wait_ready(base)
        await _probes(base, 1.0)  # warm up: the probe query is then known to be quick
        report.before = await _probes(base, args.phase)
        stop = asyncio.Event()
        if args.attack == "idle":
            attack = [asyncio.ensure_future(_idle_connections(base, args.attackers * 5, stop,
                                                              report.attack_outcomes))]
        else:
            attack = [asyncio.ensure_future(_attacker(base, args.attack, i, stop, report.attack_outcomes))
                      for i in range(args.attackers)]
        await asyncio.sleep(min(2.0, args.phase / 4))
        fresh = _Connection(base)
        started = time.perf_counter()
        with contextlib.suppress(TimeoutError, OSError, asyncio.IncompleteReadError):
            await fresh.get("/sparql?" + urlencode({"query": PROBE}), timeout=30)
        report.first_answer_ms = round((time.perf_counter() - started) * 1000, 1)
        fresh.close()
        report.during = await _probes(base, args.phase)
        stop.set()
        await asyncio.wait(attack, timeout=args.timeout + 5)
        for task in attack:
            task.cancel()
        stopped = time.monotonic()
        while time.monotonic() - stopped < 30:
            status = await _status(base)
            report.workers_after = int(status["workers"])  # type: ignore[call-overload]
            report.idle_size = int(status["idle_size"])  # type: ignore[call-overload]
            if report.workers_after == report.idle_size and not status["in_flight"]:
                report.back_to_idle_seconds = round(time.monotonic() - stopped, 1)
                break
            await asyncio.sleep(0.5)
        report.after = await _probes(base, args.phase)
        stop_after = asyncio.Event()
        sampler = _cpu_sampler(process.pid if process else None, report.cpu_after, stop_after)
        await asyncio.sleep(min(args.settle, 5.0))
        stop_after.set()
        await sampler
        return report
    finally:
        if process is not None:
            _stop_server(process)
