"""The plant's knowledge base: manuals parsed into sections, their embeddings kept on disk, and the
retrieval vocabulary (synonyms, symptom words) a plant writes in its pack."""
