"""conflict_kg.background: a step run in a forked child, its result or its failure brought back."""

import os
import time

import pytest

from conflict_kg.background import Background, BackgroundError

SHARED = {"rows": list(range(1000))}  # set before the fork: the child reads it without pickling


def _sum_shared(extra):
    return sum(SHARED["rows"]) + extra, os.getpid()


def _raise():
    raise ValueError("bad input (on purpose)")


TEST_PROCESS = os.getpid()


def _die():
    assert os.getpid() != TEST_PROCESS, "ran in the test process, not in a child"
    os._exit(3)


def _sleep():
    time.sleep(60)


def test_the_child_sees_the_parents_data_and_returns_its_result(single_threaded):
    job = Background(_sum_shared, 5)
    assert job.in_child
    total, pid = job.result()
    assert total == sum(range(1000)) + 5
    assert pid != os.getpid()
    assert job.seconds > 0


def test_an_exception_in_the_child_comes_back_with_its_message(single_threaded):
    job = Background(_raise)
    assert job.in_child
    with pytest.raises(BackgroundError, match="ValueError: bad input \\(on purpose\\)"):
        job.result()


def test_a_child_that_dies_is_an_error_not_a_hang(single_threaded):
    job = Background(_die)
    assert job.in_child
    with pytest.raises(BackgroundError, match="died \\(exit code 3"):
        job.result()


def test_without_a_child_the_call_runs_here_when_asked():
    job = Background(_sum_shared, 1, child=False)
    assert not job.in_child
    total, pid = job.result()
    assert total == sum(range(1000)) + 1 and pid == os.getpid()


def test_cancel_stops_a_running_child(single_threaded):
    job = Background(_sleep)
    assert job.in_child
    started = time.perf_counter()
    job.cancel()
    assert time.perf_counter() - started < 10
    assert not job._process.is_alive()


def test_no_fork_while_other_threads_run():
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        job = Background(_sum_shared, 0)
        assert not job.in_child
        assert job.result()[1] == os.getpid()
    finally:
        release.set()
        other.join()


def _touch_shared():
    # Writing into the shared rows makes the child copy those pages: its own memory grows.
    SHARED["copy"] = [row + 1 for row in SHARED["rows"]] * 1000
    return len(SHARED["copy"])


def test_the_child_reports_the_memory_it_did_not_share(single_threaded):
    job = Background(_touch_shared)
    assert job.in_child
    assert job.result() == 1_000_000
    assert job.child_private_bytes > 8_000_000  # a million list slots at least


def test_without_a_child_an_exception_is_the_same_error():
    with pytest.raises(BackgroundError, match="ValueError: bad input"):
        Background(_raise, child=False).result()


def _fake_system(tmp_path, cgroup_line: str, files: dict[str, str], available_kb: int = 8 * 2**20):
    proc, cgroup = tmp_path / "proc", tmp_path / "cgroup"
    (proc / "self").mkdir(parents=True)
    (proc / "meminfo").write_text(f"MemTotal: 99999999 kB\nMemAvailable: {available_kb} kB\n")
    (proc / "self" / "cgroup").write_text(cgroup_line + "\n")
    for relative, text in files.items():
        (cgroup / relative).parent.mkdir(parents=True, exist_ok=True)
        (cgroup / relative).write_text(text)
    return proc, cgroup


@pytest.mark.parametrize("cgroup_line, files, expected", [
    ("0::/job", {"job/memory.max": "3221225472\n", "job/memory.current": "1073741824\n"}, 2 * 2**30),
    ("4:memory:/job", {"memory/job/memory.limit_in_bytes": "3221225472\n",
                       "memory/job/memory.usage_in_bytes": "2147483648\n"}, 2**30),
    ("0::/job", {"job/memory.max": "max\n", "job/memory.current": "1073741824\n"}, 8 * 2**30),
    ("4:memory:/job", {"memory/job/memory.limit_in_bytes": "9223372036854771712\n",
                       "memory/job/memory.usage_in_bytes": "5\n"}, 8 * 2**30),
    ("4:memory:/elsewhere", {}, 8 * 2**30),
], ids=["v2 limit", "v1 limit", "v2 no limit", "v1 no limit", "limit not readable"])
def test_free_memory_counts_a_container_limit(tmp_path, cgroup_line, files, expected):
    """A container's cgroup limit, not the machine's free memory, decides whether a copy fits."""
    from conflict_kg.background import available_bytes

    proc, cgroup = _fake_system(tmp_path, cgroup_line, files)
    assert available_bytes(proc, cgroup) == expected
