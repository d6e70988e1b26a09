"""The query processes: a pool that runs each query in a process it can kill.

A SPARQL engine cannot be interrupted in the middle of a join, and a thread that runs
one cannot be stopped from outside. So every query runs in a separate process (see
:mod:`cybernorms.server._worker`), and the server kills that process when the query
passes its timeout: the CPU and memory it held are freed at once, and a fresh process
takes its place.

These rules keep quick queries quick while slow ones run:

* ``workers`` processes stay ready; a query waits for one in arrival order.
* A query that has used ``slow_after`` seconds of CPU (not of wall-clock time, which a
  busy machine stretches) is *demoted*: its process gets the lowest CPU priority
  (``SCHED_IDLE`` and nice 19, so that it only uses CPU the quick queries leave) and a
  spare process, loaded beforehand, takes its place at once while a new spare loads.
* At most ``slow_running`` demoted processes run at a time; the others wait, stopped
  (SIGSTOP), for their turn (:meth:`QueryPool._rotate`). At most ``max_slow`` are demoted
  at once; past that the oldest is stopped to make room (:class:`Shed`).
* A request that once used ``slow_after`` seconds of CPU and then ran into its timeout, was
  stopped, or whose process crashed (the same query text, parameters and dataset) is
  *known slow*: the next time it runs in a process of its own started at the lowest CPU
  priority (its loading included), never on a ready process, so a client repeating a
  runaway or a crashing query costs the others only idle CPU. The mark fades after
  ``slow_memory`` seconds (the query is then tried as an unknown one again), and a known
  slow query that answers within its timeout loses it at once, so one unlucky run does
  not mark a query for good. A query that merely waited for a process
  until its deadline is not marked.
* Admission is fair. A request that has answered within its timeout before is *known*
  (it is demoted after ``slow_after`` seconds of CPU like any other); others are *unknown*.
  Unknown queries hold at most ``workers - reserved`` ready processes at once
  (``reserved``, half of them, stay for known queries); unknown and known slow
  queries in flight are bounded per client address (``per_client``) and overall
  (``max_untrusted``). Past a bound the request waits ``reject_delay`` seconds (so that a
  client repeating it in a loop costs little) and :class:`Busy` says 503 with Retry-After.
* A demoted process whose query ends becomes a spare again where the system lets it
  regain normal priority (CAP_SYS_NICE), and is ended otherwise.
* At most ``max_concurrent`` queries are admitted at once (running or waiting); past
  that :class:`Busy` tells the server to answer 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import resource
import signal
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from cybernorms.server import _frames

__all__ = ["Busy", "PoolStats", "QueryPool", "QueryTimeout", "Reply", "Shed", "WorkerFailed"]

log = logging.getLogger("cybernorms.server")

_LOWEST_PRIORITY = 19
_KNOWN_SLOW = 1024  # requests remembered as slow, so that they run at the lowest priority from the start
_KNOWN_QUICK = 4096  # requests remembered as answering, which may use the reserved ready processes
_GRACE = 0.25  # seconds a query whose client left may take to finish before it is killed
_START_TIMEOUT = 300.0
STACK_BYTES = 512 * 1024 * 1024
"""How far a query process's main thread's stack may grow: deep queries recurse in the engine."""


class Busy(Exception):
    """Too many queries are in flight (overall, or from this client); the client should retry later."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class QueryTimeout(Exception):
    """The query passed its timeout and its process was killed."""


class WorkerFailed(Exception):
    """The query process ended without answering (it crashed or ran out of memory)."""


class Shed(Exception):
    """The query was stopped early to make room: too many long queries were running."""


@dataclass(frozen=True)
class Reply:
    """A query process's answer: its header (``ok``, ``status``, ``kind``…) and body."""

    header: dict[str, Any]
    body: bytes


@dataclass
class PoolStats:
    """Counters for ``/status`` and the load test."""

    started: int = 0
    killed: int = 0
    demoted: int = 0
    demoted_at_start: int = 0
    answered: int = 0
    rejected: int = 0
    crashed: int = 0
    rejected_client: int = 0
    slow_forgotten: int = 0


class _Worker:
    """One query process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.demoted = False
        self.demoted_at = 0.0
        self.shed = False
        self.paused = False
        self.isolated = False
        self.demoted_by_watch = False
        self.on_demote: Any = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def ready(self) -> list[str]:
        header, body = await _frames.read_message_async(self.process.stdout)
        if not header.get("ready"):
            raise WorkerFailed("the query process did not start")
        self.isolated = bool(header.get("isolated"))
        return list(json.loads(body))

    async def call(self, request: dict[str, Any]) -> Reply:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(_frames.encode(request))
            await self.process.stdin.drain()
            header, body = await _frames.read_message_async(self.process.stdout)
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError) as error:
            raise WorkerFailed("the query process ended without answering") from error
        return Reply(header, body)

    def demote(self) -> None:
        """Lowest CPU priority for every thread of the process (nice is per thread on Linux).

        ``SCHED_IDLE`` where the kernel has it (a weight of 3 against 1024 for a normal
        process, below even nice 19's 15), nice 19 in any case.
        """
        self.demoted = True
        self.demoted_at = time.monotonic()
        for tid in _threads(self.pid):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, tid, _LOWEST_PRIORITY)
            if hasattr(os, "SCHED_IDLE"):  # Linux: runs only on CPU nothing else wants
                with contextlib.suppress(OSError):
                    os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))

    def promote(self) -> bool:
        """Back to normal priority after a long query, if the system allows it (it needs
        CAP_SYS_NICE to lower a nice value); ``False`` if not, and the process is left as it is."""
        try:
            for tid in _threads(self.pid):
                if hasattr(os, "SCHED_OTHER"):
                    os.sched_setscheduler(tid, os.SCHED_OTHER, os.sched_param(0))
                os.setpriority(os.PRIO_PROCESS, tid, 0)
        except OSError:
            return False
        self.pause(False)
        self.demoted = False
        return True

    def pause(self, paused: bool) -> None:
        """Stop (SIGSTOP) or continue (SIGCONT) the process; a dead one is left alone."""
        if self.alive and self.paused != paused:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGSTOP if paused else signal.SIGCONT)
            self.paused = paused

    async def kill(self) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGKILL)
        with contextlib.suppress(Exception):
            await self.process.wait()


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) a process has used, from ``/proc``; ``None`` where there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime, fields 14 and 15


class _CpuWatch:
    """Calls ``demote(worker)`` once the query has used ``budget`` seconds of CPU.

    CPU time rather than wall-clock time, so that a quick query slowed down by a busy
    machine is not taken for a long one; where ``/proc`` is missing, wall-clock time.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, worker: _Worker, budget: float,
                 demote: Any) -> None:
        self.loop = loop
        self.worker = worker
        self.budget = budget
        self.demote = demote
        self.start = cpu_seconds(worker.pid)
        self.handle = loop.call_later(budget, self.check)

    def check(self) -> None:
        now = cpu_seconds(self.worker.pid) if self.start is not None else None
        if now is None or self.start is None or now - self.start >= self.budget:
            self.demote(self.worker)
        else:
            self.handle = self.loop.call_later(max(self.budget - (now - self.start), self.budget / 4), self.check)

    def cancel(self) -> None:
        self.handle.cancel()


def _stack_limit() -> None:
    """Between fork and exec: the query process's deep stack (see :mod:`cybernorms.server._worker`)."""
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_STACK)
        limit = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_STACK, (limit, hard))


def _request_key(request: dict[str, Any]) -> str:
    """A digest of what a request asks, to know it again."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _threads(pid: int) -> list[int]:
    try:
        return [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return [pid]


class QueryPool:
    """Query processes over one data source (``nq:FILE``, ``dir:DIR`` or ``url:URL``)."""

    def __init__(
        self,
        source: str,
        *,
        workers: int,
        max_concurrent: int,
        timeout: float,
        slow_after: float = 0.1,
        max_slow: int = 16,
        slow_running: int = 1,
        slow_slice: float = 0.1,
        spares: int = 2,
        slow_memory: float = 60.0,
        per_client: int = 4,
        max_untrusted: int = 0,
        reject_delay: float = 1.0,
    ) -> None:
        self.source = source
        self.size = workers
        self.max_concurrent = max_concurrent
        self.timeout = timeout
        self.slow_after = slow_after
        self.max_slow = max_slow
        self.slow_running = max(1, slow_running)
        self.slow_slice = slow_slice
        self._rotation: asyncio.Task[None] | None = None
        self.spare_count = spares
        self._known_slow: OrderedDict[str, float] = OrderedDict()  # request key: when it was marked
        self._known_quick: OrderedDict[str, None] = OrderedDict()
        self.slow_memory = slow_memory
        self.per_client = max(1, per_client)
        self.max_untrusted = max_untrusted if max_untrusted > 0 else max(1, max_concurrent // 2)
        self.reject_delay = reject_delay
        self._untrusted: dict[str, int] = {}
        self._untrusted_total = 0
        self._unknown_running = asyncio.Semaphore(max(1, workers - max(1, workers // 2)))
        self._slow_lane = asyncio.Semaphore(max(1, max_slow))
        self._spares: list[_Worker] = []
        self.graphs: list[str] = []
        self.isolated = False
        self.stats = PoolStats()
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._starting = 0
        self._in_flight = 0
        self._waiting = 0
        self._closed = False
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- lifetime --

    async def start(self) -> None:
        """Start the ready processes; raise if the first cannot load the data."""
        first = await self._spawn()
        self.graphs = await asyncio.wait_for(first.ready(), _START_TIMEOUT)
        self.isolated = first.isolated
        self._idle.put_nowait(first)
        await asyncio.gather(*(self._replace() for _ in range(self.size - 1)),
                             *(self._replace(spare=True) for _ in range(self.spare_count)))

    async def close(self) -> None:
        """Kill every process."""
        self._closed = True
        if self._rotation is not None:
            self._rotation.cancel()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*(worker.kill() for worker in list(self._all)), return_exceptions=True)
        self._all.clear()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def pids(self) -> list[int]:
        """The process ids of the live query processes."""
        return sorted(worker.pid for worker in self._all if worker.alive)

    # -- running a query --

    async def run(self, request: dict[str, Any], *, abandoned: Awaitable[Any] | None = None,
                  client: str | None = None) -> Reply:
        """Run one request in a process, within the timeout.

        Raises :class:`Busy` past ``max_concurrent``, :class:`QueryTimeout` when the
        timeout passes (waiting for a process included), :class:`WorkerFailed` when the
        process dies, :class:`Shed` when the query was stopped to make room. When
        ``abandoned`` completes first (the client went away), the query is given up:
        a waiting one leaves the queue, a running one is killed unless it ends within
        :data:`_GRACE` seconds; ``asyncio.CancelledError`` is raised. ``client`` (an
        address) is what the per-client bound counts.
        """
        key = _request_key(request)
        slow = self._is_known_slow(key)
        trusted = not slow and key in self._known_quick
        who = client or "?"
        problem = None
        if self._in_flight >= self.max_concurrent or self._closed:
            self.stats.rejected += 1
            problem = Busy()
        elif not trusted and self._untrusted.get(who, 0) >= self.per_client:
            self.stats.rejected_client += 1
            problem = Busy(f"this client already has {self.per_client} long or new queries in flight; "
                           "retry when one has ended")
        elif not trusted and self._untrusted_total >= self.max_untrusted:
            self.stats.rejected += 1
            problem = Busy(f"the server is running {self.max_untrusted} long or new queries already; "
                           "retry in a moment")
        if problem is not None:
            if asyncio.iscoroutine(abandoned):
                abandoned.close()  # never awaited: say so to the interpreter, not to the log
            if problem.message and not self._closed:
                await asyncio.sleep(self.reject_delay)  # a client looping on its rejection gets a slow one
            raise problem
        self._in_flight += 1
        if not trusted:
            self._untrusted[who] = self._untrusted.get(who, 0) + 1
            self._untrusted_total += 1
        deadline = time.monotonic() + self.timeout
        watch = asyncio.ensure_future(abandoned) if abandoned is not None else None
        try:
            if slow:
                return await self._run_slow(key, request, deadline, watch)
            if trusted:
                worker = await self._acquire(deadline, watch)
                return await self._run_on(worker, key, request, deadline, watch)
            return await self._run_unknown(key, request, deadline, watch)
        finally:
            self._in_flight -= 1
            if not trusted:
                self._untrusted_total -= 1
                left = self._untrusted.get(who, 1) - 1
                if left:
                    self._untrusted[who] = left
                else:
                    self._untrusted.pop(who, None)
            if watch is not None and not watch.done():
                watch.cancel()

    async def _run_unknown(self, key: str, request: dict[str, Any], deadline: float,
                           watch: asyncio.Future[Any] | None) -> Reply:
        """A query never seen to answer quickly: on a ready process, but only on the unreserved ones."""
        await _take(self._unknown_running, deadline, watch)
        released = False

        def release(_: Any = None) -> None:
            nonlocal released
            if not released:
                released = True
                self._unknown_running.release()

        try:
            if watch is not None and watch.done():
                raise asyncio.CancelledError()
            worker = await self._acquire(deadline, watch)
            worker.on_demote = release  # once demoted it no longer holds a ready process
            return await self._run_on(worker, key, request, deadline, watch)
        finally:
            release()

    async def _run_slow(self, key: str, request: dict[str, Any], deadline: float,
                        watch: asyncio.Future[Any] | None) -> Reply:
        """A known slow query: in a process of its own, started (and loading) at the lowest priority."""
        self.stats.demoted_at_start += 1
        await _take(self._slow_lane, deadline, watch)
        try:
            worker = await self._spawn(idle=True)
            worker.demoted = True
            worker.demoted_at = time.monotonic()
            self._ensure_rotation()
            try:
                ready = asyncio.ensure_future(worker.ready())
                loading: set[asyncio.Future[Any]] = {ready} if watch is None else {ready, watch}
                done, _ = await asyncio.wait(loading, timeout=max(0.0, deadline - time.monotonic()),
                                             return_when=asyncio.FIRST_COMPLETED)
                if ready not in done:
                    ready.cancel()
                    await self._retire(worker)
                    if watch is not None and watch.done():
                        raise asyncio.CancelledError()
                    raise QueryTimeout()
                ready.result()
            except (WorkerFailed, asyncio.IncompleteReadError):
                await self._retire(worker)
                raise WorkerFailed("the query process did not start") from None
            return await self._run_on(worker, key, request, deadline, watch, own=True)
        finally:
            self._slow_lane.release()

    def _is_known_slow(self, key: str) -> bool:
        """Whether ``key`` is marked slow; a mark older than ``slow_memory`` seconds is forgotten."""
        marked = self._known_slow.get(key)
        if marked is None:
            return False
        if time.monotonic() - marked > self.slow_memory:
            del self._known_slow[key]
            self.stats.slow_forgotten += 1
            return False
        return True

    async def _acquire(self, deadline: float, watch: asyncio.Future[Any] | None) -> _Worker:
        """The next ready process, in arrival order; a process got just as the wait ends is put back."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeout()
            getter = asyncio.ensure_future(self._idle.get())
            waiting = {getter} if watch is None else {getter, watch}
            self._waiting += 1
            try:
                await asyncio.wait(waiting, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            finally:
                self._waiting -= 1
                if not getter.done():
                    getter.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await getter
            worker = getter.result() if getter.done() and not getter.cancelled() else None
            if watch is not None and watch.done():
                if worker is not None:
                    self._idle.put_nowait(worker)
                raise asyncio.CancelledError()
            if worker is None:
                raise QueryTimeout()
            if worker.alive:
                return worker
            self._all.discard(worker)
            self._spawn_soon()

    async def _run_on(
        self, worker: _Worker, key: str, request: dict[str, Any], deadline: float,
        watch: asyncio.Future[Any] | None, *, own: bool = False,
    ) -> Reply:
        """Run on ``worker``; ``own``: a process started for this query alone (ended afterwards)."""
        loop = asyncio.get_running_loop()
        call = asyncio.ensure_future(worker.call(request))
        demotion = _CpuWatch(loop, worker, self.slow_after, self._demote) if not own else None
        try:
            waiting = {call} if watch is None else {call, watch}
            done, _ = await asyncio.wait(waiting, timeout=max(0.0, deadline - time.monotonic()),
                                         return_when=asyncio.FIRST_COMPLETED)
            if call not in done and watch is not None and watch in done:  # the client left: a short grace
                done, _ = await asyncio.wait({call}, timeout=min(_GRACE, max(0.0, deadline - time.monotonic())))
                if call not in done:
                    await self._discard(worker, call)
                    raise asyncio.CancelledError()
        except asyncio.CancelledError:
            if not call.done():
                await self._discard(worker, call)
            raise
        except BaseException:
            await self._discard(worker, call)
            raise
        finally:
            if demotion is not None:
                demotion.cancel()
        if call not in done:
            long_run = worker.demoted  # it used slow_after seconds of CPU (or was known slow)
            await self._discard(worker, call)
            if long_run:
                self._remember_slow(key)
            raise QueryTimeout()
        try:
            reply = call.result()
        except WorkerFailed:
            await self._discard(worker, call)
            if worker.shed:
                self._remember_slow(key)
                raise Shed() from None
            self.stats.crashed += 1
            self._remember_slow(key)  # a crash is remembered like a runaway
            raise
        self.stats.answered += 1
        # it answered within the timeout: known to answer from now on (a slow mark goes)
        self._known_slow.pop(key, None)
        self._known_quick[key] = None
        self._known_quick.move_to_end(key)
        while len(self._known_quick) > _KNOWN_QUICK:
            self._known_quick.popitem(last=False)
        if own:
            await self._retire(worker)
        elif worker.demoted:  # its replacement took its place: it becomes a spare if it may run at full speed again
            if len(self._spares) < self.spare_count and worker.promote():
                self._spares.append(worker)
            else:
                await self._retire(worker)
        elif self._idle.qsize() >= self.size:  # as many waiting as the pool's size already: back to it
            await self._retire(worker)
        else:
            self._idle.put_nowait(worker)
        return reply

    # -- processes --

    def _remember_slow(self, key: str) -> None:
        """Remember a request that timed out or was stopped: next time it is demoted as it starts."""
        self._known_slow[key] = time.monotonic()
        self._known_slow.move_to_end(key)
        self._known_quick.pop(key, None)
        while len(self._known_slow) > _KNOWN_SLOW:
            self._known_slow.popitem(last=False)

    def _demote(self, worker: _Worker) -> None:
        """Lower a long query's priority and start a process in its place.

        At most ``max_slow`` queries run demoted; past that the oldest of them is stopped
        (its client gets 503), so that the ready processes are never used up by long ones.
        """
        if not worker.alive or worker.demoted:
            return
        demoted = sorted((w for w in self._all if w.demoted and w.alive and not w.shed),
                         key=lambda w: w.demoted_at)
        if len(demoted) >= self.max_slow:
            oldest = demoted[0]
            oldest.shed = True
            with contextlib.suppress(ProcessLookupError):
                oldest.process.send_signal(signal.SIGKILL)
        worker.demote()
        worker.demoted_by_watch = True
        if worker.on_demote is not None:
            worker.on_demote()
        self.stats.demoted += 1
        self._spares = [w for w in self._spares if w.alive]
        if self._spares:  # a loaded process takes its place at once; a new spare loads meanwhile
            self._idle.put_nowait(self._spares.pop(0))
            self._spawn_soon(spare=True)
        else:
            self._spawn_soon()
        self._ensure_rotation()

    def _ensure_rotation(self) -> None:
        if self._rotation is None or self._rotation.done():
            self._rotation = asyncio.ensure_future(self._rotate())

    def _slow_workers(self) -> list[_Worker]:
        return sorted((w for w in self._all if w.demoted and w.alive and not w.shed), key=lambda w: w.demoted_at)

    async def _rotate(self) -> None:
        """Let at most ``slow_running`` demoted processes run at once, in turns of ``slow_slice`` seconds.

        The others are stopped (SIGSTOP) meanwhile: measured on two cores, ten demoted
        processes even at the lowest priority cut quick queries' throughput by half
        (cache and scheduler churn), one costs nothing measurable. A stopped process still
        dies at its query's timeout, which counts wall-clock time.
        """
        turn = 0
        while not self._closed:
            slow = self._slow_workers()
            if not slow:
                return
            if len(slow) <= self.slow_running:
                running = set(slow)
            else:
                turn %= len(slow)
                running = {slow[(turn + i) % len(slow)] for i in range(self.slow_running)}
                turn += self.slow_running
            for worker in slow:
                worker.pause(worker not in running)
            await asyncio.sleep(self.slow_slice)

    async def _discard(self, worker: _Worker, call: asyncio.Future[Any]) -> None:
        """Kill a process whose answer is no longer wanted, and replace it if it was a ready one."""
        call.cancel()
        was_demoted = worker.demoted
        await worker.kill()
        self.stats.killed += 1
        self._all.discard(worker)
        if not was_demoted or self._ready_count() + self._starting < self.size:
            self._spawn_soon()

    def _ready_count(self) -> int:
        return sum(1 for w in self._all if not w.demoted and w.alive)

    async def _retire(self, worker: _Worker) -> None:
        await worker.kill()
        self._all.discard(worker)

    def _spawn_soon(self, spare: bool = False) -> None:
        if self._closed:
            return
        task = asyncio.ensure_future(self._replace(spare))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, spare: bool = False) -> None:
        """Start one process and put it among the ready ones (or the spares) once it has loaded the data."""
        self._starting += 1
        try:
            worker = await self._spawn()
            try:
                await asyncio.wait_for(worker.ready(), _START_TIMEOUT)
            except (TimeoutError, WorkerFailed, asyncio.IncompleteReadError):
                log.error("a query process failed to start")
                await self._retire(worker)
                return
            if self._closed:
                await self._retire(worker)
                return
            if spare:
                self._spares.append(worker)
            else:
                self._idle.put_nowait(worker)
        finally:
            self._starting -= 1

    async def _spawn(self, idle: bool = False) -> _Worker:
        """Start a query process; ``idle``: at the lowest CPU priority from its first instruction."""
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cybernorms.server._worker", self.source, *(["--idle"] if idle else []),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=os.sep,  # nothing in the current directory can shadow a module
            start_new_session=True,
            preexec_fn=_stack_limit,
        )
        worker = _Worker(process)
        self._all.add(worker)
        self.stats.started += 1
        return worker


async def _take(semaphore: asyncio.Semaphore, deadline: float, watch: asyncio.Future[Any] | None) -> None:
    """Acquire ``semaphore`` before ``deadline``; the client leaving (``watch`` done) cancels the wait.

    Raises :class:`QueryTimeout` past the deadline, :class:`asyncio.CancelledError` when the client left.
    """
    slot = asyncio.ensure_future(semaphore.acquire())
    waiting = {slot} if watch is None else {slot, watch}
    try:
        await asyncio.wait(waiting, timeout=max(0.0, deadline - time.monotonic()),
                           return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not slot.done():
            slot.cancel()
    if not slot.done() or slot.cancelled():
        if watch is not None and watch.done():
            raise asyncio.CancelledError()
        raise QueryTimeout()
