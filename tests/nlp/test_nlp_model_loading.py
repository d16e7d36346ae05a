"""Models load once per process, and a lookup never waits for one to load."""

import threading
import time

from consult.nlp import backends
from consult.nlp.embed import ConcatEmbedder


class SlowModel:
    """A model whose loading takes until the test releases it."""

    def __init__(self, name: str) -> None:
        self.name, self.loaded, self.loads = name, False, 0
        self.release = threading.Event()

    def load(self) -> None:
        self.loads += 1
        self.release.wait(10)
        self.loaded = True


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_ready_answers_at_once_and_loads_the_model_once_in_the_background():
    model = SlowModel("slow-a@1")
    started = time.monotonic()
    assert backends.ready(model) is False
    assert backends.ready(model) is False  # asked again while it loads
    assert time.monotonic() - started < 1  # nobody waited for the load
    model.release.set()
    assert wait_until(lambda: model.loaded)
    assert backends.ready(model) is True
    assert model.loads == 1


def test_ready_waits_for_every_part_of_a_combined_embedder():
    loaded, slow = SlowModel("loaded-b@1"), SlowModel("slow-b@1")
    loaded.loaded = True
    combined = ConcatEmbedder([loaded, slow])
    assert backends.ready(combined) is False
    slow.release.set()
    assert wait_until(lambda: slow.loaded)
    assert backends.ready(combined) is True and loaded.loads == 0


def test_threads_needing_a_model_at_once_load_it_once():
    embedder = backends.SentenceTransformerEmbedder("unused", "counted@1")
    loads = []

    def load_st(source):
        loads.append(source)
        time.sleep(0.2)
        return object()

    original, backends._load_st = backends._load_st, load_st
    try:
        threads = [threading.Thread(target=embedder.load) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    finally:
        backends._load_st = original
    assert loads == ["unused"] and embedder.loaded
