"""The deadline of a query: its answer, its error or a clear message, and its worker threads."""

from __future__ import annotations

import threading

import pytest

from cybernorms.errors import UsageError
from cybernorms.queries.run import call_with_timeout


def _workers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "query-worker")


def test_the_answer_comes_back_and_the_worker_is_used_again() -> None:
    assert call_with_timeout(lambda: 41 + 1, 5, "sum") == 42
    before = _workers()
    answers = [call_with_timeout(lambda i=i: i * i, 5, "square") for i in range(50)]
    assert answers == [i * i for i in range(50)]
    assert _workers() == before


def test_an_error_reaches_the_caller_as_it_was_raised() -> None:
    def fails() -> None:
        raise ValueError("no such graph")

    with pytest.raises(ValueError, match="no such graph"):
        call_with_timeout(fails, 5, "failing")
    assert call_with_timeout(lambda: "still works", 5, "after") == "still works"


def test_past_the_deadline_the_caller_is_told_and_a_fresh_worker_takes_the_next_query() -> None:
    release = threading.Event()
    with pytest.raises(UsageError, match=r"^slow ran past the 0.2 s timeout and was stopped; "
                                         r"narrow the query or raise --timeout$"):
        call_with_timeout(release.wait, 0.2, "slow")
    # Queued behind the stuck query, this one would run past its own deadline instead.
    assert call_with_timeout(lambda: "next", 5, "next") == "next"
    release.set()


def test_no_timeout_runs_in_the_callers_thread() -> None:
    assert call_with_timeout(threading.current_thread, None, "here") is threading.current_thread()
