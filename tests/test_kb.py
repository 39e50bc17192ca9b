"""The knowledge base without real models: embeddings kept on disk, `kb ask` input and output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assistant.config import ConfigError
from assistant.kb.cli import read_questions
from assistant.kb.manuals import ManualIndex
from assistant.kb.vectors import FILE_NAME, VectorStats, section_vectors
from assistant.plant import load_plant_pack

REPO = Path(__file__).resolve().parents[1]


class CountingEncoder:
    """A stand-in encoder (same interface as SentenceEncoder) that counts the texts it was asked to encode."""

    dimension = 8

    def __init__(self, fingerprint: str = "enc-a") -> None:
        self._fingerprint = fingerprint
        self.encoded: list[str] = []

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def encode(
        self, texts: list[str], *, batch_size: int = 16, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        self.encoded.extend(texts)
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(self.dimension) for t in texts]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension)
        if progress is not None:
            progress(len(texts))
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_vectors_are_encoded_once_and_read_back(tmp_path: Path) -> None:
    texts = ["stop the press", "clean the nozzle", "check the belt"]
    encoder = CountingEncoder()
    first = section_vectors(texts, encoder, tmp_path)
    assert len(encoder.encoded) == 3 and (tmp_path / FILE_NAME).is_file()
    again = CountingEncoder()
    stats = VectorStats()
    second = section_vectors(texts, again, tmp_path, stats=stats)
    assert again.encoded == [] and stats.loaded == 3
    np.testing.assert_array_equal(first, second)


def test_only_changed_sections_are_encoded_again(tmp_path: Path) -> None:
    section_vectors(["a", "b", "c"], CountingEncoder(), tmp_path)
    encoder = CountingEncoder()
    section_vectors(["a", "b changed", "c"], encoder, tmp_path)
    assert encoder.encoded == ["b changed"]


def test_another_encoder_makes_every_vector_stale(tmp_path: Path) -> None:
    section_vectors(["a", "b"], CountingEncoder("enc-a"), tmp_path)
    other = CountingEncoder("enc-b")
    section_vectors(["a", "b"], other, tmp_path)
    assert other.encoded == ["a", "b"]


def test_damaged_file_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"not an npz at all")
    encoder = CountingEncoder()
    vectors = section_vectors(["a"], encoder, tmp_path)
    assert encoder.encoded == ["a"] and vectors.shape == (1, 8)
    assert section_vectors(["a"], CountingEncoder(), tmp_path).shape == (1, 8)


def test_unwritable_folder_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    vectors = section_vectors(["a"], CountingEncoder(), blocker / "sub")  # a file where a folder should be
    assert vectors.shape == (1, 8)


def test_index_uses_the_cache_folder(tmp_path: Path) -> None:
    plant = load_plant_pack("demo")
    encoder = CountingEncoder()
    index = ManualIndex(plant, encoder, cache_dir=tmp_path)
    assert encoder.encoded and set(encoder.encoded) == set(index.embedded_texts)
    second = CountingEncoder()
    reloaded = ManualIndex(plant, second, cache_dir=tmp_path)
    assert second.encoded == [] and reloaded.vector_stats.loaded == len(index.embedded_texts)


def test_questions_from_argument_file_and_stdin(tmp_path: Path) -> None:
    assert read_questions("press 3 shows E12", None, io.StringIO()) == ["press 3 shows E12"]
    file = tmp_path / "q.txt"
    file.write_text("# a comment\nfirst question\n\n  second question  \n", encoding="utf-8")
    assert read_questions(None, file, io.StringIO()) == ["first question", "second question"]
    assert read_questions("-", None, io.StringIO("one\ntwo\n")) == ["one", "two"]


@pytest.mark.parametrize(
    ("question", "file", "message"),
    [
        (None, None, "give a QUESTION"),
        ("x", Path("q.txt"), "not both"),
        (None, Path("/no/such/questions.txt"), "no such file"),
        ("-", None, "no questions"),
    ],
)
def test_bad_question_input_is_one_clear_error(question: str | None, file: Path | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        read_questions(question, file, io.StringIO(""))


def _run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[manuals]\nembed_model = ""\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(config), *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=REPO,
        timeout=60,
    )


def test_kb_ask_json_batch_explains_each_answer(tmp_path: Path) -> None:
    done = _run(tmp_path, "kb", "ask", "--json", "-", stdin="Press 3 shows error E12\nwho won the football\n")
    assert done.returncode == 1, done.stderr  # one question was not found
    found, missing = (json.loads(line) for line in done.stdout.splitlines())
    assert found["found"] and found["source"] == "HP-200 manual, Error E12: Hydraulic pressure low"
    assert found["slots"] == {"asset": "press-3", "error_code": "E12"}
    assert found["rivals"][0]["source"] == found["source"] and len(found["rivals"]) == 3
    assert {"bm25", "coverage", "cosine", "similarity", "matched"} <= set(found["rivals"][0])
    assert found["reason"] is None
    assert not missing["found"] and missing["source"] is None
    assert "best section" in missing["reason"] and "embeddings off" in missing["reason"]


def test_kb_ask_missing_file_exits_2_without_traceback(tmp_path: Path) -> None:
    done = _run(tmp_path, "kb", "ask", "--file", str(tmp_path / "none.txt"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path / 'none.txt'}: no such file"


def test_pack_synonyms_expand_the_question_and_symptoms_join_their_section(tmp_path: Path) -> None:
    from assistant.kb.vocab import load_vocabulary

    vocabulary = load_vocabulary(REPO / "assistant" / "plant_packs" / "demo")
    expanded, added = vocabulary.expand("the robot crashed into the fixture")
    assert added == ["collision"] and expanded.endswith(" collision")
    assert vocabulary.expand("the crashed-out part")[1] == []  # whole words only
    index = ManualIndex(load_plant_pack("demo"))
    collision = next(p for p in index.passages if p.title == "Error E40: Collision detected")
    assert "robot crashed" in collision.symptoms and "robot crashed" not in " ".join(collision.steps)


def test_a_synonym_is_heard_in_its_regular_forms_but_only_as_whole_words() -> None:
    from assistant.kb.vocab import Vocabulary

    vocabulary = Vocabulary({"swap": ("change",), "seize": ("jam",), "hit the": ("collision",)})
    assert vocabulary.expand("I am swapping the die")[1] == ["change"]
    assert vocabulary.expand("we swapped it yesterday")[1] == ["change"]
    assert vocabulary.expand("the roller seized up")[1] == ["jam"]
    assert vocabulary.expand("the roller keeps seizing")[1] == ["jam"]
    assert vocabulary.expand("the arm hits the table")[1] == ["collision"]
    assert vocabulary.expand("a swapshop sign")[1] == []  # another word that starts the same
    assert vocabulary.expand("hitherto the table")[1] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[synonym]\ncrash = ["collision"]\n', "kb.toml:1: unknown key 'synonym'"),
        ('[synonyms]\ncrash = "collision"\n', "kb.toml:2: synonyms.crash must be a list of strings"),
        ('[synonyms]\n\n[[sections]]\nmanual = "a.md"\nsymptoms = ["x"]\n', "kb.toml:3: [[sections]] entry 1 needs"),
        ("[synonyms\n", "kb.toml:1:10: knowledge-base vocabulary is not valid TOML"),
    ],
)
def test_bad_kb_toml_is_named_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    from assistant.kb.vocab import load_vocabulary

    (tmp_path / "kb.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_vocabulary(tmp_path)
    assert message in str(caught.value)


def test_the_assistant_reads_vectors_from_the_state_folder_not_encoding_them(tmp_path: Path) -> None:
    plant = load_plant_pack("demo")
    ManualIndex(plant, CountingEncoder(), cache_dir=tmp_path)  # what `assistant kb index` does
    encoder = CountingEncoder()
    index = ManualIndex(plant, encoder)  # what the assistant builds at start: nothing encoded yet
    assert encoder.encoded == []
    index.keep_vectors_in(tmp_path)
    assert encoder.encoded == [] and index.vector_stats.loaded == len(index.embedded_texts)
    index.rank("belt slipping", {})
    assert encoder.encoded == ["belt slipping"]  # only the question


def test_without_a_folder_the_sections_are_encoded_on_first_question() -> None:
    encoder = CountingEncoder()
    index = ManualIndex(load_plant_pack("demo"), encoder)
    index.rank("belt slipping", {})
    assert encoder.encoded[-1] == "belt slipping" and set(encoder.encoded[:-1]) == set(index.embedded_texts)


def test_shop_floor_shorthand_is_read_without_a_kb_toml(tmp_path: Path) -> None:
    from assistant.kb.vocab import load_vocabulary

    expanded, added = load_vocabulary(tmp_path).expand("cal due on the wrench, temp is high")
    assert added == ["calibration", "temperature"]
    assert expanded.endswith("calibration temperature")
