"""``autograder serve --scheduler``: the same queue graded on a dask.distributed cluster."""
from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from autograder import course  # noqa: E402
from autograder.commands.serve import make_demo  # noqa: E402
from autograder.grading import Grader  # noqa: E402
from autograder.serve.app import ServeConfig, create_app  # noqa: E402
from tests.test_serve_api import SERVE, graded_view, submit  # noqa: E402

EXAMPLES = course.examples_dir("a2_functions")


@pytest.mark.slow
def test_a_cluster_grades_what_students_upload(tmp_path, monkeypatch):
    expected = Grader("a2_functions").grade_one(EXAMPLES / "softmax_wrong_axis").score
    demo = make_demo(tmp_path / "course", "http://testserver",
                     serve_toml=SERVE.replace("2026-12-08", "2099-12-08").replace("2026-12-10", "2099-12-10"))
    monkeypatch.setenv(course.ENV, str(demo.folder))
    # the workers grade the same course folder (as they would with the same checkout, or AUTOGRADER_COURSE)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  env={course.ENV: str(demo.folder)}) as cluster:
        app = create_app(ServeConfig(demo.folder, scheduler=cluster.scheduler_address))
        with TestClient(app) as client:
            view = graded_view(client, demo, submit(client, demo).json()["id"])
            assert app.state.dispatcher.problems == {}
            assert view["status"] == "graded" and view["score"] == expected
