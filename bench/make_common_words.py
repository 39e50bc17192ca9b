"""Writes assistant/intent/common_words_en.txt: English words common enough that the near-miss corrector
must never rewrite them ("oil", "to", "do" are right far more often than they are a misheard plant word).

Run once by a maintainer with wordfreq installed (`pip install --target /tmp/wf wordfreq`,
`PYTHONPATH=/tmp/wf python bench/make_common_words.py`); the assistant itself does not depend on wordfreq.
The word frequencies come from wordfreq 3.1 (Robyn Speer), whose data is licensed CC BY-SA 4.0.
"""

from __future__ import annotations

import re
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 4.0  # about once per 100,000 words: "cork" (3.7) and "torque" (3.7) are below, "oil" (5.1) above
OUT = Path(__file__).resolve().parents[1] / "assistant" / "intent" / "common_words_en.txt"


def main() -> None:
    words = sorted(
        {w for w in top_n_list("en", 20000) if re.fullmatch(r"[a-z][a-z']*", w) and zipf_frequency(w, "en") >= MIN_ZIPF}
    )
    header = (
        f"# English words with a wordfreq Zipf frequency >= {MIN_ZIPF} ({len(words)} words), made by\n"
        "# bench/make_common_words.py from wordfreq 3.1 data (Robyn Speer; CC BY-SA 4.0).\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
