"""Tests of running independent tasks in parallel (dlscratch.experiments.common.run_parallel)."""

import os
import sys

import numpy as np
import pytest

from dlscratch.experiments.common import run_parallel, run_reporting


def test_tasks_that_cannot_be_pickled_run_in_other_processes_and_return_in_order():
    weights = np.arange(6.0)  # inherited by the workers, never pickled
    tasks = [lambda i=i: (i, float(weights[i] ** 2), os.getpid()) for i in range(6)]
    results = run_parallel(tasks, workers=2)
    assert [(i, square) for i, square, _ in results] == [(i, float(i * i)) for i in range(6)]
    if sys.platform == "linux":
        assert os.getpid() not in {pid for _, _, pid in results}


def test_one_worker_runs_the_tasks_here_in_order():
    order = []
    results = run_parallel([lambda i=i: order.append(i) or i for i in range(4)], workers=1)
    assert results == [0, 1, 2, 3] and order == [0, 1, 2, 3]


def test_an_exception_of_a_task_is_raised_with_its_type_and_message():
    def fails():
        raise ValueError("lr must be positive, got -1")

    with pytest.raises(ValueError, match="lr must be positive"):
        run_parallel([lambda: 1, fails, lambda: 3], workers=2)


def test_lines_reported_in_workers_come_back_in_the_order_of_the_tasks():
    def task(i):
        def run(report):
            for step in range(2):
                report(f"task {i} step {step}")
            return i

        return run

    lines = []
    results = run_reporting([task(i) for i in range(3)], 2, lines.append)
    assert results == [0, 1, 2]
    assert lines == [f"task {i} step {s}" for i in range(3) for s in range(2)]
