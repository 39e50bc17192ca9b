"""Everything the assistant says, one module per language: `SENTENCES` (key -> sentence with str.format
fields) and `NOUNS` (the plant's nouns as workers say them in that language). `voice.phrases` looks them up;
tests/test_phrases.py checks that every language has every sentence with the same fields."""
